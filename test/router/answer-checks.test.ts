import { describe, expect, it } from 'vitest';
import { arithmeticSlips, evaluate } from '../../src/router/answer-arithmetic.js';
import { hedgeCount } from '../../src/router/answer-hedging.js';
import { finalIsFractional, finalNumber } from '../../src/router/answer-number.js';
import { doubtOf } from '../../src/router/escalate.js';

describe('answer checks', () => {
  it('finds the marked final number in the formats models use, and none when nothing is marked', () => {
    expect(finalNumber('9 * $2 = $<<9*2=18>>18.\n#### 18')).toBe(18);
    expect(finalNumber('#### $1,234.50')).toBe(1234.5);
    expect(finalNumber('#### -7')).toBe(-7);
    expect(finalNumber('So the result is \\boxed{42}.')).toBe(42);
    expect(finalNumber('Hence the answer is 3 bolts.')).toBe(3);
    expect(finalNumber('Ответ: 120 шт.')).toBe(120);
    expect(finalNumber('She makes 9 * $2 = $18 every day at the market.')).toBeNull();
    expect(finalIsFractional('#### 12.25')).toBe(true);
    expect(finalIsFractional('#### 12.0')).toBe(false);
    expect(finalIsFractional('no number')).toBe(false);
  });

  it('evaluates arithmetic with precedence, parentheses and percents, and refuses anything else', () => {
    expect(evaluate('20 + 20/4')).toBe(25);
    expect(evaluate('(50 - 5) * 2')).toBe(90);
    expect(evaluate('$3 + $3 × 2')).toBe(9);
    expect(evaluate('20% * 50')).toBe(10);
    expect(evaluate('-4 + 10')).toBe(6);
    expect(evaluate('1,000 / 8')).toBe(125);
    expect(evaluate('42')).toBeNull();
    expect(evaluate('5 / 0')).toBeNull();
    expect(evaluate('(3 + 4')).toBeNull();
    expect(evaluate('3 apples + 4')).toBeNull();
  });

  it('recomputes written calculations and calculator annotations, tolerating the rounding shown', () => {
    expect(arithmeticSlips('16 - 3 = 13 eggs.\n13 - 4 = 9 eggs.\n9 * $2 = $<<9*2=18>>18.')).toEqual([]);
    expect(arithmeticSlips('10/3 = 3.33 hours, 7/2 = 3.5, 2/3*100 = 66.67%')).toEqual([]);
    expect(arithmeticSlips('In total 20 + 25 + 70 + 60 = 165 rings.')).toEqual([{ expression: '20 + 25 + 70 + 60', stated: 165, computed: 175 }]);
    expect(arithmeticSlips('He pays <<12*21000+10500=261000>>261000.')).toEqual([{ expression: '12*21000+10500', stated: 261000, computed: 262500 }]);
    // Words between the numbers, a chained fraction on the right, a number glued to a word: not checked.
    expect(arithmeticSlips('24 pages / 4 days = 5 pages, 2/2 * 1/2 = 1/2, x2 + 3 = 9')).toEqual([]);
  });

  it('counts hedging phrases in English and Russian', () => {
    expect(hedgeCount('However, assuming she rounds up, it is approximately 3.')).toBe(4);
    expect(hedgeCount('Однако, предположим, что данных примерно на неделю.')).toBe(1);
    expect(hedgeCount('She sells 9 eggs for $18.')).toBe(0);
  });

  it('names the first check that doubts an answer', () => {
    expect(doubtOf('#### 12.5', ['answer-format', 'whole-number'])).toEqual({ check: 'whole-number', reason: 'final number 12.5 is not a whole number' });
    expect(doubtOf('about a dozen', ['arithmetic', 'answer-format'])).toEqual({ check: 'answer-format', reason: 'no extractable final number' });
    expect(doubtOf('3 + 4 = 7\n#### 7', ['answer-format', 'whole-number', 'arithmetic', 'hedging'])).toBeNull();
  });
});
