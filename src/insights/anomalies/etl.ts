import { dayIn } from '../../time/days.js';
import { dedupKey, type AlertCandidate } from './candidate.js';
import { round } from './robust.js';

export interface EtlFreshness {
  /** When the last run with status ok/success/done finished; null when none ever did. */
  lastOkFinishedAt: Date | null;
  /** Whether the relation has any run at all: without any, the ETL does not report runs and we stay quiet. */
  anyRuns: boolean;
}

export interface EtlStaleOptions {
  now: Date;
  timeZone: string;
  /** `schedule.etlExpectedBy`, HH:MM in the shop's zone. */
  expectedBy: string;
}

/**
 * `etl_stale`: by `expectedBy` in the shop's zone, no run has finished today. Before that hour
 * there is no verdict (the ETL may still be running). Always critical: every figure is stale.
 */
export function detectEtlStale(f: EtlFreshness, o: EtlStaleOptions): AlertCandidate | null {
  if (!f.anyRuns) return null;
  if (localMinutes(o.now, o.timeZone) < toMinutes(o.expectedBy)) return null;
  const today = dayIn(o.now, o.timeZone);
  if (f.lastOkFinishedAt && dayIn(f.lastOkFinishedAt, o.timeZone) >= today) return null;
  const hours = f.lastOkFinishedAt ? (o.now.getTime() - f.lastOkFinishedAt.getTime()) / 3_600_000 : 0;
  return {
    kind: 'etl_stale', sku: null, title: null, category: null, metric: 'hours_since_etl',
    observed: round(hours, 1), expected: 24, expectedLow: 0, expectedHigh: 24,
    severity: 'critical', atRisk: 0,
    evidence: { lastOkFinishedAt: f.lastOkFinishedAt?.toISOString() ?? null, expectedBy: o.expectedBy, timeZone: o.timeZone },
    dedupKey: dedupKey('etl_stale', null),
  };
}

/** Minutes since local midnight of `instant` in `timeZone`. */
export function localMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return h * 60 + m;
}

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
