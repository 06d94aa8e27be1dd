// Parses a `timestamp,value` CSV (NAB's format) into points. A bad row is a result, not a throw,
// so the CLI can name the file and row in its one-line reason.

/** One observation: the timestamp as written in the file, its parsed instant, and the value. */
export interface SeriesPoint {
  readonly timestamp: string;
  readonly time: Date;
  readonly value: number;
}

export interface CsvError {
  /** 1-based line number in the file (the header is row 1), as an editor shows it. */
  readonly row: number;
  readonly message: string;
}

export type CsvResult =
  | { readonly ok: true; readonly points: SeriesPoint[] }
  | { readonly ok: false; readonly error: CsvError };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// Date, optional time (space or T), optional fraction and zone. Zone-less stamps are read as UTC so
// that results never depend on the machine's time zone.
const STAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses a timestamp such as `2015-02-26 21:42:53`, `2024-05-01` or ISO 8601; null if invalid. */
export function parseTimestamp(text: string): Date | null {
  const m = STAMP.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const date = new Date(t);
  // Reject impossible calendar dates (2024-02-31) that Date.UTC would roll over.
  if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(mo) - 1) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(t);
}

function unquote(cell: string): string {
  const c = cell.trim();
  return c.length >= 2 && c.startsWith('"') && c.endsWith('"') ? c.slice(1, -1) : c;
}

/**
 * Parses CSV text whose header names a `timestamp` and a `value` column (in any order; other
 * columns are ignored). Rows are taken in file order; repeated or backward stamps are accepted
 * because real exports have them (NAB's AWS files repeat the hour a daylight-saving change skips).
 */
export function parseSeriesCsv(text: string): CsvResult {
  const lines = text.split(/\r?\n/);
  const fail = (row: number, message: string): CsvResult => ({ ok: false, error: { row, message } });
  const header = lines[0]?.replace(/^\uFEFF/, '') ?? '';
  if (header.trim() === '') return fail(1, 'missing header "timestamp,value"');
  const names = header.split(',').map((c) => unquote(c).toLowerCase());
  const ti = names.indexOf('timestamp');
  const vi = names.indexOf('value');
  if (ti < 0 || vi < 0) return fail(1, `header must name "timestamp" and "value" columns, got "${header.trim()}"`);

  const points: SeriesPoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const row = i + 1;
    const cells = line.split(',');
    if (cells.length < names.length) return fail(row, `expected ${names.length} columns, got ${cells.length}`);
    const stamp = unquote(cells[ti] ?? '');
    const rawValue = unquote(cells[vi] ?? '');
    const time = parseTimestamp(stamp);
    if (!time) return fail(row, `timestamp "${stamp}" is not a date`);
    if (!NUMBER.test(rawValue)) return fail(row, `value "${rawValue}" is not a number`);
    const value = Number(rawValue);
    if (!Number.isFinite(value)) return fail(row, `value "${rawValue}" is not a finite number`);
    points.push({ timestamp: stamp, time, value });
  }
  if (points.length === 0) return fail(2, 'no data rows');
  return { ok: true, points };
}
