/**
 * Scores the marketplace detectors: recall and precision per kind on planted incidents (clear ones
 * must fire, subtle ones must not), plus false alerts per 1,000 SKU-days on data where nothing is
 * planted (the clean base, and the real UCI retail data).
 *
 * Every alert is one of: a hit (a clear plant of an accepted kind on its subject), explained (by
 * the simulation's own event on that SKU — a real stock-out, a promotion, a restart of ads after
 * a stock-out — or by a planted category fall on one of its SKUs), or false (anything else,
 * subtle plants that fired included). Precision = (hits + explained) ÷ alerts.
 */
import type { DetectorThresholds } from '../../config.js';
import type { SimEvent, SimEventKind } from '../../data/demo/generate-demo.js';
import { createRandom, deriveSeed } from '../../data/demo/random.js';
import { ALERT_KINDS, type AlertCandidate, type AlertKind } from '../../insights/anomalies/candidate.js';
import { detectAnomalies, type DetectInput } from '../../insights/anomalies/detect-anomalies.js';
import { addDays } from '../../time/days.js';
import type { SkuDay } from '../../insights/types.js';
import { validateRows } from '../../insights/validate-rows.js';
import type { CleanBase } from './clean-base.js';
import { ACCEPTS, MID_VOLUME_RECIPES, RECIPES, busyCategories, plantCategoryDrop, plantIncidents, type PlantedIncident } from './inject.js';

export interface KindScore {
  planted: number;
  detected: number;
  recall: number | null;
  alerts: number;
  /** Alerts of this kind that caught a clear plant. */
  hits: number;
  /** Alerts of this kind explained by a real simulated event (or a planted category fall). */
  explained: number;
  falseAlerts: number;
  precision: number | null;
  subtlePlanted: number;
  subtleFired: number;
}

export interface RecipeScore {
  planted: number;
  detected: number;
  subtlePlanted: number;
  subtleFired: number;
}

export interface PlantedScore {
  rounds: number;
  perKind: Record<AlertKind, KindScore>;
  /** Clear and subtle plants by recipe (best-seller, mid-volume, price cut, category…). */
  perRecipe: Record<string, RecipeScore>;
  recall: number;
  precision: number;
  alerts: number;
  falseAlerts: number;
  /** False alerts on subjects nothing was planted on, per 1,000 SKU-days. */
  backgroundPer1000: number;
}

/**
 * Which simulated events make an alert of a kind a true one, and how many days back (0 = the scan
 * day only) the event may lie: returns come back 3–10 days after the sales that a promotion drove.
 */
const EXPLAINED_BY: Record<Exclude<AlertKind, 'etl_stale'>, { events: readonly SimEventKind[]; days: number }> = {
  stockout: { events: ['stockout'], days: 0 },
  low_cover: { events: ['low_stock', 'stockout'], days: 0 },
  zero_sales: { events: ['stockout'], days: 2 },
  sales_drop: { events: ['stockout', 'promo', 'reprice'], days: 2 },
  sales_spike: { events: ['promo', 'reprice'], days: 1 },
  price_anomaly: { events: ['promo', 'reprice'], days: 0 },
  ad_spend_spike: { events: ['ads_resumed'], days: 0 },
  drr_high: { events: ['stockout', 'ads_resumed'], days: 2 },
  returns_spike: { events: ['promo'], days: 12 },
};

/** Looks up whether a simulated event explains an alert. */
export function eventIndex(events: readonly SimEvent[]): (c: AlertCandidate, date: string) => boolean {
  const set = new Set(events.map((e) => `${e.sku}\u0000${e.day}\u0000${e.kind}`));
  return (c, date) => {
    if (c.sku === null) return false;
    const rule = EXPLAINED_BY[c.kind];
    for (let ago = 0; ago <= rule.days; ago++) {
      const day = addDays(date, -ago);
      if (rule.events.some((k) => set.has(`${c.sku}\u0000${day}\u0000${k}`))) return true;
    }
    return false;
  };
}

