/**
 * From a finished bench to its outputs: the runs' summaries, the recommendation per route (with
 * monthly cost from the traffic given), latency samples for the report, and the routes block
 * `--write-routes` writes.
 */
import type { Config, Locale, RouteName } from '../config.js';
import { recommend } from './recommend.js';
import type { BenchResults } from './results.js';
import type { ReportExtras } from './report.js';
import type { BenchOutcome } from './run-bench.js';
import type { TrafficProfile } from './traffic.js';

export interface AssembleOptions {
  startedAt: Date;
  finishedAt: Date;
  replay: boolean;
  /** Traffic for the monthly cost: a profile, or one made from the call log; null when neither. */
  traffic: { profile: TrafficProfile; source: 'profile' | 'call_log' } | null;
  /** Share of the best model's quality the recommendation's lower bound must reach (default 0.95). */
  floorShare?: number;
  /** Latency samples kept per run for the report (default 400). */
  latencySample?: number;
  /** Language of the recommendation's reasons (default ru). */
  locale?: Locale;
}

export function assembleResults(outcome: BenchOutcome, options: AssembleOptions): { results: BenchResults; extras: ReportExtras } {
  const recommendation: BenchResults['recommendation'] = {};
  for (const [suite, route] of Object.entries(outcome.routes)) {
    if (!route) continue;
    const t = options.traffic?.profile.routes[route];
    const rec = recommend(
      suite,
      outcome.runs.filter((r) => r.suite === suite),
      {
        ...(options.floorShare !== undefined ? { floorShare: options.floorShare } : {}),
        ...(options.locale ? { locale: options.locale } : {}),
        traffic: t && options.traffic
          ? { callsPerDay: t.callsPerDay, source: options.traffic.source, cacheHitRate: t.cacheHitRate ?? options.traffic.profile.cacheHitRate, days: options.traffic.profile.days }
          : null,
      },
    );
    if (rec) recommendation[route] = rec;
  }
  const latencies: ReportExtras['latencies'] = new Map();
  const sample = options.latencySample ?? 400;
  for (const r of outcome.runs) {
    const list = latencies.get(r.suite) ?? [];
    const n = r.latencies.length;
    const step = Math.max(1, Math.ceil(n / sample));
    for (let i = 0; i < n; i += step) list.push({ model: r.model, latencyMs: r.latencies[i]! });
    latencies.set(r.suite, list);
  }
  const results: BenchResults = {
    startedAt: options.startedAt.toISOString(),
    finishedAt: options.finishedAt.toISOString(),
    suites: Object.keys(outcome.routes),
    replay: options.replay,
    runs: [...outcome.runs.map((r) => r.summary()), ...outcome.own.flatMap((o) => o.runs)],
    recommendation,
    skipped: outcome.skipped,
  };
  // Suites with their own recorded models (the replay trial) bring routing curves and a report section.
  const curved = outcome.own.filter((o) => o.curves && o.at95);
  if (curved.length > 0) {
    results.curves = Object.fromEntries(curved.map((o) => [o.suite, o.curves!]));
    results.at95 = Object.fromEntries(curved.map((o) => [o.suite, o.at95!]));
  }
  return { results, extras: { latencies, sections: outcome.own.map((o) => ({ suite: o.suite, markdown: o.report, curve: o.curves ?? null })) } };
}

/** A `routes` block for herald.config.json: the recommended models, each route's other settings kept. */
export function routesBlock(results: BenchResults, config: Config): { routes: Config['routes'] } {
  const routes: Config['routes'] = {};
  for (const [route, rec] of Object.entries(results.recommendation)) {
    routes[route as RouteName] = { ...config.routes[route as RouteName], models: rec.models };
  }
  return { routes };
}
