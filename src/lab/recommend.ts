/**
 * From measurements to a routes block: per suite, the Pareto front of quality against cost, and
 * per route the cheapest model — or two-model cascade, the cheap one escalating to the next when
 * its answer fails (error or schema) — whose quality's 95 % lower bound reaches the floor
 * (default 95 % of the best single model's quality on that suite).
 */
import type { Locale } from '../config.js';
import { labText } from '../locales/lab.js';
import type { RecommendationEntry } from './results.js';
import { RunStats, round } from './run-stats.js';
import { qualityInterval } from './stats.js';

export interface Candidate {
  models: string[];
  quality: number;
  qualityCi: [number, number];
  /** Mean cost of one call (a case), USD; null when unpriced. */
  costPerCall: number | null;
  escalationRate?: number;
}

/** Quality and cost per call of each single-model run of a suite. */
export function singleCandidates(runs: readonly RunStats[]): Candidate[] {
  return runs
    .filter((r) => r.kind === 'model' && r.scores.length > 0)
    .map((r) => {
      const s = r.summary();
      return { models: [r.model], quality: s.quality!, qualityCi: s.qualityCi!, costPerCall: s.costUsd === null ? null : s.costUsd / s.cases };
    });
}

/**
 * Two-model cascades simulated case by case from the runs' own answers: the first model's answer
 * stands when it is valid, else the case costs both and scores what the second answered. Only
 * pairs whose first model is the cheaper are worth trying.
 */
export function cascadeCandidates(runs: readonly RunStats[]): Candidate[] {
  const models = runs.filter((r) => r.kind === 'model' && r.scores.length > 0);
  const out: Candidate[] = [];
  for (const a of models) {
    for (const b of models) {
      if (a === b || a.scores.length !== b.scores.length) continue;
      const ca = a.summary().costUsd;
      const cb = b.summary().costUsd;
      if (ca === null || cb === null || ca >= cb) continue;
      const n = a.scores.length;
      const scores = new Float64Array(n);
      let cost = 0;
      let escalated = 0;
      for (let i = 0; i < n; i++) {
        if (a.caseValid(i)) {
          scores[i] = a.scores[i]!;
          cost += a.costs[i]!;
        } else {
          scores[i] = b.scores[i]!;
          cost += a.costs[i]! + b.costs[i]!;
          escalated += 1;
        }
      }
      let sum = 0;
      for (const s of scores) sum += s;
      const ci = qualityInterval(scores);
      out.push({
        models: [a.model, b.model],
        quality: round(sum / n, 6),
        qualityCi: [round(ci[0], 6), round(ci[1], 6)],
        costPerCall: cost / n,
        escalationRate: round(escalated / n, 6),
      });
    }
  }
  return out;
}

/** The candidates no other beats on both quality (higher) and cost (lower); unpriced ones are left out. */
export function paretoFront<T extends { quality: number | null; cost: number | null }>(points: readonly T[]): T[] {
  const priced = points.filter((p) => p.cost !== null && p.quality !== null);
  return priced
    .filter((p) => !priced.some((q) => q !== p && q.quality! >= p.quality! && q.cost! <= p.cost! && (q.quality! > p.quality! || q.cost! < p.cost!)))
    .sort((x, y) => x.cost! - y.cost!);
}

export interface RecommendOptions {
  /** Share of the best model's quality the choice's lower bound must reach (default 0.95). */
  floorShare?: number;
  /** Calls per day on the route, and where the figure came from; null when unknown. */
  traffic: { callsPerDay: number; source: 'profile' | 'call_log'; cacheHitRate: number; days: number } | null;
  /** Language of the `reason` (default ru). */
  locale?: Locale;
}

export function recommend(suite: string, runs: readonly RunStats[], options: RecommendOptions): RecommendationEntry | null {
  const singles = singleCandidates(runs);
  if (singles.length === 0) return null;
  const best = singles.reduce((x, y) => (y.quality > x.quality ? y : x));
  const floor = round((options.floorShare ?? 0.95) * best.quality, 6);
  const all = [...singles, ...cascadeCandidates(runs)];
  const eligible = all
    .filter((c) => c.costPerCall !== null && c.qualityCi[0] >= floor)
    .sort((x, y) => x.costPerCall! - y.costPerCall! || y.quality - x.quality || x.models.length - y.models.length);
  const choice = eligible[0] ?? best;
  const t = labText(options.locale ?? 'ru');
  // Candidates that are no model (a search baseline, a detector) and reach the same floor: no model may be needed.
  const localAlternatives = runs
    .filter((r) => r.kind === 'local' && r.scores.length > 0)
    .map((r) => r.summary())
    .filter((r) => r.qualityCi !== null && r.qualityCi[0] >= floor)
    .map((r) => r.model);
  const why = eligible[0]
    ? choice.models.length > 1
      ? t.reason.cascade(t.pct(choice.qualityCi[0]), t.pct(floor), t.pct(choice.escalationRate ?? 0))
      : t.reason.single(t.pct(choice.qualityCi[0]), t.pct(floor))
    : t.reason.none(t.pct(floor));
  const reason = localAlternatives.length > 0 ? `${why}; ${t.reason.localAlternative(localAlternatives)}` : why;
  const traffic = options.traffic;
  const monthlyUsd = traffic && choice.costPerCall !== null ? round(traffic.callsPerDay * traffic.days * (1 - traffic.cacheHitRate) * choice.costPerCall, 4) : null;
  return {
    models: choice.models,
    monthlyUsd,
    suite,
    quality: choice.quality,
    qualityCi: choice.qualityCi,
    floor,
    costPer1kUsd: choice.costPerCall === null ? null : round(choice.costPerCall * 1000, 8),
    ...(choice.escalationRate !== undefined ? { escalationRate: choice.escalationRate } : {}),
    ...(traffic ? { traffic: { callsPerDay: traffic.callsPerDay, source: traffic.source } } : {}),
    ...(localAlternatives.length > 0 ? { localAlternatives } : {}),
    reason,
  };
}

