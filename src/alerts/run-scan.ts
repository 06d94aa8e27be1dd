/**
 * The daily anomaly scan: load the days the detectors need, skip bad rows, detect, group, store
 * (updating ongoing alerts, never duplicating them), wake expired snoozes and auto-resolve what is
 * back to normal. The scheduler calls it after each new finished ETL run; `herald scan` calls it
 * from the shell. Sending is not its job: see `notifications.ts`.
 */
import type { Config } from '../config.js';
import type { Store } from '../data/store.js';
import { etlSourceFor, type EtlSource } from '../data/etl-source.js';
import type { AlertCandidate } from '../insights/anomalies/candidate.js';
import { detectAnomalies } from '../insights/anomalies/detect-anomalies.js';
import { daysNeeded } from '../insights/anomalies/sku-history.js';
import { addDays, dayIn } from '../time/days.js';
import type { BadRow } from '../insights/types.js';
import { validateRows } from '../insights/validate-rows.js';
import type { Logger } from '../log.js';
import type { AlertRecord } from '../insights/alert-record.js';
import { currentByDedupKey, getAlerts, setExplanation, upsertCandidates } from './alert-repository.js';
import { autoResolve, expireSnoozes } from './auto-resolve.js';
import type { Explainer } from './explainer.js';
import { groupCandidates } from './grouping.js';

export interface ScanDeps {
  store: Store;
  config: Pick<Config, 'data' | 'thresholds' | 'alerts' | 'schedule' | 'timeZone' | 'locale'> & Partial<Pick<Config, 'supabase'>>;
  /** Where the ETL rows come from (default: SQL on `store`, or Supabase's API when configured). */
  etl?: EtlSource;
  /** Optional model explanation for new alerts (route `alert`); the template is used without it. */
  explainer?: Explainer | null;
  logger?: Logger;
}

export interface ScanOptions {
  /** Data day to scan; default the latest day with data. */
  date?: string;
  now: Date;
  /**
   * Check ETL freshness (`etl_stale`). Default: when scanning the latest data — a past day says
   * nothing about whether today's load arrived.
   */
  checkEtl?: boolean;
  /** Reports the skipped bad rows (the CLI prints them as lines); default: one warning in the log. */
  onBadRows?: (rows: readonly BadRow[]) => void;
}

export interface ScanResult {
  date: string;
  /** The alerts found on `date`, as stored (id, status, group). */
  alerts: AlertRecord[];
  opened: number[];
  updated: number[];
  /** Alerts auto-resolved by this scan (each deserves a "resolved" notice). */
  resolved: AlertRecord[];
  /** Snoozes that ran out before this scan. */
  woke: AlertRecord[];
  badRows: BadRow[];
  /** SKUs with a valid row on `date`. */
  skus: number;
}

/** No row at all for the day asked (exit 1 in the CLI). */
export class NoScanDataError extends Error {
  override name = 'NoScanDataError';
}

export async function runScan(deps: ScanDeps, options: ScanOptions): Promise<ScanResult> {
  const { store, config } = deps;
  const relation = config.data.relation;
  const etl = deps.etl ?? etlSourceFor(store, config);
  const latest = (await etl.dayRange()).last;
  const date = options.date ?? latest;
  if (date === null) throw new NoScanDataError(`scan: ${relation} has no rows`);
  const thresholds = config.thresholds.detectors;
  const raw = await etl.scanRows(date, daysNeeded(thresholds.salesBaselineWeeks));
  if (!raw.some((r) => r.day === date)) throw new NoScanDataError(`scan: no data for ${date} in ${relation}`);
  const { good, bad } = validateRows(raw);
  if (bad.length && options.onBadRows) options.onBadRows(bad);
  else if (bad.length) deps.logger?.warn({ count: bad.length, first: bad.slice(0, 5) }, 'scan: skipped bad rows');

  const checkEtl = options.checkEtl ?? (options.date === undefined || date >= addDays(dayIn(options.now, config.timeZone), -1));
  const freshness = checkEtl
    ? { ...(await etl.etlFreshness()), now: options.now, timeZone: config.timeZone, expectedBy: config.schedule.etlExpectedBy }
    : undefined;
  const { candidates, skus } = detectAnomalies({ date, rows: good, thresholds, ...(freshness ? { etl: freshness } : {}) });

  const woke = await expireSnoozes(store, options.now);
  const groups = groupCandidates(candidates, { ...config.alerts, skus });
  const { opened, updated } = await upsertCandidates(
    store,
    candidates.map((candidate) => ({ candidate, groupId: groups.get(candidate.dedupKey) ?? null })),
    date,
    options.now,
  );
  const firing = new Set(candidates.map((c) => c.dedupKey));
  const resolved = await autoResolve(store, { date, firing, etlChecked: checkEtl, now: options.now, settings: config.alerts });
  if (deps.explainer && opened.length) await explainNew(deps, opened.slice(0, config.alerts.explainMax));
  const alerts = await currentAlerts(store, candidates);
  return { date, alerts, opened, updated, resolved, woke, badRows: bad, skus };
}

/** The stored row of each candidate's key: the unresolved one, else the latest. */
async function currentAlerts(store: Store, candidates: readonly AlertCandidate[]): Promise<AlertRecord[]> {
  const rows = await currentByDedupKey(store, candidates.map((c) => c.dedupKey));
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return rows.sort((a, b) => rank[a.severity] - rank[b.severity] || b.atRisk - a.atRisk || a.id - b.id);
}

async function explainNew(deps: ScanDeps, ids: readonly number[]): Promise<void> {
  const { store } = deps;
  for (const alert of await getAlerts(store, ids)) {
    try {
      const sentence = await deps.explainer!.explain(alert, deps.config.locale);
      if (sentence) await setExplanation(store, alert.id, sentence);
    } catch (err) {
      deps.logger?.warn({ err, alertId: alert.id }, 'scan: explanation failed; the template is used');
    }
  }
}
