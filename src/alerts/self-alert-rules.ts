/**
 * The self-alert rules: pure functions from what the call log, the outbox and the ETL runs say
 * (`SelfSignals`, read by `data/ops-signals.ts`) to the alerts that should be firing now. A rule
 * that stops firing lets its alert resolve itself (`self-alerts.ts`), so each key names the
 * problem's subject — a model, a route, a transport, a budget's day — and stays stable while it
 * lasts (Alertmanager's grouping key, LiteLLM's `llm_exceptions` / `budget_alerts`).
 */
import type { SelfAlertSettings } from '../config.js';
import type { DailyCost, DeliveryFailureStat, EscalationStat, LatencyStat, ModelErrorStat, UnpricedStat } from '../data/ops-signals.js';
import type { AlertCandidate, Severity } from '../insights/anomalies/candidate.js';
import { addDays } from '../time/days.js';
import type { SelfAlertKind, SelfAlertMetric } from '../insights/self-alert-kinds.js';

export interface SelfSignals {
  /** Today in the shop's zone (budgets reset at its midnight). */
  today: string;
  /** Attempts per model over the last `errorWindowMinutes`. */
  errors: readonly ModelErrorStat[];
  /** p95 latency per model today, and over the seven days before today. */
  latencyToday: readonly LatencyStat[];
  latencyWeek: readonly LatencyStat[];
  /** Spend per day and route from `costBaselineDays` days before today up to today. */
  costs: readonly DailyCost[];
  /** Configured daily limits: `global` (budget.dailyUsd) and each route's `budgetUsd`. */
  budgets: ReadonlyMap<string, number>;
  /** Unpriced calls per model over the last `unpricedWindowHours`. */
  unpriced: readonly UnpricedStat[];
  /** Escalation per route today, and over the seven days before today. */
  escalationToday: readonly EscalationStat[];
  escalationWeek: readonly EscalationStat[];
  /** Sends failed for good per transport over the last `deliveryWindowMinutes`. */
  deliveries: readonly DeliveryFailureStat[];
  /** The shop scan's `etl_stale` verdict for now (the same detector), or null. */
  etlStale: Extract<AlertCandidate, { kind: 'etl_stale' }> | null;
}

/** One self-alert that should be open now. `subject` is stored as the alert's title. */
export interface SelfAlertCandidate {
  kind: SelfAlertKind | 'etl_stale';
  subject: string | null;
  metric: SelfAlertMetric | 'hours_since_etl';
  observed: number;
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  severity: Severity;
  evidence: Record<string, number | string | null>;
  dedupKey: string;
}

export type SelfAlertThresholds = Omit<SelfAlertSettings, 'enabled' | 'checkMinutes' | 'reopenAfterHours' | 'runbookUrl'>;

export function selfAlertCandidates(s: SelfSignals, t: SelfAlertThresholds): SelfAlertCandidate[] {
  return [
    ...modelErrors(s, t),
    ...latencyRegression(s, t),
    ...costRules(s, t),
    ...unpricedModels(s, t),
    ...escalationSurge(s, t),
    ...deliveryFailureRule(s, t),
    ...etlStale(s),
  ];
}

const r4 = (v: number) => Math.round(v * 10_000) / 10_000;

function modelErrors(s: SelfSignals, t: SelfAlertThresholds): SelfAlertCandidate[] {
  return s.errors
    .filter((m) => m.calls >= t.errorMinCalls && m.errors / m.calls > t.errorRate)
    .map((m) => {
      const rate = m.errors / m.calls;
      return {
        kind: 'model_errors', subject: m.model, metric: 'error_rate',
        observed: r4(rate), expected: t.errorRate, expectedLow: 0, expectedHigh: t.errorRate,
        // Half the calls failing means the cascade is doing the model's work: someone should look now.
        severity: rate >= 0.5 ? 'critical' : 'warning',
        evidence: { calls: m.calls, errors: m.errors, windowMinutes: t.errorWindowMinutes },
        dedupKey: `model_errors:${m.model}`,
      };
    });
}

function latencyRegression(s: SelfSignals, t: SelfAlertThresholds): SelfAlertCandidate[] {
  const week = new Map(s.latencyWeek.map((m) => [m.model, m]));
  const out: SelfAlertCandidate[] = [];
  for (const m of s.latencyToday) {
    const base = week.get(m.model);
    if (!base || m.calls < t.latencyMinCalls || base.calls < t.latencyMinCalls || base.p95Ms <= 0) continue;
    if (m.p95Ms <= t.latencyFactor * base.p95Ms) continue;
    out.push({
      kind: 'latency_regression', subject: m.model, metric: 'latency_seconds',
      observed: r4(m.p95Ms / 1000), expected: r4(base.p95Ms / 1000), expectedLow: 0, expectedHigh: r4((t.latencyFactor * base.p95Ms) / 1000),
      severity: 'warning',
      evidence: { calls: m.calls, baselineCalls: base.calls, p95Ms: Math.round(m.p95Ms), baselineP95Ms: Math.round(base.p95Ms) },
      dedupKey: `latency_regression:${m.model}`,
    });
  }
  return out;
}

