/**
 * `results.json` (SPEC section 5) and the terminal table. The JSON keeps SPEC's keys and adds
 * what the lab knows besides (kind, pricing, replayed calls, suite metrics, skipped suites).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../config.js';
import { labText } from '../locales/lab.js';
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
  /** Candidates that are no model (e.g. Postgres search) whose lower bound reaches the same floor, at no model cost. */
  localAlternatives?: string[];
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

export const usd = (x: number | null, digits = 4) => (x === null ? 'unpriced' : `$${x.toFixed(digits)}`);

/** The table printed on stdout after a run: one row per suite × model. */
export function renderTable(results: BenchResults, locale: Locale): string {
  const t = labText(locale);
  const c = t.columns;
  const header = [c.suite, c.model, c.cases, c.quality, c.ci, c.schemaValid, c.errors, c.p50, c.p95, c.tokens, c.cost, c.per1k, c.per1kOk];
  const rows = results.runs.map((r) => [
    r.suite,
    r.model + (r.replayedCalls > 0 ? t.replayedTag : ''),
    String(r.cases),
    t.pct(r.quality),
    r.qualityCi ? `${t.pct(r.qualityCi[0])}–${t.pct(r.qualityCi[1])}` : '—',
    t.pct(r.schemaValidRate),
    t.pct(r.errorRate),
    String(Math.round(r.latencyMs.p50)),
    String(Math.round(r.latencyMs.p95)),
    `${r.tokens.input}/${r.tokens.output}`,
    r.kind === 'local' ? t.local : t.usd(r.costUsd),
    r.kind === 'local' ? '—' : t.usd(r.costPer1kUsd),
    r.kind === 'local' ? '—' : t.usd(r.costPer1kSuccessfulUsd),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];
  const unpriced = results.runs.filter((r) => r.pricing === 'unpriced').map((r) => r.model);
  if (unpriced.length > 0) out.push(t.unpricedLine([...new Set(unpriced)]));
  for (const [route, rec] of Object.entries(results.recommendation)) out.push(t.recommendedLine(route, rec.models, rec.monthlyUsd, rec.reason));
  return `${out.join('\n')}\n`;
}
