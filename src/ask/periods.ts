/**
 * Periods as people type them in chat, for the deterministic commands: «вчера», «неделя»,
 * «месяц», «7d», «30 дней», «ноябрь», «2026-11-22», «2026-11-01..2026-11-07». Relative periods end
 * on the last day with data (the shop's "yesterday" when the ETL is on time), so a late ETL never
 * yields an empty answer.
 */
import { addDays } from '../time/days.js';

export interface DayPeriod {
  from: string;
  to: string;
}

const MONTHS: ReadonlyArray<RegExp> = [
  /^(январ[ьяе]|jan(uary)?)$/, /^(феврал[ьяе]|feb(ruary)?)$/, /^(март[ае]?|mar(ch)?)$/, /^(апрел[ьяе]|apr(il)?)$/,
  /^(ма[йяе]|may)$/, /^(июн[ьяе]|june?)$/, /^(июл[ьяе]|july?)$/, /^(август[ае]?|aug(ust)?)$/,
  /^(сентябр[ьяе]|sep(t(ember)?)?)$/, /^(октябр[ьяе]|oct(ober)?)$/, /^(ноябр[ьяе]|nov(ember)?)$/, /^(декабр[ьяе]|dec(ember)?)$/,
];

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads `text` (already trimmed, any case) as a period ending no later than `lastDay`; null when
 * it is not one. A month without a year is the latest such month up to `lastDay`.
 */
export function parsePeriod(text: string, lastDay: string): DayPeriod | null {
  const s = text.trim().toLowerCase().replace(/ё/g, 'е').replace(/^(за|в|on|for|in|the|last|прошл[а-я]*|последн[а-я]*)\s+/, '');
  if (s === '' ) return null;
  if (/^(вчера|yesterday|день|day|сегодня|today)$/.test(s)) return { from: lastDay, to: lastDay };
  if (/^(недел[яюи]|week|7)$/.test(s)) return lastDays(lastDay, 7);
  if (/^(месяц|month)$/.test(s)) return lastDays(lastDay, 30);
  const n = /^(\d{1,3})\s*(d|д|дн(я|ей)?|дней|день|days?)$/.exec(s);
  if (n) {
    const days = Number(n[1]);
    return days >= 1 && days <= 400 ? lastDays(lastDay, days) : null;
  }
  const range = /^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|…|—|–|-|:)\s*(\d{4}-\d{2}-\d{2})$/.exec(s);
  if (range && isDay(range[1]!) && isDay(range[2]!) && range[1]! <= range[2]!) return { from: range[1]!, to: range[2]! };
  if (ISO.test(s) && isDay(s)) return { from: s, to: s };
  const month = /^([a-zа-я]+)(?:\s+(\d{4}))?$/.exec(s);
  if (month) {
    const index = MONTHS.findIndex((re) => re.test(month[1]!));
    if (index === -1) return null;
    const [lastYear, lastMonth] = lastDay.split('-').map(Number) as [number, number];
    const year = month[2] ? Number(month[2]) : index + 1 <= lastMonth ? lastYear : lastYear - 1;
    const from = `${year}-${String(index + 1).padStart(2, '0')}-01`;
    const end = addDays(index === 11 ? `${year + 1}-01-01` : `${year}-${String(index + 2).padStart(2, '0')}-01`, -1);
    return { from, to: end < lastDay ? end : lastDay };
  }
  return null;
}

function lastDays(lastDay: string, days: number): DayPeriod {
  return { from: addDays(lastDay, -(days - 1)), to: lastDay };
}

function isDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The period of the same length just before `p` (for "vs the previous week"). */
export function previousPeriod(p: DayPeriod): DayPeriod {
  const days = Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1;
  return { from: addDays(p.from, -days), to: addDays(p.from, -1) };
}
