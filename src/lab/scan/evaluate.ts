/**
 * Scores the marketplace detectors: recall and precision per kind on planted incidents (clear ones
 * must fire, subtle ones must not), plus false alerts per 1,000 SKU-days on data where nothing is
 * planted (the clean base, and the real UCI retail data).
 */
import type { DetectorThresholds } from '../../config.js';
import { createRandom, deriveSeed } from '../../data/demo/random.js';
import { ALERT_KINDS, type AlertCandidate, type AlertKind } from '../../insights/anomalies/candidate.js';
import { detectAnomalies } from '../../insights/anomalies/detect-anomalies.js';
import { addDays } from '../../time/days.js';
import type { SkuDay } from '../../insights/types.js';
import { validateRows } from '../../insights/validate-rows.js';
import type { CleanBase } from './clean-base.js';
import { plantIncidents, type PlantedIncident } from './inject.js';

export interface KindScore {
  planted: number;
  detected: number;
  recall: number | null;
  alerts: number;
  precision: number | null;
  subtlePlanted: number;
  subtleFired: number;
}

export interface PlantedScore {
  rounds: number;
  perKind: Record<AlertKind, KindScore>;
  recall: number;
  precision: number;
  /** Alerts on SKUs nothing was planted on, per 1,000 SKU-days. */
  backgroundPer1000: number;
}

/** `rounds` independent rounds on copies of the base; ETL freshness is planted in each too. */
export function scorePlanted(base: CleanBase, thresholds: DetectorThresholds, o: { rounds: number; perKind: number; seed: number }): PlantedScore {
  const perKind = Object.fromEntries(ALERT_KINDS.map((k) => [k, { planted: 0, detected: 0, recall: null, alerts: 0, precision: null, subtlePlanted: 0, subtleFired: 0 }])) as Record<AlertKind, KindScore>;
  let background = 0;
  let backgroundSkuDays = 0;
  for (let round = 0; round < o.rounds; round++) {
    const random = createRandom(deriveSeed(o.seed, `round:${round}`));
    const { rows, planted } = plantIncidents(base.rows, base.date, random, o.perKind);
    const etl = plantEtl(base.date, round);
    planted.push(...etl.planted);
    const { candidates, skus } = detectAnomalies({ date: base.date, rows, thresholds, etl: etl.input });
    const plantedBy = new Map(planted.map((p) => [p.sku, p]));
    for (const p of planted) {
      const s = perKind[p.kind];
      const fired = candidates.some((c) => c.kind === p.kind && (c.sku ?? '') === p.sku);
      if (p.strength === 'clear') {
        s.planted++;
        if (fired) s.detected++;
      } else {
        s.subtlePlanted++;
        if (fired) s.subtleFired++;
      }
    }
    for (const c of candidates) {
      perKind[c.kind].alerts++;
      if (!plantedBy.has(c.sku ?? '')) background++;
    }
    backgroundSkuDays += skus - planted.length;
  }
  let detected = 0;
  let plantedClear = 0;
  let alerts = 0;
  for (const s of Object.values(perKind)) {
    s.recall = s.planted ? round3(s.detected / s.planted) : null;
    s.precision = s.alerts ? round3(s.detected / s.alerts) : null;
    detected += s.detected;
    plantedClear += s.planted;
    alerts += s.alerts;
  }
  return {
    rounds: o.rounds,
    perKind,
    recall: round3(detected / Math.max(plantedClear, 1)),
    precision: round3(detected / Math.max(alerts, 1)),
    backgroundPer1000: round3((background * 1000) / Math.max(backgroundSkuDays, 1)),
  };
}

/** Freshness cases: a stale load at 09:00 (must fire), a fresh one, and a check before the hour (must not). */
function plantEtl(date: string, round: number) {
  const today = addDays(date, 1);
  const cases = [
    { strength: 'clear' as const, now: `${today}T06:00:00Z`, last: `${date}T00:30:00Z`, note: 'no load today by 09:00' },
    { strength: 'subtle' as const, now: `${today}T06:00:00Z`, last: `${today}T00:30:00Z`, note: 'loaded at 03:30' },
    { strength: 'subtle' as const, now: `${today}T04:00:00Z`, last: `${date}T00:30:00Z`, note: 'checked at 07:00, before the hour' },
  ];
  const c = cases[round % cases.length]!;
  const planted: PlantedIncident[] = [{ kind: 'etl_stale', sku: '', strength: c.strength, note: c.note }];
  return {
    planted,
    input: { lastOkFinishedAt: new Date(c.last), anyRuns: true, now: new Date(c.now), timeZone: 'Europe/Moscow', expectedBy: '08:00' },
  };
}

export interface UnplantedScore {
  days: number;
  skuDays: number;
  alerts: number;
  per1000: number;
  byKind: Partial<Record<AlertKind, number>>;
  badRows: number;
}

/** Every day after a warm-up of `warmupDays`, scanned as the daily scan would; all alerts count as false. */
export function scoreUnplanted(rawRows: readonly SkuDay[], thresholds: DetectorThresholds, warmupDays = 56): UnplantedScore {
  const { good, bad } = validateRows(rawRows);
  const days = [...new Set(good.map((r) => r.day))].sort();
  const first = days[0];
  const byKind: Partial<Record<AlertKind, number>> = {};
  let skuDays = 0;
  let alerts = 0;
  let scanned = 0;
  const byDay = new Map<string, SkuDay[]>();
  for (const r of good) (byDay.get(r.day) ?? byDay.set(r.day, []).get(r.day)!).push(r);
  for (const day of days) {
    if (!first || day < addDays(first, warmupDays)) continue;
    const window: SkuDay[] = [];
    for (let ago = 0; ago <= 56; ago++) window.push(...(byDay.get(addDays(day, -ago)) ?? []));
    const { candidates, skus } = detectAnomalies({ date: day, rows: window, thresholds });
    scanned++;
    skuDays += skus;
    alerts += candidates.length;
    for (const c of candidates as AlertCandidate[]) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  }
  return { days: scanned, skuDays, alerts, per1000: round3((alerts * 1000) / Math.max(skuDays, 1)), byKind, badRows: bad.length };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
