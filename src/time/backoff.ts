/**
 * The one backoff: how long to wait before trying again after a transient failure — the router's
 * retry of a model, the dispatcher's retry of a send. Exponential with "equal jitter" (half
 * fixed, half random), so replicas retrying together do not hit an API in lockstep. A wait the
 * other side asked for (a 429's `Retry-After`) is the caller's to honour instead.
 *
 * Abort behaviour is explicit: `waitUnlessAborted` sleeps on the injected `Clock` (whose sleep
 * resolves early, never rejects, when the signal aborts) and says which of the two happened.
 */
import type { Clock } from './clock.js';

export interface BackoffOptions {
  /** The first retry waits between half of this and all of it. */
  baseMs: number;
  /** Ceiling of one computed wait. */
  maxMs: number;
  /** Source of jitter in [0, 1) (default Math.random); tests pass a constant. */
  random?: () => number;
}

/** The wait before retry number `retry` (0 = the first retry): base × 2^retry, capped, with equal jitter. */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry));
  const random = options.random ?? Math.random;
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** Waits `ms` on `clock`; false when `signal` aborted (before or during the wait), true when the wait ran out. */
export async function waitUnlessAborted(clock: Pick<Clock, 'sleep'>, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  await clock.sleep(ms, signal);
  return !signal?.aborted;
}
