/**
 * The first call a transport makes at start (Telegram's getMe, Slack's auth.test), retried while
 * the platform cannot be reached, but only until a deadline. The libraries' own retries have none:
 * grammY retries getMe until its signal aborts and then says only "Aborted delay"; Bolt's
 * WebClient retries auth.test for about 30 minutes. Meanwhile `herald start` would hang, healthy
 * to the eye of /healthz. Here the start fails after the deadline with one line naming the
 * platform, its URL and the last network error: "cannot reach Slack at https://…: ECONNREFUSED".
 */

/** How long a transport's start may take by default (HERALD_TRANSPORT_START_TIMEOUT_MS). */
export const DEFAULT_START_TIMEOUT_MS = 30_000;

/** What `unreachable` returns for an attempt that ran out of time. */
export const NO_ANSWER = 'no answer';

/** A transport that could not reach its platform in time; `message` is the whole story. */
export class TransportStartError extends Error {
  override name = 'TransportStartError';
}

export interface ReachOptions<T> {
  /** "Slack", "Telegram": the name in the message. */
  platform: string;
  /** The API base the transport talks to (never a URL carrying a token). */
  url: string;
  /** Give up after this long; default DEFAULT_START_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * One attempt. `signal` aborts at the deadline; `remainingMs` is the time left, for clients
   * that take a per-request timeout instead of a signal.
   */
  attempt(signal: AbortSignal, remainingMs: number): Promise<T>;
  /**
   * The short cause ("ECONNREFUSED", "HTTP 502") of a failure worth retrying — the platform was
   * not reached — or null for a final answer (a revoked token), which is rethrown as it is.
   * NO_ANSWER: the attempt ran out of time (said as "no answer in 30 s").
   */
  unreachable(err: unknown): string | null;
  /** Pause between attempts (first; doubled up to 5 s). Default 250 ms. */
  retryDelayMs?: number;
}

export async function reachPlatform<T>(options: ReachOptions<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const { signal } = controller;
  // Settles at the deadline even if an attempt ignores the signal.
  const expired = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  expired.catch(() => {});
  const noAnswer = `${NO_ANSWER} in ${formatMs(timeoutMs)}`;
  let cause = noAnswer;
  let delay = options.retryDelayMs ?? 250;
  try {
    while (!signal.aborted && Date.now() < deadline) {
      try {
        return await Promise.race([options.attempt(signal, Math.max(1, deadline - Date.now())), expired]);
      } catch (err) {
        if (signal.aborted) break;
        const why = options.unreachable(err);
        if (why === null) throw err;
        cause = why === NO_ANSWER ? noAnswer : why;
      }
      await pause(Math.min(delay, Math.max(0, deadline - Date.now())), signal);
      delay = Math.min(delay * 2, 5_000);
    }
    throw new TransportStartError(`cannot reach ${options.platform} at ${options.url}: ${cause}`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/**
 * The system error code of a failed request (`ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`), found
 * wherever the client library nests it (grammY's `error`, the WebClient's `original`, fetch's
 * `cause`); else the innermost message.
 */
export function networkCause(err: unknown): string {
  let message = '';
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const x = e as { code?: unknown; message?: unknown; error?: unknown; original?: unknown; cause?: unknown };
    if (typeof x.code === 'string' && /^E[A-Z_]+$/.test(x.code) && x.code !== 'ERR_NETWORK') return x.code;
    if (typeof x.message === 'string' && x.message !== '') message = x.message;
    e = x.original ?? x.error ?? x.cause;
  }
  return message.replace(/\s*\n\s*/g, ' ') || 'network error';
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
