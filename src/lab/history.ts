/**
 * Bench history (table `lab_runs`): every run's results, so `herald bench --compare` can show
 * what changed against the previous run of the same suites, and `herald cost` can use the last
 * bench's recommendations.
 */
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

export function renderComparison(before: BenchResults, changes: RunChange[]): string {
  const f = (x: number | null, d: number) => (x === null ? '—' : x.toFixed(d));
  const delta = ([a, b]: [number | null, number | null], d: number) => (a === null || b === null ? '' : ` (${b - a >= 0 ? '+' : ''}${(b - a).toFixed(d)})`);
  const lines = [`compared with the run of ${before.startedAt}:`];
  for (const c of changes) {
    lines.push(
      `  ${c.suite} ${c.model}: quality ${f(c.quality[0], 3)} → ${f(c.quality[1], 3)}${delta(c.quality, 3)}, ` +
        `$/1k ${f(c.costPer1kUsd[0], 4)} → ${f(c.costPer1kUsd[1], 4)}${delta(c.costPer1kUsd, 4)}, p50 ms ${f(c.p50[0], 0)} → ${f(c.p50[1], 0)}${delta(c.p50, 0)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
