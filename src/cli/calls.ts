import { oneOf, parseFlags } from './args.js';
import { UsageError, type Command } from './command.js';

const FORMATS = ['text', 'json'] as const;
const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

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

export const callsCommand: Command = {
  name: 'calls',
  summary: 'list logged model attempts (route, model, status, tokens, cost)',
  usage: `Usage: herald calls [--since DURATION] [--format text|json]

Lists every logged model attempt, oldest first: retries, repairs, cache hits, budget refusals
and shadow calls included.
  --since    how far back, e.g. 30m, 24h (default), 7d
  --format   text (default) or json (an array of {ts, callId, route, model, provider, attempt,
             status, errorClass, latencyMs, inputTokens, cachedTokens, outputTokens, costUsd,
             cacheHit, promptVersion}; costUsd is null when the model is unpriced)`,
  async run(args, ctx) {
    const { values } = parseFlags('calls', args, { since: { type: 'string' }, format: { type: 'string' } });
    const format = oneOf('calls', 'format', values.format, FORMATS, 'text');
    const sinceMs = parseDuration(values.since ?? '24h');
    const store = await ctx.store();
    const from = new Date(ctx.now().getTime() - sinceMs).toISOString();
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
      [from],
    );
    const calls: CallRow[] = rows.map((r) => ({
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
      error: r.error,
    }));
    ctx.stdout.write(format === 'json' ? `${JSON.stringify(calls, null, 2)}\n` : renderText(calls));
    return 0;
  },
};

function parseDuration(value: string): number {
  const m = /^(\d+)([mhd])$/.exec(value);
  // Bounded at ten years so the start instant stays a valid date.
  if (!m || Number(m[1]) === 0 || Number(m[1]) * UNITS[m[2]!]! > 3650 * 86_400_000) {
    throw new UsageError(`calls: --since: "${value}" is not a duration such as 30m, 24h or 7d (at most 3650d)`);
  }
  return Number(m[1]) * UNITS[m[2]!]!;
}

function renderText(calls: CallRow[]): string {
  if (calls.length === 0) return 'no model calls logged in this period\n';
  const header = ['time (UTC)', 'call', 'route', 'model', '#', 'status', 'latency', 'in/cached/out', 'cost'];
  const table = calls.map((c) => [
    c.ts.replace('T', ' ').slice(0, 19),
    c.callId.slice(0, 8),
    c.route,
    c.model,
    String(c.attempt),
    c.errorClass ? `${c.status} (${c.errorClass})` : c.status,
    `${Math.round(c.latencyMs)} ms`,
    `${c.inputTokens}/${c.cachedTokens}/${c.outputTokens}`,
    c.costUsd === null ? 'unpriced' : `$${c.costUsd.toFixed(6)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const total = calls.reduce((s, c) => s + (c.costUsd ?? 0), 0);
  const unpriced = calls.filter((c) => c.costUsd === null && c.inputTokens + c.outputTokens > 0).length;
  return [
    line(header),
    ...table.map(line),
    `${calls.length} attempts, $${total.toFixed(6)}${unpriced ? ` + ${unpriced} unpriced` : ''}`,
    '',
  ].join('\n');
}
