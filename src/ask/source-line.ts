import type { AskText } from '../locales/ask.js';

/**
 * The compact source line every answer ends with — «Источник: sales_summary
 * 2026-11-16…2026-11-22; compare_periods …» — built from the tool calls that ran, never from
 * what the model says it used.
 */
export function sourceLine(calls: ReadonlyArray<{ name: string; result: unknown }>, t: AskText): string {
  const parts = new Map<string, Set<string>>();
  for (const c of calls) {
    const periods = parts.get(c.name) ?? new Set<string>();
    for (const p of periodsOf(c.result)) periods.add(p);
    parts.set(c.name, periods);
  }
  return t.source([...parts].map(([name, periods]) => (periods.size > 0 ? `${name} ${[...periods].join(', ')}` : name)));
}

function periodsOf(result: unknown): string[] {
  if (!result || typeof result !== 'object') return [];
  const r = result as Record<string, unknown>;
  const out: string[] = [];
  for (const p of [r.period, r.a, r.b]) {
    if (p && typeof p === 'object' && 'from' in p && 'to' in p) {
      const { from, to } = p as { from: string; to: string };
      out.push(from === to ? from : `${from}…${to}`);
    }
  }
  if (typeof r.asOf === 'string') out.push(r.asOf);
  return out;
}
