/**
 * How long to wait before retrying the same model: the provider's `Retry-After` when it sent one,
 * else exponential backoff with "equal jitter" (half fixed, half random) so that replicas retrying
 * together do not hit the provider in lockstep.
 */
export interface BackoffOptions {
  /** First retry waits about this long (default 250 ms). */
  baseMs: number;
  /** Upper bound of a computed wait (default 8 s); `Retry-After` may ask for more. */
  maxMs: number;
}

export function backoffDelay(retryIndex: number, retryAfterMs: number | undefined, options: BackoffOptions, random: () => number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** retryIndex);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** A real wait that ends early (rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
