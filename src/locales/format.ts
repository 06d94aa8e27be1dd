/**
 * Numbers, money, percentages and dates for people, through `Intl` in the user's locale.
 * Russian uses a narrow no-break space as the thousands separator and "₽" after the number.
 */
import type { Locale } from '../config.js';

const tag = (locale: Locale) => (locale === 'ru' ? 'ru-RU' : 'en-US');

/** Building an Intl formatter costs ~0.1 ms; a brief formats thousands of numbers, so reuse them. */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(tag(locale), options)));
  return f;
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(tag(locale), options)));
  return f;
}

/**
 * Fraction digits of a money figure, the one rule every renderer and chart follows: whole units
 * from 100 up ("6 590 ₽"), kopecks below ("6,59 ₽"), and no ",00" on a whole amount ("50 ₽").
 */
export function moneyDigits(value: number): number {
  const abs = Math.abs(value);
  return abs >= 100 || Math.abs(abs - Math.round(abs)) < 0.005 ? 0 : 2;
}

export function formatMoney(value: number, locale: Locale, currency = 'RUB'): string {
  const digits = moneyDigits(value);
  return numberFormat(locale, {
    style: 'currency',
    currency,
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

export function formatNumber(value: number, locale: Locale, maxFractionDigits = 0): string {
  return numberFormat(locale, { maximumFractionDigits: maxFractionDigits }).format(value);
}

/** A fraction as a percentage: 0.064 → "6,4 %" (ru) / "6.4%" (en). */
export function formatPercent(fraction: number, locale: Locale, digits = 1): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(fraction);
}

/** A signed change: +0.25 → "+25 %"; null → "—". */
export function formatDelta(fraction: number | null, locale: Locale): string {
  if (fraction === null) return '—';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(fraction);
}

/** `2026-11-22` → "22 нояб. 2026 г., вс" / "Sun, Nov 22, 2026". */
export function formatDay(day: string, locale: Locale, withYear = false): string {
  return dateFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** An instant in the shop's zone: "23 нояб., 05:12". */
export function formatInstant(iso: string, locale: Locale, timeZone: string): string {
  return dateFormat(locale, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}