const accepts = (planted: AlertKind, fired: AlertKind) => (ACCEPTS[planted] ?? [planted]).includes(fired);
const subjectOf = (x: { sku: string | null; category?: string | null }) => (x.sku ? `sku:${x.sku}` : x.category ? `cat:${x.category}` : 'shop');
const subjectOfPlant = (p: PlantedIncident) => (p.sku ? `sku:${p.sku}` : p.category ? `cat:${p.category}` : 'shop');

/**
 * `rounds` independent rounds on copies of the base: SKU incidents of every recipe (ETL freshness
 * planted too), a round of mid-volume SKUs only, then a round with a clear category fall in one
 * busy category and a subtle one in another (`only`: one round of them).
 */
export function scorePlanted(base: CleanBase, thresholds: DetectorThresholds, o: { rounds: number; perKind: number; seed: number; only?: number }): PlantedScore {
  const perKind = Object.fromEntries(ALERT_KINDS.map((k) => [k, emptyKind()])) as Record<AlertKind, KindScore>;
  const perRecipe: Record<string, RecipeScore> = {};
  const explainedByEvent = eventIndex(base.events);
  let background = 0;
  let backgroundSkuDays = 0;

  const scoreRound = (rows: SkuDay[], planted: PlantedIncident[], etl: DetectInput['etl']) => {
    const { candidates } = detectAnomalies({ date: base.date, rows, thresholds, ...(etl ? { etl } : {}) });
    const bySubject = new Map(planted.map((p) => [subjectOfPlant(p), p]));
    const skuCategory = new Map(rows.map((r) => [r.sku, r.category]));
    for (const p of planted) {
      const fired = candidates.some((c) => accepts(p.kind, c.kind) && subjectOf(c) === subjectOfPlant(p));
      const s = perKind[p.kind];
      const r = (perRecipe[p.recipe] ??= { planted: 0, detected: 0, subtlePlanted: 0, subtleFired: 0 });
      if (p.strength === 'clear') {
        s.planted++;
        r.planted++;
        if (fired) (s.detected++, r.detected++);
      } else {
        s.subtlePlanted++;
        r.subtlePlanted++;
        if (fired) (s.subtleFired++, r.subtleFired++);
      }
    }
    for (const c of candidates) {
      const s = perKind[c.kind];
      s.alerts++;
      const p = bySubject.get(subjectOf(c));
      const categoryPlant = c.sku ? bySubject.get(`cat:${skuCategory.get(c.sku) ?? ''}`) : undefined;
      if (p && p.strength === 'clear' && accepts(p.kind, c.kind)) s.hits++;
      else if (p && p.strength === 'subtle' && accepts(p.kind, c.kind)) s.falseAlerts++;
      else if (explainedByEvent(c, base.date)) s.explained++;
      else if (categoryPlant?.strength === 'clear' && accepts(categoryPlant.kind, c.kind)) s.explained++;
      else {
        s.falseAlerts++;
        if (!p && !categoryPlant) background++;
      }
    }
    const plantedSkus = new Set(planted.flatMap((p) => (p.sku ? [p.sku] : [])));
    const inPlantedCategory = new Set(planted.flatMap((p) => (p.category ? [p.category] : [])));
    for (const r of rows) if (r.day === base.date && !plantedSkus.has(r.sku) && !(r.category && inPlantedCategory.has(r.category))) backgroundSkuDays++;
  };

  // `only`: that one round (the lab's detect suite scores each round as a case).
  const [from, to] = o.only === undefined ? [0, o.rounds] : [o.only, o.only + 1];
  for (let round = from; round < to; round++) {
    const random = createRandom(deriveSeed(o.seed, `round:${round}`));
    const { rows, planted } = plantIncidents(base.rows, base.date, random, o.perKind, Object.keys(RECIPES).filter((r) => !MID_VOLUME_RECIPES.includes(r)));
    const etl = plantEtl(base.date, round);
    planted.push(...etl.planted);
    scoreRound(rows, planted, etl.input);

    const mid = plantIncidents(base.rows, base.date, random, 4 * o.perKind, MID_VOLUME_RECIPES);
    scoreRound(mid.rows, mid.planted, undefined);

    const categories = busyCategories(base.rows, base.date);
    if (categories.length >= 2) {
      const catRows = base.rows.map((r) => ({ ...r }));
      const clear = categories[round % categories.length]!;
      const subtle = categories[(round + 1) % categories.length]!;
      scoreRound(catRows, [plantCategoryDrop(catRows, base.date, clear, 'clear'), plantCategoryDrop(catRows, base.date, subtle, 'subtle')], undefined);
    }
  }
  let detected = 0;
  let plantedClear = 0;
  let alerts = 0;
  let trueAlerts = 0;
  let falseAlerts = 0;
  for (const s of Object.values(perKind)) {
    s.recall = s.planted ? round3(s.detected / s.planted) : null;
    s.precision = s.alerts ? round3((s.hits + s.explained) / s.alerts) : null;
    detected += s.detected;
    plantedClear += s.planted;
    alerts += s.alerts;
    trueAlerts += s.hits + s.explained;
    falseAlerts += s.falseAlerts;
  }
  return {
    rounds: o.rounds,
    perKind,
    perRecipe,
    recall: round3(detected / Math.max(plantedClear, 1)),
    precision: round3(trueAlerts / Math.max(alerts, 1)),
    alerts,
    falseAlerts,
    backgroundPer1000: round3((background * 1000) / Math.max(backgroundSkuDays, 1)),
  };
}