function costRules(s: SelfSignals, t: SelfAlertThresholds): SelfAlertCandidate[] {
  const out: SelfAlertCandidate[] = [];
  const todayRows = s.costs.filter((c) => c.day === s.today);
  const spentToday = todayRows.reduce((sum, c) => sum + c.costUsd, 0);

  // cost_spike: against the median day of the baseline window, days without calls counting as 0.
  const baselineDays = Array.from({ length: t.costBaselineDays }, (_, i) => addDays(s.today, -(i + 1)));
  const byDay = new Map<string, number>();
  for (const c of s.costs) byDay.set(c.day, (byDay.get(c.day) ?? 0) + c.costUsd);
  const daysWithCalls = baselineDays.filter((d) => byDay.has(d)).length;
  const median = medianOf(baselineDays.map((d) => byDay.get(d) ?? 0));
  // A fresh install has no "usual" yet: three days of history before a spike means anything.
  if (daysWithCalls >= 3 && spentToday >= t.costSpikeMinUsd && spentToday > t.costSpikeFactor * median) {
    out.push({
      kind: 'cost_spike', subject: null, metric: 'cost_usd',
      observed: r4(spentToday), expected: r4(median), expectedLow: 0, expectedHigh: r4(t.costSpikeFactor * median),
      severity: 'warning',
      evidence: { baselineDays: t.costBaselineDays, daysWithCalls, day: s.today },
      dedupKey: `cost_spike:${s.today}`,
    });
  }

  for (const [scope, limit] of s.budgets) {
    const spent = scope === 'global' ? spentToday : todayRows.filter((c) => c.route === scope).reduce((sum, c) => sum + c.costUsd, 0);
    if (spent <= 0 || spent < limit) continue;
    out.push({
      kind: 'budget_exceeded', subject: scope, metric: 'cost_usd',
      observed: r4(spent), expected: limit, expectedLow: 0, expectedHigh: limit,
      severity: 'warning',
      evidence: { scope, day: s.today },
      dedupKey: `budget_exceeded:${scope}:${s.today}`,
    });
  }
  return out;
}

function unpricedModels(s: SelfSignals, t: SelfAlertThresholds): SelfAlertCandidate[] {
  return s.unpriced
    .filter((m) => m.calls > 0)
    .map((m) => ({
      kind: 'unpriced_model', subject: m.model, metric: 'calls',
      observed: m.calls, expected: 0, expectedLow: 0, expectedHigh: 0,
      severity: 'warning',
      evidence: { calls: m.calls, windowHours: t.unpricedWindowHours },
      dedupKey: `unpriced_model:${m.model}`,
    }));
}

function escalationSurge(s: SelfSignals, t: SelfAlertThresholds): SelfAlertCandidate[] {
  const week = new Map(s.escalationWeek.map((r) => [r.route, r]));
  const out: SelfAlertCandidate[] = [];
  for (const r of s.escalationToday) {
    if (r.calls < t.escalationMinCalls) continue;
    const share = r.escalated / r.calls;
    const base = week.get(r.route);
    const baseShare = base && base.calls > 0 ? base.escalated / base.calls : 0;
    if (share < t.escalationMinShare || share <= t.escalationFactor * baseShare) continue;
    out.push({
      kind: 'escalation_surge', subject: r.route, metric: 'escalation_share',
      observed: r4(share), expected: r4(baseShare), expectedLow: 0, expectedHigh: r4(Math.max(t.escalationFactor * baseShare, t.escalationMinShare)),
      severity: 'warning',
      evidence: { calls: r.calls, escalated: r.escalated, baselineCalls: base?.calls ?? 0, baselineEscalated: base?.escalated ?? 0 },
      dedupKey: `escalation_surge:${r.route}`,
    });
  }
  return out;
}

function deliveryFailureRule(s: SelfSignals, t: SelfAlertThresholds): SelfAlertCandidate[] {
  return s.deliveries
    .filter((d) => d.failures >= t.deliveryFailures)
    .map((d) => ({
      kind: 'delivery_failures', subject: d.transport, metric: 'failures',
      observed: d.failures, expected: 0, expectedLow: 0, expectedHigh: t.deliveryFailures - 1,
      // Undelivered briefs and alerts: nobody hears about anything else until this is fixed.
      severity: 'critical',
      evidence: { failures: d.failures, windowMinutes: t.deliveryWindowMinutes, lastError: d.lastError === null ? null : d.lastError.slice(0, 200) },
      dedupKey: `delivery_failures:${d.transport}`,
    }));
}

function etlStale(s: SelfSignals): SelfAlertCandidate[] {
  const c = s.etlStale;
  if (!c) return [];
  return [{
    kind: 'etl_stale', subject: null, metric: 'hours_since_etl',
    observed: c.observed, expected: c.expected, expectedLow: c.expectedLow, expectedHigh: c.expectedHigh,
    severity: c.severity, evidence: c.evidence,
    // One per day: yesterday's missing run and today's are two incidents for the people running the ETL.
    dedupKey: `etl_stale:${s.today}`,
  }];
}

function medianOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
