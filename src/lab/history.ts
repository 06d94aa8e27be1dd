/**
 * Bench history (table `lab_runs`): every run's results, so `herald bench --compare` can show
 * what changed against the previous run of the same suites, and `herald cost` can use the last
 * bench's recommendations.
 */
import type { Locale } from '../config.js';
import { labText } from '../locales/lab.js';
import type { Store } from '../data/store.js';
import type { BenchResults, RecommendationEntry } from './results.js';
import type { RunResult } from './run-stats.js';

export const suitesKey = (suites: readonly string[]) => [...suites].sort().join(',');

/** Stores a run; returns the previous run of the same suites (null when it is the first). */
export async function saveRun(store: Store, results: BenchResults): Promise<BenchResults | null> {
  const key = suitesKey(results.suites);
  const [prev] = await store.query<{ results: BenchResults }>('select results from lab_runs where suites = $1 order by id desc limit 1', [key]);
  await store.query('insert into lab_runs (started_at, suites, results) values ($1::timestamptz, $2, $3::text::jsonb)', [
    results.startedAt, key, JSON.stringify(results),
  ]);
  return prev?.results ?? null;
}

/** The newest recommendation for each route across stored runs. */
export async function latestRecommendations(store: Store): Promise<Record<string, RecommendationEntry>> {
  const rows = await store.query<{ results: BenchResults }>('select results from lab_runs order by id desc limit 50');
  const out: Record<string, RecommendationEntry> = {};
  for (const r of rows) for (const [route, rec] of Object.entries(r.results.recommendation ?? {})) out[route] ??= rec;
  return out;
}

export interface RunChange {
  suite: string;
  model: string;
  quality: [number | null, number | null];
  costPer1kUsd: [number | null, number | null];
  p50: [number | null, number | null];
}

/** Run by run (suite × model): before and after, for runs in either. */
export function compareRuns(before: BenchResults, after: BenchResults): RunChange[] {
  const key = (r: RunResult) => `${r.suite}\u0000${r.model}`;
  const old = new Map(before.runs.map((r) => [key(r), r]));
  const seen = new Set<string>();
  const out: RunChange[] = [];
  for (const r of after.runs) {
    const b = old.get(key(r));
    seen.add(key(r));
    out.push({ suite: r.suite, model: r.model, quality: [b?.quality ?? null, r.quality], costPer1kUsd: [b?.costPer1kUsd ?? null, r.costPer1kUsd], p50: [b?.latencyMs.p50 ?? null, r.latencyMs.p50] });
  }
  for (const b of before.runs) {
    if (!seen.has(key(b))) out.push({ suite: b.suite, model: b.model, quality: [b.quality, null], costPer1kUsd: [b.costPer1kUsd, null], p50: [b.latencyMs.p50, null] });
  }
  return out;
}

export function renderComparison(before: BenchResults, changes: RunChange[], locale: Locale): string {
  const t = labText(locale);
  const f = (x: number | null, d: number) => (x === null ? '—' : x.toFixed(d));
  const delta = ([a, b]: [number | null, number | null], d: number) => (a === null || b === null ? '' : ` (${b - a >= 0 ? '+' : ''}${(b - a).toFixed(d)})`);
  const move = (pair: [number | null, number | null], d: number) => `${f(pair[0], d)} → ${f(pair[1], d)}${delta(pair, d)}`;
  const lines = [t.comparedWith(before.startedAt)];
  for (const c of changes) lines.push(t.compareLine({ suite: c.suite, model: c.model, quality: move(c.quality, 3), per1k: move(c.costPer1kUsd, 4), p50: move(c.p50, 0) }));
  return `${lines.join('\n')}\n`;
}
