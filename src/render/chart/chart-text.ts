// Everything textual a chart shows: the localised legend strings, date and number formatting for
// the axes, XML escaping and a rough text-width estimate used for layout.
import { moneyDigits } from '../../locales/format.js';

export type ChartLocale = 'ru' | 'en';

/** How values are formatted: money (currency symbol), plain counts, or percent (value 0.125 → 12.5%). */
export type ChartUnit = 'money' | 'count' | 'percent';

export interface ChartStrings {
  actual: string;
  expected: string;
  band: string;
  anomaly: string;
  compare: string;
  noData: string;
}

/** Legend and message strings per locale. */
export const CHART_TEXT: Record<ChartLocale, ChartStrings> = {
  ru: {
    actual: 'факт',
    expected: 'ожидание',
    band: 'норма',
    anomaly: 'аномалия',
    compare: 'неделю ранее',
    noData: 'нет данных',
  },
  en: {
    actual: 'actual',
    expected: 'expected',
    band: 'normal band',
    anomaly: 'anomaly',
    compare: 'a week earlier',
    noData: 'no data',
  },
};

/** Escapes text for use inside SVG element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

// Intl uses U+202F (narrow no-break space) in some locales; normalise to U+00A0 so the output does
// not depend on the ICU version's choice of space.
function tidy(text: string): string {
  return text.replace(/\u202f/g, '\u00a0');
}

const dateFormats = new Map<ChartLocale, Intl.DateTimeFormat>();

/** "5 нояб." / "Nov 5" for a UTC epoch-millisecond day. */
export function formatDay(epochMs: number, locale: ChartLocale): string {
  let fmt = dateFormats.get(locale);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    dateFormats.set(locale, fmt);
  }
  return tidy(fmt.format(new Date(epochMs)));
}

export interface ValueFormat {
  locale: ChartLocale;
  unit: ChartUnit;
  /** ISO 4217 code for `unit: 'money'`. */
  currency: string;
  /** Use compact notation ("1,2 млн", "1.2M"). */
  compact: boolean;
  maximumFractionDigits?: number;
  maximumSignificantDigits?: number;
}

/** Magnitude from which axis and value labels switch to compact notation. */
export const COMPACT_FROM = 10_000;

export function formatValue(value: number, f: ValueFormat): string {
  // Money outside compact notation follows the text's rule: whole units from 100 up, kopecks below.
  const moneyExact = f.unit === 'money' && !f.compact;
  const digits: Intl.NumberFormatOptions = moneyExact
    ? { maximumFractionDigits: moneyDigits(value), minimumFractionDigits: moneyDigits(value) }
    : f.maximumSignificantDigits !== undefined
      ? { maximumSignificantDigits: f.maximumSignificantDigits }
      : { maximumFractionDigits: f.maximumFractionDigits ?? 0, minimumFractionDigits: 0 };
  const opts: Intl.NumberFormatOptions =
    f.unit === 'percent'
      ? { style: 'percent', ...digits }
      : {
          ...(f.unit === 'money'
            ? { style: 'currency', currency: f.currency, currencyDisplay: 'narrowSymbol' }
            : {}),
          ...(f.compact ? { notation: 'compact' } : {}),
          ...digits,
        };
  // -0 would print as "-0".
  return tidy(new Intl.NumberFormat(f.locale, opts).format(value === 0 ? 0 : value));
}

/**
 * Labels for y-axis ticks: one notation for the whole axis, and the fewest fraction digits that
 * show every tick without rounding (0.5M steps give "1,5 млн", 250k steps give "1,25 млн").
 */
export function formatTicks(
  ticks: number[],
  base: Omit<ValueFormat, 'compact' | 'maximumFractionDigits' | 'maximumSignificantDigits'>,
): string[] {
  const maxAbs = Math.max(0, ...ticks.map((t) => Math.abs(t)));
  const compact = base.unit !== 'percent' && maxAbs >= COMPACT_FROM;
  const at = (digits: number): string[] =>
    ticks.map((t) => formatValue(t, { ...base, compact, maximumFractionDigits: digits }));
  const exact = at(6);
  for (let digits = 0; digits < 6; digits++) {
    const labels = at(digits);
    if (labels.every((l, i) => l === exact[i])) return labels;
  }
  return exact;
}

/** A single value shown on the chart (e.g. the highlighted day): 3 significant digits. */
export function formatPointValue(
  value: number,
  base: Omit<ValueFormat, 'compact' | 'maximumFractionDigits' | 'maximumSignificantDigits'>,
): string {
  const compact = base.unit !== 'percent' && Math.abs(value) >= COMPACT_FROM;
  return formatValue(value, { ...base, compact, maximumSignificantDigits: 3 });
}

/**
 * Rough rendered width in px of `text` in DejaVu Sans (wide glyphs: ~0.6 em regular,
 * ~0.68 em bold). Used only for layout decisions — margins, truncation, label spacing.
 */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += ch === ' ' || ch === '\u00a0' || ch === '.' || ch === ',' ? 0.32 : 0.6;
  return em * fontSize * (bold ? 1.13 : 1);
}

/** Cuts `text` with "…" so that it fits `maxWidth` px. */
export function truncateText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (estimateTextWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && estimateTextWidth(chars.join('') + '…', fontSize, bold) > maxWidth) chars.pop();
  return chars.join('').trimEnd() + '…';
}
