import { describe, expect, it } from 'vitest';
import { renderBriefTelegram } from '../../src/render/brief-telegram.js';
import { telegramTextLength } from '../../src/render/telegram-html.js';
import { bigBrief, bigTitle, emptyBrief, makeBrief } from '../fixtures/brief-fixture.js';

const ru = { locale: 'ru', timeZone: 'Europe/Moscow' } as const;
const en = { locale: 'en', timeZone: 'Europe/Moscow' } as const;
const ALLOWED = new Set(['b', 'i', 'u', 's', 'code', 'pre', 'a', 'blockquote']);
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function tagsOf(html: string): { name: string; closing: boolean }[] {
  return [...html.matchAll(/<(\/?)([a-zA-Z-]+)[^>]*>/g)].map(([, slash, name]) => ({ name: name!, closing: slash === '/' }));
}

function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const tag of tagsOf(html)) {
    if (!tag.closing) stack.push(tag.name);
    else if (stack.pop() !== tag.name) return false;
  }
  return stack.length === 0;
}

describe('renderBriefTelegram', () => {
  it('renders the fixture in one message per locale with headings, figures and only supported tags', () => {
    const [ruMessage, ...restRu] = renderBriefTelegram(makeBrief(), ru);
    const [enMessage, ...restEn] = renderBriefTelegram(makeBrief(), en);
    expect(restRu).toEqual([]);
    expect(restEn).toEqual([]);
    expect(nbsp(ruMessage!)).toContain('<b>📊 Итоги дня</b>\nВыручка: <b>1 234 567 ₽</b> · к вчера +5 % · к прошлой неделе -3 %');
    expect(nbsp(enMessage!)).toContain('<b>📊 Day totals</b>\nRevenue: <b>RUB 1,234,567</b> · vs yesterday +5% · vs last week -3%');
    expect(ruMessage).toContain('1. <b>Платье летнее миди, синее</b>');
    expect(ruMessage).toContain('Выручка 1,23 млн ₽');
    for (const m of [ruMessage!, enMessage!]) {
      expect(tagsOf(m).every((t) => ALLOWED.has(t.name))).toBe(true);
      expect(balanced(m)).toBe(true);
    }
  });

  it('escapes markup in product titles', () => {
    const brief = makeBrief();
    brief.items[0]!.title = 'Кружка <script>&"';
    const [message] = renderBriefTelegram(brief, ru);
    expect(message).toContain('<b>Кружка &lt;script&gt;&amp;&quot;</b>');
    expect(message).not.toContain('<script>');
    expect(message).toContain('<b>Набор кастрюль &lt;Premium&gt; &amp; крышки</b>');
  });

  it('keeps every message of a 600-product brief within 4096 characters, each product exactly once', () => {
    const brief = bigBrief(600);
    const messages = renderBriefTelegram(brief, { ...ru, maxItems: Infinity });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(4096);
      expect(telegramTextLength(m)).toBeLessThanOrEqual(4096);
      expect(balanced(m)).toBe(true);
    }
    const all = messages.join('\n');
    for (let i = 0; i < 600; i++) {
      expect(all.split(escaped(bigTitle(i))).length - 1, bigTitle(i)).toBe(1);
    }
  });

  it('splits only between blocks, and inside an oversized block only between lines', () => {
    const whole = renderBriefTelegram(bigBrief(600), { ...ru, maxItems: Infinity });
    // Every product line arrives whole: no cut inside a line.
    const itemLines = whole.flatMap((m) => m.split('\n')).filter((l) => l.includes('Товар №'));
    expect(itemLines).toHaveLength(600);
    for (const l of itemLines) expect(l).toMatch(/^(\d+\. |• )<b>Товар №\d{4} &lt;XL&gt; &amp; &quot;Pro&quot;<\/b> — /);
    // No message starts in the middle of a line: each begins with a heading or an item.
    for (const m of whole) expect(m).toMatch(/^(<b>|• |\d+\. )/);
  });

  it('fits a capped big brief in one message', () => {
    expect(renderBriefTelegram(bigBrief(600), ru)).toHaveLength(1);
  });

  it('renders an empty day and a stale warning', () => {
    const [ruEmpty] = renderBriefTelegram(emptyBrief(), ru);
    const [enStale] = renderBriefTelegram(makeBrief({ freshness: { lastDay: '2026-11-21', etlFinishedAt: '2026-11-22T02:00:00Z', stale: true } }), en);
    expect(ruEmpty).toContain('<i>Нет продаж за день.</i>');
    expect(ruEmpty).not.toContain('Лидеры');
    expect(enStale).toContain('<b>⚠️ Data is stale');
  });

  it('keeps a brief to two text messages whatever the narrative, closing with a note (issue 8, item 6)', () => {
    const highlights = Array.from({ length: 300 }, (_, i) => `Пункт ${i}: ${'очень длинное наблюдение '.repeat(10)}`);
    const messages = renderBriefTelegram(makeBrief({ narrative: { summary: 'x', highlights, actions: [] } }), ru);
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      expect(telegramTextLength(m)).toBeLessThanOrEqual(4096);
      expect(balanced(m)).toBe(true);
    }
    expect(messages[1]).toMatch(/<i>…сводка сокращена: полные списки — по кнопке «Подробнее»\.<\/i>$/);
  });

  it('cuts a 100,000-character product title to a readable length with "…"', () => {
    const brief = makeBrief();
    const item = brief.items[0]!;
    brief.items[0] = { ...item, title: `<b>${'Ж'.repeat(100_000)}` };
    const messages = renderBriefTelegram(brief, ru);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/<b>&lt;b&gt;Ж{70,77}…<\/b>/);
    expect(messages[0]).not.toContain('Ж'.repeat(80));
  });
});
