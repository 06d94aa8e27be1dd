/**
 * The call log: every attempt (and every cache hit, budget refusal and shadow call) becomes one
 * `llm_calls` row. Rows are buffered and written in multi-row inserts off the hot path — every
 * `flushMs` or `batchSize` rows, and on `close()`, so a CLI command's attempts are all visible
 * to `herald calls` once it exits.
 */
import type { Queryable, Store } from '../data/store.js';
import { dayIn } from '../time/days.js';
import type { Logger } from '../log.js';
import { redactSecrets } from '../secrets.js';
import type { AttemptRecord } from './types.js';

export interface CallLogOptions {
  store: Store | null;
  timeZone: string;
  /** Flush the buffer at least this often (default 500 ms). */
  flushMs: number;
  /** Flush as soon as this many rows wait (default 100). */
  batchSize: number;
  logger?: Logger | undefined;
}

export interface CallLog {
  record(row: AttemptRecord): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const COLUMNS = [
  'ts', 'day', 'call_id', 'route', 'model', 'provider', 'attempt', 'status', 'error_class', 'error', 'latency_ms',
  'input_tokens', 'cached_tokens', 'output_tokens', 'cost_usd', 'pricing', 'cache_hit', 'prompt_version', 'run_id',
] as const;
const CASTS = ['::timestamptz', '::text', '', '', '', '', '::int', '', '', '', '::float8', '::int', '::int', '::int', '::float8', '', '::boolean', '', ''];

export function createCallLog(options: CallLogOptions): CallLog {
  let buffer: AttemptRecord[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const write = async (rows: AttemptRecord[]) => {
    if (!options.store || rows.length === 0) return;
    const params: unknown[] = [];
    const tuples = rows.map((r) => {
      const values = [
        r.ts.toISOString(), dayIn(r.ts, options.timeZone), r.callId, r.route, r.model, r.provider, r.attempt, r.status,
        r.errorClass, r.error === null ? null : redactSecrets(r.error).slice(0, 500), r.latencyMs, r.inputTokens, r.cachedTokens, r.outputTokens,
        r.costUsd, r.pricing, r.cacheHit, r.promptVersion, r.runId ?? null,
      ];
      const base = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${base + i + 1}${CASTS[i]}`).join(', ')})`;
    });
    try {
      await options.store.query(`insert into llm_calls (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`, params);
    } catch (err) {
      // The log must never break a brief; the rows are reported and dropped.
      options.logger?.error({ err, rows: rows.length }, 'call log: could not write attempts');
    }
  };

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const rows = buffer;
    buffer = [];
    writing = writing.then(() => write(rows));
    return writing;
  };

  return {
    record(row) {
      if (!options.store) return;
      buffer.push(row);
      if (buffer.length >= options.batchSize) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), options.flushMs);
        timer.unref();
      }
    },
    flush,
    close: flush,
  };
}

/** One logged model attempt as `herald calls --format json` prints it (SPEC section 1). */
export interface CallRow {
  ts: string;
  callId: string;
  route: string;
  model: string;
  provider: string;
  attempt: number;
  status: string;
  errorClass: string | null;
  latencyMs: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  costUsd: number | null;
  cacheHit: boolean;
  promptVersion: string | null;
  /** `priced`, `local` (free) or `unpriced` (costUsd null). */
  pricing: string;
  error: string | null;
}

/** Attempts logged since `from`, oldest first. */
export async function listCalls(store: Queryable, from: Date): Promise<CallRow[]> {
  const rows = await store.query<{
    ts_ms: number; call_id: string; route: string; model: string; provider: string; attempt: number; status: string;
    error_class: string | null; error: string | null; latency_ms: number; input_tokens: number; cached_tokens: number;
    output_tokens: number; cost_usd: number | null; pricing: string; cache_hit: boolean; prompt_version: string | null;
  }>(
    `select (extract(epoch from ts) * 1000)::float8 as ts_ms, call_id, route, model, provider, attempt::int as attempt, status,
            error_class, error, latency_ms::float8 as latency_ms, input_tokens::int as input_tokens,
            cached_tokens::int as cached_tokens, output_tokens::int as output_tokens, cost_usd::float8 as cost_usd,
            pricing, cache_hit, prompt_version
       from llm_calls where ts >= $1::timestamptz order by ts, id`,
    [from.toISOString()],
  );
  return rows.map((r) => ({
    ts: new Date(r.ts_ms).toISOString(),
    callId: r.call_id,
    route: r.route,
    model: r.model,
    provider: r.provider,
    attempt: r.attempt,
    status: r.status,
    errorClass: r.error_class,
    latencyMs: r.latency_ms,
    inputTokens: r.input_tokens,
    cachedTokens: r.cached_tokens,
    outputTokens: r.output_tokens,
    costUsd: r.cost_usd,
    cacheHit: r.cache_hit,
    promptVersion: r.prompt_version,
    pricing: r.pricing,
    // Rows written before secrets were scrubbed at the source are scrubbed on the way out.
    error: r.error === null ? null : redactSecrets(r.error),
  }));
}
