/**
 * The demo data set: a realistic marketplace seller's `sku_daily` rows and `etl_runs`, with
 * labelled incidents. Pure and deterministic for a seed — no clock, no I/O — so tests and demos
 * see exactly the same shop.
 */
import { addDays, dayIn } from '../../time/days.js';
import type { SkuDay } from '../../insights/types.js';
import { buildCatalog, shopPrice } from './catalog.js';
import { planIncidents, type DemoIncident } from './incidents.js';
import { createRandom, deriveSeed } from './random.js';
import { simulateSku, type SimEvent, type SkuProfile } from './simulate-sku.js';

export type { DemoIncident, IncidentKind } from './incidents.js';
export { INCIDENT_KINDS, MIN_DAYS_FOR_INCIDENTS } from './incidents.js';
export type { SimEvent, SimEventKind } from './simulate-sku.js';

export interface DemoOptions {
  /** Seed of every random draw. Default 1: the same seed always gives the same shop. */
  seed?: number;
  /**
   * Last day of data, `YYYY-MM-DD`. Default: the day before `now` in Europe/Moscow, so the
   * morning brief (which covers the previous complete day) has data.
   */
  endDay?: string;
  /** The clock, only used for the default `endDay`. Required when `endDay` is not given. */
  now?: Date;
  /** Number of SKUs. Default 300: a typical small seller, enough for a long tail. */
  skus?: number;
  /** Days of history. Default 120: covers week-over-week and month-over-month comparisons. */
  days?: number;
}

export interface DemoEtlRun {
  /** ISO 8601 UTC instants. */
  startedAt: string;
  finishedAt: string;
  status: 'ok' | 'error';
}

export interface DemoData {
  /** One row per SKU per day it was listed, ordered by day then SKU. */
  rows: SkuDay[];
  /** One nightly run per day (03:00 Moscow), a few failing and retried. */
  etlRuns: DemoEtlRun[];
  incidents: DemoIncident[];
  /** The simulation's own stock-outs, promotions, repricing, restocks and ad restarts (see `SimEvent`). */
  events: SimEvent[];
}

export const DEMO_DEFAULTS = { seed: 1, skus: 300, days: 120 } as const;
export const DEMO_TIME_ZONE = 'Europe/Moscow';

/** The day before `now` in the shop's zone: the last complete day. */
export function defaultEndDay(now: Date, timeZone = DEMO_TIME_ZONE): string {
  return addDays(dayIn(now, timeZone), -1);
}

export function generateDemo(options: DemoOptions): DemoData {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const skuCount = options.skus ?? DEMO_DEFAULTS.skus;
  const n = options.days ?? DEMO_DEFAULTS.days;
  if (!Number.isInteger(skuCount) || skuCount < 1) throw new RangeError(`demo: skus must be a positive integer, got ${skuCount}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`demo: days must be a positive integer, got ${n}`);
  let endDay = options.endDay;
  if (endDay === undefined) {
    if (!options.now) throw new TypeError('demo: pass endDay or now');
    endDay = defaultEndDay(options.now);
  }
  const days = Array.from({ length: n }, (_, t) => addDays(endDay, t - (n - 1)));

  const profiles = buildProfiles(seed, skuCount, n);
  const plan = planIncidents(profiles, days, createRandom(deriveSeed(seed, 'incidents')));
  for (const p of profiles) if (plan.skus.has(p.item.sku)) p.calmFrom = Math.max(0, n - 30);

  const rowsBySku = new Map<string, SkuDay[]>();
  const events: SimEvent[] = [];
  for (const profile of profiles) {
    const category = plan.categoryDemand.get(profile.item.category.name);
    rowsBySku.set(
      profile.item.sku,
      simulateSku({
        profile,
        days,
        effects: plan.effects.get(profile.item.sku),
        // A gentle shop-wide growth (+10 % over the window) and any category-wide incident.
        demandFactor: (t) => Math.exp((0.1 * t) / n) * (category?.get(t) ?? 1),
        events,
      }),
    );
  }
  const rows = [...rowsBySku.values()].flat();
  rows.sort((a, b) => (a.day === b.day ? (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) : a.day < b.day ? -1 : 1));
  return { rows, etlRuns: etlRuns(seed, days), incidents: plan.label(rowsBySku, days), events };
}

function buildProfiles(seed: number, count: number, n: number): SkuProfile[] {
  const catalog = buildCatalog(createRandom(deriveSeed(seed, 'catalog')), count);
  const launches = createRandom(deriveSeed(seed, 'launches'));
  // A couple of SKUs launched in the last days, so the brief's `new` tag has something to show.
  const lateLaunches = new Map<number, number>();
  if (n >= 10 && count >= 40) {
    lateLaunches.set(launches.int(10, 24), n - 1);
    lateLaunches.set(launches.int(25, 39), n - 3);
  }
  return catalog.map((item, rank) => {
    const r = createRandom(deriveSeed(seed, `profile:${item.sku}`));
    // Zipf-like popularity with lognormal noise: a few best-sellers, a long sparse tail.
    const baseDemand = (38 / Math.pow(rank + 1, 0.95)) * r.logNormal(0, 0.25);
    const adsShare = rank < 30 ? 0.85 : rank < 150 ? 0.6 : 0.35;
    const ads = r.chance(adsShare)
      ? { cpc: r.logNormal(Math.log(14), 0.4), ctr: r.uniform(0.015, 0.05), drr: r.uniform(0.06, 0.13) }
      : null;
    let launch = 0;
    if (lateLaunches.has(rank)) launch = lateLaunches.get(rank)!;
    else if (rank >= 15 && n >= 30 && r.chance(0.05)) launch = r.int(10, n - 8);
    return {
      item,
      rank,
      baseDemand,
      basePrice: shopPrice(item.linePrice * r.logNormal(0, 0.2)),
      elasticity: r.uniform(1.2, 2.4),
      trend: r.normal(0, 0.25),
      launch,
      leadDays: r.int(5, 14),
      ads,
      calmFrom: n,
      seed: deriveSeed(seed, `sim:${item.sku}`),
    };
  });
}

function etlRuns(seed: number, days: readonly string[]): DemoEtlRun[] {
  const r = createRandom(deriveSeed(seed, 'etl'));
  const minute = 60_000;
  const runs: DemoEtlRun[] = [];
  for (const day of days) {
    // The nightly load of `day` starts at 03:00 Moscow (00:00 UTC) the next morning.
    const start = Date.parse(`${addDays(day, 1)}T00:00:00Z`) + r.int(0, 20) * minute + r.int(0, 59) * 1000;
    const run = (from: number, status: DemoEtlRun['status']) =>
      runs.push({ startedAt: new Date(from).toISOString(), finishedAt: new Date(from + r.int(4, 15) * minute + r.int(0, 59) * 1000).toISOString(), status });
    if (r.chance(0.03)) {
      run(start, 'error');
      run(start + 2 * 60 * minute, 'ok');
    } else run(start, 'ok');
  }
  return runs;
}
