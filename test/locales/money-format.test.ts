/** One money format (issue 10 item 4): whole units from 100 up, kopecks below — in text and in charts. */
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/locales/format.js';
import { formatPointValue, formatValue } from '../../src/render/chart/chart-text.js';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money format', () => {
  it('text: kopecks below 100, whole rubles from 100, no ",00" on a whole amount', () => {
    expect(plain(formatMoney(6.59, 'ru'))).toBe('6,59 ₽');
    expect(plain(formatMoney(6.5, 'ru'))).toBe('6,50 ₽');
    expect(plain(formatMoney(50, 'ru'))).toBe('50 ₽');
    expect(plain(formatMoney(99.99, 'ru'))).toBe('99,99 ₽');
    expect(plain(formatMoney(100.4, 'ru'))).toBe('100 ₽');
    expect(plain(formatMoney(649.5, 'ru'))).toBe('650 ₽');
    expect(plain(formatMoney(12_345.67, 'ru'))).toBe('12 346 ₽');
    expect(plain(formatMoney(6.59, 'en'))).toBe('RUB 6.59');
    expect(plain(formatMoney(1234.5, 'en'))).toBe('RUB 1,235');
  });

  it('charts follow the same rule outside compact notation', () => {
    const base = { locale: 'ru' as const, unit: 'money' as const, currency: 'RUB' };
    expect(plain(formatValue(6.59, { ...base, compact: false }))).toBe('6,59 ₽');
    expect(plain(formatValue(649.5, { ...base, compact: false }))).toBe('650 ₽');
    expect(plain(formatPointValue(5_432, base))).toBe('5 432 ₽');
  });
});
