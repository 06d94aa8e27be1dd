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
