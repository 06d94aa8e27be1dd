import type { ErrorClass } from './types.js';

/**
 * A failed call to a model provider, carrying what the cascade needs to decide: retry the same
 * model (transport, timeout, 429, 5xx), or move on (4xx, refusal, open circuit).
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly errorClass: ErrorClass;
  /** HTTP status when the provider answered, else undefined. */
  readonly status: number | undefined;
  /** Worth another try on the same model after a pause. */
  readonly isRetryable: boolean;
  /** How long the provider asked us to wait (429 `Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(errorClass: ErrorClass, message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.errorClass = errorClass;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.isRetryable = errorClass === 'transport' || errorClass === 'timeout' || errorClass === 'http_429' || errorClass === 'http_5xx';
  }
}

/** Maps an HTTP status to the error class the log and the cascade use. */
export function classifyStatus(status: number): ErrorClass {
  if (status === 429) return 'http_429';
  if (status >= 500) return 'http_5xx';
  // 408 Request Timeout and 409 (OpenAI's "retry me" conflict) are transient too.
  if (status === 408) return 'timeout';
  return 'http_4xx';
}

/**
 * Parses `Retry-After` (seconds or an HTTP date) and OpenAI's `retry-after-ms`, relative to `now`.
 * Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
