/**
 * The grounding check: every number in a model's answer must be one the tools returned (after
 * normalising formats — «1 234,5 ₽», "1,234.5", «12 тыс.», "15 %" for 0.15 — and rounding).
 * Identifiers (articles, dates, times, list markers) are not numbers to check. What it finds is
 * data for the loop: one repair turn, then the sentences still unverified are marked.
 */

export interface GroundingFacts {
  /** Every number the tools returned (numbers found inside their strings included). */
  numbers: number[];
  /** Articles and other identifiers seen in tool results and arguments: masked, never checked. */
  identifiers: string[];
  /** Numbers the user wrote (their question) — quoting them back is not inventing them. */
  quoted: number[];
}

export interface UnverifiedSentence {
  sentence: string;
  /** The numbers in it, as written, that no tool returned. */
  numbers: string[];
}

/** Collects the numeric leaves of tool results, and the numbers inside their strings (titles like «Кружка 350 мл»). */
export function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) out.push(value);
  } else if (typeof value === 'string') {
    for (const token of scanNumbers(maskIdentifiers(value, []))) out.push(...token.values);
  } else if (Array.isArray(value)) {
    for (const v of value) numbersIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) numbersIn(v, out);
  }
  return out;
}

/** String leaves under keys that name identifiers (`sku`). */
export function identifiersIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) identifiersIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'sku' && typeof v === 'string' && v.trim() !== '') out.push(v.trim());
      else identifiersIn(v, out);
    }
  }
  return out;
}

/** The sentences of `answer` holding a number that matches nothing the tools returned. */
export function findUnverified(answer: string, facts: GroundingFacts): UnverifiedSentence[] {
  const known = [...facts.numbers, ...facts.quoted];
  const out: UnverifiedSentence[] = [];
  for (const sentence of splitSentences(answer)) {
    const bad = scanNumbers(maskIdentifiers(sentence, facts.identifiers))
      .filter((t) => !isTrivial(t) && !t.values.some((v) => known.some((k) => matches(v, k, t))))
      .map((t) => t.text);
    if (bad.length > 0) out.push({ sentence, numbers: bad });
  }
  return out;
}

/** Appends `marker` after each unverified sentence, leaving its words exactly as the model wrote them. */
export function markSentences(answer: string, unverified: UnverifiedSentence[], marker: string): string {
  let out = answer;
  for (const u of unverified) {
    const at = out.indexOf(u.sentence);
    if (at === -1) continue;
    out = `${out.slice(0, at + u.sentence.length)} ${marker}${out.slice(at + u.sentence.length)}`;
  }
  return out;
}

interface NumberToken {
  text: string;
  /** The readings of the token: «1,234» is 1.234 in Russian and 1234 in English. */
  values: number[];
  /** Half a unit of the last digit written, in the token's scale (rounding tolerance). */
  tolerance: number;
  percent: boolean;
  integer: boolean;
}

const MONTHS =
  'январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|' +
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

const DATE_PATTERNS: RegExp[] = [
  /\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?/g,
  /\b\d{1,2}\.\d{1,2}\.\d{2,4}\b/g,
  /\b\d{1,2}:\d{2}(?::\d{2})?\b/g,
  new RegExp(`\\b\\d{1,2}(?:\\s*[–—-]\\s*\\d{1,2})?\\s+(?:${MONTHS})[а-яa-z]*\\.?(?:\\s+\\d{4}(?:\\s*(?:г\\.|года?|year))?)?`, 'giu'),
  new RegExp(`(?:${MONTHS})[а-яa-z]*\\.?\\s+\\d{1,2}(?:\\s*[–—-]\\s*\\d{1,2})?(?:,?\\s+\\d{4})?`, 'giu'),
  new RegExp(`(?:${MONTHS})[а-яa-z]*\\s+\\d{4}`, 'giu'),
  /\b(?:19|20)\d{2}\s*(?:г\.|года?|year)/giu,
  /(?:\bSKU|артикул[а-я]*|\bарт\.?|\bart\.?|№|#)\s*[:№#]?\s*[\p{L}\d][\p{L}\d_-]*/giu,
  // Words with digits inside: articles (POS-1001, A12), sizes (XL2) — not amounts.
  /[\p{L}_][\p{L}_-]*\d[\p{L}\d_-]*|\d+[-_]?[\p{L}][\p{L}\d_-]*/gu,
  // A list's numbering at the start of a line.
  /^\s*\d{1,2}[.)]\s/gmu,
];

