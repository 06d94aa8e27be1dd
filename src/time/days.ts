/** Calendar-day arithmetic on `YYYY-MM-DD` strings (UTC-based, so no DST surprises). */

/** Memo of recent results: briefs and scans ask for the same few offsets thousands of times. */
const memo = new Map<string, string>();

export function addDays(day: string, n: number): string {
  const key = `${day}${n}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  const out = d.toISOString().slice(0, 10);
  if (memo.size > 10_000) memo.clear();
  memo.set(key, out);
  return out;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The calendar day of `instant` in `timeZone`, e.g. the shop's "today". */
export function dayIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  return parts; // en-CA formats as YYYY-MM-DD
}

/** Whether `tz` is an IANA time zone this runtime knows (Europe/Moscow, America/New_York…). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** What a person typed for a day, read: the day, or why not (a real-looking date that does not exist). */
export type UserDay = { ok: true; day: string } | { ok: false; reason: 'impossible' | 'unrecognised' };

const MONTHS: Record<string, number> = {};
[
  ['январ', 'янв', 'january', 'jan'], ['феврал', 'фев', 'february', 'feb'], ['март', 'мар', 'march', 'mar'],
  ['апрел', 'апр', 'april', 'apr'], ['ма', 'май', 'may'], ['июн', 'june', 'jun'], ['июл', 'july', 'jul'],
  ['август', 'авг', 'august', 'aug'], ['сентябр', 'сен', 'сент', 'september', 'sep', 'sept'],
  ['октябр', 'окт', 'october', 'oct'], ['ноябр', 'ноя', 'нояб', 'november', 'nov'], ['декабр', 'дек', 'december', 'dec'],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

/** "ноября", "нояб.", "November", "nov" → 11; null when it is no month's name. */
function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (MONTHS[w] !== undefined && w.length >= 3) return MONTHS[w]!;
  // Russian case endings: "ноября", "мая", "марта", "августа".
  for (const ending of ['я', 'а', 'ь', 'е', 'ю']) {
    if (w.endsWith(ending) && MONTHS[w.slice(0, -1)] !== undefined) return MONTHS[w.slice(0, -1)]!;
  }
  return null;
}

const RELATIVE: Record<string, number> = { сегодня: 0, today: 0, вчера: -1, yesterday: -1, позавчера: -2 };

/**
 * Reads a day the way people type it, in either locale: ISO `2026-11-20`, Russian `20.11.2026`,
 * `20.11.26`, `20.11` (the latest such day not after today), `20/11/2026`, `20 ноября 2026`,
 * `20 ноября`, `Nov 20, 2026`, and the words сегодня / вчера / позавчера / today / yesterday,
 * relative to `today` (the shop's calendar day). A date in a known form that is not in the
 * calendar (2026-13-45, 31.02.2026) is `impossible`, anything else `unrecognised`.
 */
export function parseUserDay(input: string, today: string): UserDay {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s in RELATIVE) return { ok: true, day: addDays(today, RELATIVE[s]!) };
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  let yearGiven = true;
  let g: RegExpExecArray | null;
  if ((g = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) [y, m, d] = [+g[1]!, +g[2]!, +g[3]!];
  else if ((g = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?$/.exec(s))) {
    [d, m] = [+g[1]!, +g[2]!];
    if (g[3] === undefined) yearGiven = false;
    else y = g[3].length === 2 ? 2000 + +g[3] : +g[3];
  } else if ((g = /^(\d{1,2}) ([a-zа-яё.]+)(?: (\d{4}))?(?: г\.?| года)?$/.exec(s)) && monthNumber(g[2]!) !== null) {
    [d, m] = [+g[1]!, monthNumber(g[2]!)!];
    if (g[3] === undefined) yearGiven = false;
    else y = +g[3];
  } else if ((g = /^([a-z.]+) (\d{1,2}),? ?(\d{4})?$/.exec(s)) && monthNumber(g[1]!) !== null) {
    [m, d] = [monthNumber(g[1]!)!, +g[2]!];
    if (g[3] === undefined) yearGiven = false;
    else y = +g[3];
  } else return { ok: false, reason: 'unrecognised' };
  // Without a year: this year's day, or last year's when this year's is still ahead.
  if (!yearGiven) y = m! > tm || (m === tm && d! > td) ? ty - 1 : ty;
  const day = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return { ok: false, reason: 'impossible' };
  return { ok: true, day };
}
