/** The grounding check and the chat period parser: pure functions, no I/O. */
import { describe, expect, it } from 'vitest';
import { findUnverified, markSentences, numbersIn } from '../../src/ask/grounding.js';
import { cutAnswer } from '../../src/ask/chat-ask.js';
import { parsePeriod } from '../../src/ask/periods.js';

const facts = (results: unknown, identifiers: string[] = [], question = '') => ({ numbers: numbersIn(results), identifiers, quoted: numbersIn(question) });

describe('grounding check', () => {
  const tool = { period: { from: '2026-11-16', to: '2026-11-22', days: 7 }, sku: 'POS-1001', title: 'Кружка 350 мл', revenue: 1234567.89, units: 312, drr: 0.0642, changePct: -0.1534 };

  it('accepts tool numbers however they are written and rounded', () => {
    const f = facts(tool, ['POS-1001']);
    for (const answer of [
      'Выручка POS-1001 за 16–22 ноября — 1 234 567,89 ₽.',
      'Revenue was 1,234,567.89 RUB from Nov 16 to Nov 22, 2026.',
      'Выручка — 1,2 млн ₽, продано 312 шт.',
      'Выручка около 1 235 тыс. ₽; ДРР 6,4 %; к прошлой неделе −15,3 %.',
      'Выручка 1 234 600 ₽ (22.11.2026), кружка 350 мл.',
      '1. Топ-3 товара: POS-1001.',
    ]) expect(findUnverified(answer, f), answer).toEqual([]);
  });

  it('finds invented numbers and marks only their sentences', () => {
    const answer = 'Продано 312 шт. Выручка выросла на 48 %. Маржа 22 000 ₽.';
    const bad = findUnverified(answer, facts(tool));
    expect(bad).toEqual([
      { sentence: 'Выручка выросла на 48 %.', numbers: ['48 %'] },
      { sentence: 'Маржа 22 000 ₽.', numbers: ['22 000'] },
    ]);
    expect(markSentences(answer, bad, '⚠')).toBe('Продано 312 шт. Выручка выросла на 48 %. ⚠ Маржа 22 000 ₽. ⚠');
  });

  it('lets the user’s own numbers be quoted back', () => {
    expect(findUnverified('Артикул 12345 за 30 дней не продавался.', facts({ found: false }, [], 'сколько продали 12345 за 30 дней'))).toEqual([]);
  });
});

describe('chat periods', () => {
  const last = '2026-11-22';
  it.each([
    ['вчера', { from: last, to: last }],
    ['неделя', { from: '2026-11-16', to: last }],
    ['за неделю', { from: '2026-11-16', to: last }],
    ['7d', { from: '2026-11-16', to: last }],
    ['30 дней', { from: '2026-10-24', to: last }],
    ['ноябрь', { from: '2026-11-01', to: last }],
    ['October', { from: '2026-10-01', to: '2026-10-31' }],
    ['декабрь', { from: '2025-12-01', to: '2025-12-31' }],
    ['2026-11-01..2026-11-07', { from: '2026-11-01', to: '2026-11-07' }],
  ])('reads «%s»', (text, period) => expect(parsePeriod(text, last)).toEqual(period));
  it.each(['послезавтра', '2026-02-30', '0d', '2026-11-07..2026-11-01'])('rejects «%s»', (text) => expect(parsePeriod(text, last)).toBeNull());
});

describe('cutting a long answer', () => {
  it('cuts at a sentence before the limit and keeps the source line', () => {
    const body = Array.from({ length: 200 }, (_, i) => `Предложение номер ${i}.`).join(' ');
    const cut = cutAnswer(`${body}\n\nИсточник: sales_summary.`, 500);
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut).toMatch(/\.…\n\nИсточник: sales_summary\.$/);
  });
});
