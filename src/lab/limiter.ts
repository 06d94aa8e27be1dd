/**
 * Adaptive concurrency per provider (additive increase, multiplicative decrease, as TCP does): a
 * 429 halves how many requests may be in flight and pauses new ones; every `limit` answers in a
 * row without one raise it by one, up to the `--concurrency` ceiling. A long run thus settles just
 * under the provider's rate limit instead of failing on it.
 */
export interface AdaptiveLimiter {
  /** Waits for a free slot; returns its release. */
  acquire(): Promise<() => void>;
  /** A request was rate-limited: shrink, and hold new requests for `pauseMs`. */
  rateLimited(pauseMs: number): void;
  /** A request was answered (well or not, but not rate-limited). */
  answered(): void;
  readonly limit: number;
}

export function createAdaptiveLimiter(max: number, sleep: (ms: number) => Promise<void>): AdaptiveLimiter {
  let limit = Math.max(1, max);
  let active = 0;
  let streak = 0;
  let pause: Promise<void> | null = null;
  const waiters: Array<() => void> = [];
  const wake = () => {
    while (active < limit && waiters.length > 0) {
      active += 1;
      waiters.shift()!();
    }
  };
  const release = () => {
    active -= 1;
    wake();
  };
  return {
    get limit() {
      return limit;
    },
    async acquire() {
      while (pause) await pause;
      if (active < limit) {
        active += 1;
        return release;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
      return release;
    },
    rateLimited(pauseMs) {
      limit = Math.max(1, Math.floor(limit / 2));
      streak = 0;
      if (!pause && pauseMs > 0) {
        pause = sleep(pauseMs).finally(() => {
          pause = null;
        });
      }
    },
    answered() {
      streak += 1;
      if (streak >= limit && limit < max) {
        limit += 1;
        streak = 0;
        wake();
      }
    },
  };
}