function emptyKind(): KindScore {
  return { planted: 0, detected: 0, recall: null, alerts: 0, hits: 0, explained: 0, falseAlerts: 0, precision: null, subtlePlanted: 0, subtleFired: 0 };
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
  const planted: PlantedIncident[] = [{ kind: 'etl_stale', recipe: 'etl_stale', sku: '', strength: c.strength, note: c.note }];
  return {
    planted,
    input: { lastOkFinishedAt: new Date(c.last), anyRuns: true, now: new Date(c.now), timeZone: 'Europe/Moscow', expectedBy: '08:00' },
  };
}

export interface UnplantedScore {
  days: number;
  skuDays: number;
  alerts: number;
  /** Alerts explained by the simulation's own events (0 on real data: nothing is known there). */
  explained: number;
  falseAlerts: number;
  /** False alerts per 1,000 SKU-days. */
  per1000: number;
  /** False alerts by kind. */
  byKind: Partial<Record<AlertKind, number>>;
  badRows: number;
}

/**
 * Every day after a warm-up of `warmupDays`, scanned as the daily scan would; an alert is false
 * unless one of `events` (the simulation's own) explains it.
 */
export function scoreUnplanted(rawRows: readonly SkuDay[], thresholds: DetectorThresholds, o: { warmupDays?: number; events?: readonly SimEvent[] } = {}): UnplantedScore {
  const warmupDays = o.warmupDays ?? 56;
  const explainedByEvent = eventIndex(o.events ?? []);
  const { good, bad } = validateRows(rawRows);
  const days = [...new Set(good.map((r) => r.day))].sort();
  const first = days[0];
  const byKind: Partial<Record<AlertKind, number>> = {};
  let skuDays = 0;
  let alerts = 0;
  let explained = 0;
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
    for (const c of candidates) {
      if (explainedByEvent(c, day)) explained++;
      else byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    }
  }
  const falseAlerts = alerts - explained;
  return { days: scanned, skuDays, alerts, explained, falseAlerts, per1000: round3((falseAlerts * 1000) / Math.max(skuDays, 1)), byKind, badRows: bad.length };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
