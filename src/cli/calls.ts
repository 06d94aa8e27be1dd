import { listCalls, type CallRow } from '../router/call-log.js';
import { oneOf, parseFlags } from './args.js';
import { UsageError, type CommandRunner } from './command.js';

const FORMATS = ['text', 'json'] as const;
const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export const callsCommand: CommandRunner = {
  async run(args, ctx) {
    const { values } = parseFlags('calls', args, { since: { type: 'string' }, format: { type: 'string' } });
    const format = oneOf('calls', 'format', values.format, FORMATS, 'text');
    const sinceMs = parseDuration(values.since ?? '24h');
    const store = await ctx.store();
    const calls = await listCalls(store, new Date(ctx.now().getTime() - sinceMs));
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
