/**
 * One evaluation of Herald's self-alerts: read the signals for `now` (injected), run the rules,
 * open or update the alerts that fire, and resolve the ones whose condition is back to normal —
 * the same lifecycle (and so the same buttons and audit trail) as the shop's alerts. The scheduler
 * runs it every `selfAlerts.checkMinutes`, then sends the notices to the chats receiving `ops`.
 */
import type { Config } from '../config.js';
import type { EtlSource } from '../data/etl-source.js';
import {
  dailyCosts, deliveryFailures, escalationStats, latencyP95ByModel, modelErrorStats, unpricedCalls,
} from '../data/ops-signals.js';
import type { Store } from '../data/store.js';
import { detectEtlStale } from '../insights/anomalies/etl.js';
import { addDays, dayIn } from '../time/days.js';
import type { AlertRecord } from '../insights/alert-record.js';
import { applyAction, listAlerts } from './alert-repository.js';
import { selfAlertCandidates, type SelfAlertCandidate, type SelfSignals } from './self-alert-rules.js';
import { upsertSelfAlerts } from './self-alert-repository.js';

export interface SelfAlertDeps {
  store: Store;
  config: Pick<Config, 'selfAlerts' | 'budget' | 'routes' | 'timeZone' | 'schedule'>;
  /** The ETL source for `etl_stale`; null skips that rule (no ETL configured). */
  etl: EtlSource | null;
}

export interface SelfAlertRun {
  firing: SelfAlertCandidate[];
  opened: number[];
  updated: number[];
  /** Alerts resolved because their condition is normal again (each gets a "resolved" notice). */
  resolved: AlertRecord[];
}

const MINUTE = 60_000;

export async function readSelfSignals(deps: SelfAlertDeps, now: Date): Promise<SelfSignals> {
  const { store, config } = deps;
  const t = config.selfAlerts;
  const today = dayIn(now, config.timeZone);
  const weekFrom = addDays(today, -7);
  const yesterday = addDays(today, -1);
  const budgets = new Map<string, number>();
  if (config.budget.dailyUsd !== undefined) budgets.set('global', config.budget.dailyUsd);
  for (const [name, route] of Object.entries(config.routes)) if (route?.budgetUsd !== undefined) budgets.set(name, route.budgetUsd);
  const freshness = deps.etl ? await deps.etl.etlFreshness() : null;
  const etlStale = freshness ? detectEtlStale(freshness, { now, timeZone: config.timeZone, expectedBy: config.schedule.etlExpectedBy }) : null;
  // Sequential on purpose: PGlite serves one query at a time, and this runs off the hot path.
  return {
    today,
    errors: await modelErrorStats(store, new Date(now.getTime() - t.errorWindowMinutes * MINUTE), now),
    latencyToday: await latencyP95ByModel(store, today, today),
    latencyWeek: await latencyP95ByModel(store, weekFrom, yesterday),
    costs: await dailyCosts(store, addDays(today, -t.costBaselineDays), today),
    budgets,
    unpriced: await unpricedCalls(store, new Date(now.getTime() - t.unpricedWindowHours * 60 * MINUTE), now),
    escalationToday: await escalationStats(store, today, today),
    escalationWeek: await escalationStats(store, weekFrom, yesterday),
    deliveries: await deliveryFailures(store, new Date(now.getTime() - t.deliveryWindowMinutes * MINUTE), now),
    etlStale: etlStale?.kind === 'etl_stale' ? etlStale : null,
  };
}

export async function evaluateSelfAlerts(deps: SelfAlertDeps, now: Date): Promise<SelfAlertRun> {
  const signals = await readSelfSignals(deps, now);
  const firing = selfAlertCandidates(signals, deps.config.selfAlerts);
  const { opened, updated } = await upsertSelfAlerts(deps.store, firing, {
    today: signals.today,
    now,
    reopenAfterHours: deps.config.selfAlerts.reopenAfterHours,
  });
  const firingKeys = new Set(firing.map((c) => c.dedupKey));
  const resolved: AlertRecord[] = [];
  for (const alert of await listAlerts(deps.store, { statuses: ['open', 'acknowledged', 'snoozed'], audience: 'ops' })) {
    if (firingKeys.has(alert.dedupKey)) continue;
    const r = await applyAction(deps.store, alert.id, { type: 'auto_resolve', days: 0 }, now);
    if (r.ok) resolved.push(r.alert);
  }
  return { firing, opened, updated, resolved };
}
