/**
 * Numbers, money, percentages and dates for people, through `Intl` in the user's locale.
 * Russian uses a narrow no-break space as the thousands separator and "₽" after the number.
 */
import type { Locale } from '../config.js';

const tag = (locale: Locale) => (locale === 'ru' ? 'ru-RU' : 'en-US');

export function formatMoney(value: number, locale: Locale, currency = 'RUB'): string {
  const abs = Math.abs(value);
  return new Intl.NumberFormat(tag(locale), {
    style: 'currency',
    currency,
    maximumFractionDigits: abs >= 1000 ? 0 : 2,
    minimumFractionDigits: 0,
  }).format(value);
}

export function formatNumber(value: number, locale: Locale, maxFractionDigits = 0): string {
  return new Intl.NumberFormat(tag(locale), { maximumFractionDigits: maxFractionDigits }).format(value);
}

/** A fraction as a percentage: 0.064 → "6,4 %" (ru) / "6.4%" (en). */
export function formatPercent(fraction: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(tag(locale), { style: 'percent', maximumFractionDigits: digits }).format(fraction);
}

/** A signed change: +0.25 → "+25 %"; null → "—". */
export function formatDelta(fraction: number | null, locale: Locale): string {
  if (fraction === null) return '—';
  return new Intl.NumberFormat(tag(locale), { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(fraction);
}

/** `2026-11-22` → "22 нояб. 2026 г., вс" / "Sun, Nov 22, 2026". */
export function formatDay(day: string, locale: Locale, withYear = false): string {
  return new Intl.DateTimeFormat(tag(locale), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** An instant in the shop's zone: "23 нояб., 05:12". */
export function formatInstant(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(tag(locale), {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}
