/**
 * An alert's numbers as people read them: each in its metric's own unit (шт. в день, ₽, %), the
 * normal range phrased so it is never degenerate ("18–30", "до 5", "от 42", "≈24"), the day the
 * problem began, and the few figures its advice needs (units to reorder, the day stock runs out).
 * The same `normalRange` feeds the text and the Details chart's band, so the two always agree.
 */
import type { Locale } from '../config.js';
import type { ShopAlertRecord as AlertRecord } from '../insights/alert-record.js';
import type { AlertFigures } from '../locales/alerts.js';
import { formatDay, formatDelta, formatInstant, formatMoney, formatNumber, formatPercent } from '../locales/format.js';
import { addDays } from '../time/days.js';

export interface AlertFigureOptions {
  locale: Locale;
  currency: string;
  /** The shop's zone, for the time of the last data load. */
  timeZone: string;
}

/** Days of sales a restock is sized for: two weeks is a usual marketplace delivery cycle. */
export const RESTOCK_DAYS = 14;

/**
 * The normal range in the unit the chart plots: units a day for sales and returns, units of stock
 * for the stock kinds (the cover threshold × the forecast demand; open above), money for prices
 * and ad spend, a fraction for ДРР, hours for the data age. `null` bounds are open.
 */
export interface NormalRange {
  low: number | null;
  high: number | null;
  expected: number;
}

export function normalRange(a: Pick<AlertRecord, 'kind' | 'expected' | 'expectedLow' | 'expectedHigh' | 'evidence'>): NormalRange {
  switch (a.kind) {
    case 'stockout':
    case 'low_cover': {
      const demand = num(a.evidence.forecastDailyUnits) ?? 0;
      const floor = demand * a.expected;
      return { low: floor, high: null, expected: floor };
    }
    case 'drr_high':
    case 'returns_spike':
    case 'etl_stale':
      // Only an upper limit: no ДРР, no returns and fresh data are all fine.
      return { low: null, high: a.expectedHigh, expected: a.expected };
    default:
      return { low: a.expectedLow > 0 ? a.expectedLow : null, high: a.expectedHigh, expected: a.expected };
  }
}

/** Formats a value in the alert's metric unit (without the "шт. в день" words the text adds). */
export function metricFormatter(a: Pick<AlertRecord, 'metric'>, locale: Locale, currency: string): (v: number) => string {
  switch (a.metric) {
    case 'price':
    case 'ad_spend':
      return (v) => formatMoney(v, locale, currency);
    case 'drr':
      return (v) => formatPercent(v, locale);
    case 'units':
    case 'returns':
      return (v) => formatNumber(v, locale, v >= 10 ? 0 : 1);
    case 'days_of_cover':
      return (v) => formatNumber(v, locale, 1);
    case 'hours_since_etl':
      return (v) => formatNumber(v, locale, 0);
  }
}

/** "18–30", "до 5" / "up to 5", "от 42" / "from 42", or "≈24" when the bounds read the same. */
export function formatRange(r: NormalRange, fmt: (v: number) => string, locale: Locale): string {
  const upTo = locale === 'ru' ? 'до' : 'up to';
  const from = locale === 'ru' ? 'от' : 'from';
  if (r.low === null && r.high === null) return `≈${fmt(r.expected)}`;
  // "до 0 ₽" reads like a bug: a norm of nothing is said as the plain zero.
  if (r.low === null) return r.high! <= 0 ? fmt(0) : `${upTo} ${fmt(r.high!)}`;
  if (r.high === null) return `${from} ${fmt(r.low)}`;
  const lo = fmt(r.low);
  const hi = fmt(r.high);
  if (lo === hi) return `≈${lo}`;
  // Bare numbers join tightly ("18–30"); figures with a sign or unit read better spaced ("480 ₽ – 520 ₽").
  return /^[\d\s\u00a0\u202f.,]+$/.test(lo + hi) ? `${lo}–${hi}` : `${lo} – ${hi}`;
}

/** The range of the alert as its text states it. */
export function rangeText(a: AlertRecord, o: Pick<AlertFigureOptions, 'locale' | 'currency'>): string {
  return formatRange(normalRange(a), rangeFormatter(a, o), o.locale);
}

function rangeFormatter(a: AlertRecord, o: Pick<AlertFigureOptions, 'locale' | 'currency'>): (v: number) => string {
  return a.metric === 'days_of_cover' ? (v) => formatNumber(v, o.locale, 0) : metricFormatter(a, o.locale, o.currency);
}

/** The first day the problem shows in the data: a stock-out or a sales stop counts back its streak. */
export function sinceDay(a: Pick<AlertRecord, 'kind' | 'firstDay' | 'scanDay' | 'evidence'>): string {
  const streak = a.kind === 'stockout' ? num(a.evidence.daysOut) : a.kind === 'zero_sales' ? num(a.evidence.zeroDays) : null;
  const fromStreak = streak !== null && streak >= 1 ? addDays(a.scanDay, -(Math.round(streak) - 1)) : a.firstDay;
  return fromStreak < a.firstDay ? fromStreak : a.firstDay;
}

