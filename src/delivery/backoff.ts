/**
 * How long to wait before trying a failed send again. Transient errors (5xx, network) back off
 * exponentially with jitter, so a flapping API is not hammered in lock-step; a 429 waits exactly
 * what the platform asked (`retry_after`), never less.
 */
import type { SendFailure } from './sender.js';

export interface BackoffOptions {
  /** Delay before the first retry (default 1000 ms). */
  baseMs?: number;
  /** Ceiling of a single delay (default 60 000 ms). */
  maxMs?: number;
  /** Source of jitter in [0, 1) (default Math.random); tests pass a constant. */
  random?: () => number;
}

/** "Equal jitter": half the exponential delay is fixed, half random — never zero, never synchronised. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const exp = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  const random = options.random ?? Math.random;
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** The wait before the next attempt after `failure`; null when it must not be retried. */
export function retryDelay(failure: SendFailure, attempt: number, options: BackoffOptions = {}): number | null {
  switch (failure.kind) {
    case 'rate_limited':
      return Math.max(failure.retryAfterMs, 1);
    case 'transient':
      return backoffDelay(attempt, options);
    case 'permanent':
      return null;
    default: {
      const never: never = failure;
      throw new Error(`unknown failure ${JSON.stringify(never)}`);
    }
  }
}