/** Blanks out dates, times, articles and list numbering so they are not read as amounts. */
function maskIdentifiers(text: string, identifiers: readonly string[]): string {
  let out = text;
  const blank = (m: string) => ' '.repeat(m.length);
  for (const id of [...identifiers].sort((a, b) => b.length - a.length)) {
    if (id.length > 0) out = out.split(id).join(blank(id));
  }
  // Amount suffixes glued to digits («5k», «12тыс») must survive the "word with digits" rule.
  const keep = /^\d+(?:[.,]\d+)?(?:k|к|m|м|тыс|млн|млрд|mln|bn)\.?$/iu;
  for (const re of DATE_PATTERNS) out = out.replace(re, (m) => (keep.test(m) ? m : blank(m)));
  return out;
}

const NUMBER =
  /(?<![\p{L}\d.,])[+\-−]?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3}){2,}|\d{1,3}(?:\.\d{3}){2,}|\d+)(?:([.,])(\d+))?(?:\s?(%|‰|тыс\.?|млн\.?|млрд\.?|k|к|m|м|mln|bn|thousand|million|billion)(?![\p{L}]))?/giu;

function scanNumbers(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const [whole, intPart, sep, frac, unitRaw] = m;
    const unit = (unitRaw ?? '').toLowerCase().replace(/\.$/, '');
    const scale = /^(тыс|k|к|thousand)$/.test(unit) ? 1e3 : /^(млн|m|м|mln|million)$/.test(unit) ? 1e6 : /^(млрд|bn|billion)$/.test(unit) ? 1e9 : 1;
    const digits = intPart!.replace(/[ \u00a0\u202f]/g, '');
    const readings: Array<{ value: number; decimals: number }> = [];
    if (/^\d{1,3}(,\d{3}){2,}$/.test(digits) || /^\d{1,3}(\.\d{3}){2,}$/.test(digits)) {
      readings.push({ value: Number(digits.replace(/[.,]/g, '') + (frac ? `.${frac}` : '')), decimals: frac?.length ?? 0 });
    } else if (sep && frac) {
      readings.push({ value: Number(`${digits}.${frac}`), decimals: frac.length });
      // «1,234» / «1.234»: a decimal in one locale, thousands in the other.
      if (frac.length === 3) readings.push({ value: Number(digits + frac), decimals: 0 });
    } else {
      readings.push({ value: Number(digits), decimals: 0 });
    }
    const first = readings[0]!;
    // «12 300» stands for 12 345 rounded to hundreds: trailing zeros widen the tolerance.
    const trailingZeros = first.decimals === 0 && scale === 1 ? (/0+$/.exec(digits)?.[0].length ?? 0) : 0;
    const tolerance = (0.5 * 10 ** (trailingZeros > 0 && first.value >= 1000 ? trailingZeros : -first.decimals)) * scale;
    out.push({
      text: whole.trim(),
      values: readings.map((r) => r.value * scale),
      tolerance,
      percent: unit === '%' || unit === '‰',
      integer: first.decimals === 0 && scale === 1 && unit === '',
    });
  }
  return out;
}

/** Small counts («3 товара», «топ-5») need no tool behind them. */
function isTrivial(t: NumberToken): boolean {
  return t.integer && t.values.every((v) => v <= 10);
}

function matches(written: number, known: number, t: NumberToken): boolean {
  const eps = 1e-9;
  const close = (a: number, b: number, tol: number) => Math.abs(Math.abs(a) - Math.abs(b)) <= tol + eps * Math.max(1, Math.abs(b));
  if (t.percent) return close(written, known * 100, t.tolerance) || close(written, known, t.tolerance);
  return close(written, known, t.tolerance);
}

/** Sentences: split at line breaks and at . ! ? … followed by a capital, a digit or a bullet. */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?…])\s+(?=[A-ZА-ЯЁ«"(\d•*–—-])/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
