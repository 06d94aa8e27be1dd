/**
 * A verifier that recomputes the arithmetic an answer writes down: every `EXPR = N` whose left
 * side is pure arithmetic (numbers, + − × ÷ * / x, parentheses, %, currency signs) and every
 * GSM8K calculator annotation `<<EXPR=N>>`. It finds slips such as "16 - 3 = 12"; it cannot find
 * a wrong plan carried out correctly. Expressions are parsed here (no `eval`).
 */
import { NUMBER_SOURCE, parseNumber } from './answer-number.js';

export interface ArithmeticSlip {
  expression: string;
  stated: number;
  computed: number;
}

const OPERATOR = String.raw`[-+*/x×÷−]`;
const OPERAND = String.raw`[$€₽£]?\s*\(*\s*[$€₽£]?(?:${NUMBER_SOURCE})\s*%?\s*\)*`;
/** The longest pure-arithmetic tail of the text before an `=`. */
const LEFT = new RegExp(String.raw`((?:${OPERAND}\s*${OPERATOR}\s*)+${OPERAND})\s*$`);
/** The number right after an `=`, unless more arithmetic follows it (`= 1/2`, `= 3 * 4`). */
const RIGHT = new RegExp(String.raw`^\s*[$€₽£]?\s*(-?)\s*[$€₽£]?(${NUMBER_SOURCE})(?!\s*${OPERATOR}\s*[\d(])(?![\d.,]*\d)`);
const ANNOTATION = /<<([^=<>]+)=([^<>]+)>>/g;

/** Every written calculation whose result is wrong, in the order they appear. */
export function arithmeticSlips(text: string): ArithmeticSlip[] {
  const slips: ArithmeticSlip[] = [];
  const check = (expression: string, stated: number) => {
    const computed = evaluate(expression);
    if (computed !== null && Number.isFinite(stated) && !agrees(computed, stated)) slips.push({ expression: expression.trim(), stated, computed });
  };
  for (const m of text.matchAll(ANNOTATION)) {
    const stated = /^\s*[$€₽£]?\s*(-?\d[\d,]*(?:\.\d+)?)\s*$/.exec(m[2]!);
    if (stated) check(m[1]!, parseNumber(stated[1]!));
  }
  const plain = text.replace(ANNOTATION, '');
  for (const line of plain.split('\n')) {
    const parts = line.split('=');
    for (let i = 0; i + 1 < parts.length; i += 1) {
      const left = LEFT.exec(parts[i]!);
      const right = RIGHT.exec(parts[i + 1]!);
      if (!left || !right) continue;
      // A left side glued to a word or a number ("x2 + 3", "1.5") is not an expression of its own.
      const before = parts[i]!.slice(0, left.index + left[1]!.length - left[1]!.trimStart().length);
      if (/[\p{L}\d.]$/u.test(before)) continue;
      check(left[1]!, (right[1] ? -1 : 1) * parseNumber(right[2]!));
    }
  }
  return slips;
}

/**
 * A stated result agrees when it is the computed value rounded to the digits shown (`10/3 = 3.33`,
 * `7/2 = 3.5`), or — for a fractional result only — within 1 % of it (`1/3 = 0.3` written
 * loosely). A whole result must be stated exactly: 261,000 for 262,500 is a slip, not rounding.
 */
function agrees(computed: number, stated: number): boolean {
  const decimals = String(stated).split('.')[1]?.length ?? 0;
  const diff = Math.abs(computed - stated);
  const fractional = Math.abs(computed - Math.round(computed)) > 1e-9;
  return diff <= 0.5 * 10 ** -decimals + 1e-9 || (fractional && diff <= 0.01 * Math.abs(computed));
}

type Token = { kind: 'num'; value: number } | { kind: 'op'; op: '+' | '-' | '*' | '/' } | { kind: 'paren'; open: boolean } | { kind: 'pct' };

function tokenize(expression: string): Token[] | null {
  const tokens: Token[] = [];
  const src = expression.replace(/[$€₽£\s]/g, '');
  const number = new RegExp(`^(?:${NUMBER_SOURCE})`);
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const m = number.exec(src.slice(i));
    if (m) {
      tokens.push({ kind: 'num', value: parseNumber(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === '+') tokens.push({ kind: 'op', op: '+' });
    else if (c === '-' || c === '−') tokens.push({ kind: 'op', op: '-' });
    else if (c === '*' || c === 'x' || c === '×') tokens.push({ kind: 'op', op: '*' });
    else if (c === '/' || c === '÷') tokens.push({ kind: 'op', op: '/' });
    else if (c === '(' || c === ')') tokens.push({ kind: 'paren', open: c === '(' });
    else if (c === '%') tokens.push({ kind: 'pct' });
    else return null;
    i += 1;
  }
  return tokens;
}

/** The value of a pure arithmetic expression with at least one operator, or null when it is not one. */
export function evaluate(expression: string): number | null {
  const tokens = tokenize(expression);
  if (!tokens || !tokens.some((t) => t.kind === 'op')) return null;
  let at = 0;
  const peek = () => tokens[at];
  // expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ; factor := '-' factor | '(' expr ')' | num '%'?
  const expr = (): number | null => {
    let left = term();
    while (left !== null) {
      const t = peek();
      if (t?.kind !== 'op' || (t.op !== '+' && t.op !== '-')) break;
      at += 1;
      const right = term();
      if (right === null) return null;
      left = t.op === '+' ? left + right : left - right;
    }
    return left;
  };
  const term = (): number | null => {
    let left = factor();
    while (left !== null) {
      const t = peek();
      if (t?.kind !== 'op' || (t.op !== '*' && t.op !== '/')) break;
      at += 1;
      const right = factor();
      if (right === null || (t.op === '/' && right === 0)) return null;
      left = t.op === '*' ? left * right : left / right;
    }
    return left;
  };
  const factor = (): number | null => {
    const t = peek();
    if (!t) return null;
    at += 1;
    if (t.kind === 'op' && t.op === '-') {
      const v = factor();
      return v === null ? null : -v;
    }
    if (t.kind === 'paren' && t.open) {
      const v = expr();
      const close = peek();
      if (v === null || close?.kind !== 'paren' || close.open) return null;
      at += 1;
      return percent(v);
    }
    if (t.kind === 'num') return percent(t.value);
    return null;
  };
  const percent = (v: number) => {
    if (peek()?.kind !== 'pct') return v;
    at += 1;
    return v / 100;
  };
  const value = expr();
  return value !== null && at === tokens.length ? value : null;
}