export function alertFigures(a: AlertRecord, o: AlertFigureOptions): AlertFigures {
  const { locale, currency } = o;
  const fmt = metricFormatter(a, locale, currency);
  const count = (v: number | null, digits = 1) => (v === null ? undefined : formatNumber(v, locale, Math.abs(v) >= 10 ? 0 : digits));
  const money = (v: number | null) => (v === null ? undefined : formatMoney(v, locale, currency));
  const ev = a.evidence;
  const f: AlertFigures = {
    observed: fmt(a.observed),
    expected: fmt(a.expected),
    range: rangeText(a, o),
    since: formatDay(sinceDay(a), locale),
    day: formatDay(a.scanDay, locale),
  };
  const put = <K extends keyof AlertFigures>(key: K, value: AlertFigures[K] | undefined) => {
    if (value !== undefined) f[key] = value;
  };
  switch (a.kind) {
    case 'sales_drop':
    case 'sales_spike':
    case 'zero_sales': {
      const stock = num(ev.stock);
      put('stock', count(stock, 0));
      put('unitPrice', money(num(ev.unitPrice)));
      put('recentMean', count(num(ev.recentMeanUnits)));
      const weeks = typeof ev.sameWeekday === 'string' && ev.sameWeekday !== '' ? ev.sameWeekday.split(',').map(Number).filter(Number.isFinite) : [];
      if (weeks.length) f.history = weeks.map((v) => formatNumber(v, locale)).join(', ');
      if (a.kind === 'zero_sales') put('days', count(num(ev.zeroDays), 0));
      // A spike: how long the stock lasts at the new rate.
      if (a.kind === 'sales_spike' && stock !== null && a.observed > 0) put('days', count(stock / a.observed));
      break;
    }
    case 'stockout':
    case 'low_cover': {
      const demand = num(ev.forecastDailyUnits);
      const stock = num(ev.stock) ?? 0;
      put('stock', count(num(ev.stock), 0));
      put('demand', count(demand));
      put('unitPrice', money(num(ev.unitPrice)));
      put('threshold', count(a.expected, 0));
      put('restockDays', formatNumber(RESTOCK_DAYS, locale));
      if (demand !== null) put('reorder', formatNumber(Math.max(1, Math.ceil(demand * RESTOCK_DAYS - stock)), locale));
      if (a.kind === 'stockout') put('days', count(num(ev.daysOut), 0));
      else put('runOut', formatDay(addDays(a.scanDay, Math.floor(a.observed)), locale));
      break;
    }
    case 'price_anomaly': {
      const ratio = num(ev.ratio);
      if (ratio !== null) f.change = ratio >= 2 || ratio <= 0.5 ? `×${formatNumber(ratio, locale, ratio < 1 ? 2 : 1)}` : formatDelta(ratio - 1, locale);
      const refs = typeof ev.referencePrices === 'string' && ev.referencePrices !== '' ? ev.referencePrices.split(',').map(Number).filter(Number.isFinite) : [];
      if (refs.length) f.history = refs.map((v) => formatMoney(v, locale, currency)).join(', ');
      put('unitsToday', count(num(ev.unitsToday), 0));
      f.likelyTypo = ev.likelyTypo === 'yes';
      break;
    }
    case 'ad_spend_spike':
      // The detector writes factor 0 when nothing was spent before: no factor to state then.
      put('factor', (num(ev.factor) ?? 0) > 0 ? `×${formatNumber(num(ev.factor)!, locale, 1)}` : undefined);
      put('clicks', count(num(ev.adClicks), 0));
      put('impressions', count(num(ev.adImpressions), 0));
      put('revenue', money(num(ev.revenue)));
      break;
    case 'drr_high':
      put('adSpend', money(num(ev.adSpend3d)));
      put('revenue', money(num(ev.revenue3d)));
      put('threshold', formatPercent(a.expectedHigh, locale));
      break;
    case 'returns_spike': {
      put('unitsToday', count(num(ev.unitsToday), 0));
      const rate = num(ev.returnRate);
      if (rate !== null) f.returnRate = formatPercent(rate, locale, 0);
      break;
    }
    case 'etl_stale':
      if (typeof ev.lastOkFinishedAt === 'string') f.lastRun = formatInstant(ev.lastOkFinishedAt, locale, o.timeZone);
      if (typeof ev.expectedBy === 'string') f.expectedBy = ev.expectedBy;
      break;
    default: {
      const never: never = a.kind;
      throw new Error(`alertFigures: unknown kind ${String(never)}`);
    }
  }
  return f;
}

function num(v: number | string | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
