/**
 * `results.json` (SPEC section 5) and the terminal table. The JSON keeps SPEC's keys and adds
 * what the lab knows besides (kind, pricing, replayed calls, suite metrics, skipped suites).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from './run-stats.js';

export interface RecommendationEntry {
  /** The models in cascade order (one model, or a cheap one escalating to a strong one). */
  models: string[];
  /** Expected monthly cost for the traffic profile (or the last 30 days of the call log); null when unknown. */
  monthlyUsd: number | null;
  suite: string;
  quality: number | null;
  qualityCi: [number, number] | null;
  /** The quality floor the choice had to meet with its interval's lower bound. */
  floor: number;
  /** Cost per 1,000 calls of the choice. */
  costPer1kUsd: number | null;
  /** For a cascade: the share of calls the first model passed on. */
  escalationRate?: number;
  /** Calls per day behind monthlyUsd and where that figure came from. */
  traffic?: { callsPerDay: number; source: 'profile' | 'call_log' };
  /** Why this choice (or why none met the floor). */
  reason: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  suites: string[];
  replay: boolean;
  runs: RunResult[];
  recommendation: Record<string, RecommendationEntry>;
  /** Routing-policy curves, for suites that compare policies (SPEC section 5). */
  curves?: Record<string, Array<{ policy: string; strongShare: number; quality: number; costUsd: number }>>;
  at95?: Record<string, Record<string, { costShare: number | null }>>;
  skipped: Array<{ suite: string; reason: string }>;
}

export function writeResultsJson(dir: string, results: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'results.json');
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
export const usd = (x: number | null, digits = 4) => (x === null ? 'unpriced' : `$${x.toFixed(digits)}`);

/** The table printed on stdout after a run: one row per suite × model. */
export function renderTable(results: BenchResults): string {
  const header = ['suite', 'model', 'cases', 'quality', '95% CI', 'schema ok', 'errors', 'p50 ms', 'p95 ms', 'tokens in/out', 'cost', '$/1k', '$/1k ok'];
  const rows = results.runs.map((r) => [
    r.suite,
    r.model + (r.replayedCalls > 0 ? ' (replayed)' : ''),
    String(r.cases),
    pct(r.quality),
    r.qualityCi ? `${pct(r.qualityCi[0])}–${pct(r.qualityCi[1])}` : '—',
    pct(r.schemaValidRate),
    pct(r.errorRate),
    String(Math.round(r.latencyMs.p50)),
    String(Math.round(r.latencyMs.p95)),
    `${r.tokens.input}/${r.tokens.output}`,
    r.kind === 'local' ? 'local' : usd(r.costUsd),
    r.kind === 'local' ? '—' : usd(r.costPer1kUsd),
    r.kind === 'local' ? '—' : usd(r.costPer1kSuccessfulUsd),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];
  const unpriced = results.runs.filter((r) => r.pricing === 'unpriced').map((r) => r.model);
  if (unpriced.length > 0) out.push(`unpriced (no known price, cost unknown — not $0): ${[...new Set(unpriced)].join(', ')}`);
  for (const [route, rec] of Object.entries(results.recommendation)) {
    out.push(`recommended for route ${route}: ${rec.models.join(' → ')}${rec.monthlyUsd === null ? '' : `, ${usd(rec.monthlyUsd, 2)}/month`} (${rec.reason})`);
  }
  return `${out.join('\n')}\n`;
}
