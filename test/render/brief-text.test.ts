import { describe, expect, it } from 'vitest';
import { renderBriefText } from '../../src/render/brief-text.js';
import { bigBrief, emptyBrief, makeBrief, makeItem } from '../fixtures/brief-fixture.js';

const ru = { locale: 'ru', timeZone: 'Europe/Moscow' } as const;
const en = { locale: 'en', timeZone: 'Europe/Moscow' } as const;
/** Intl separates groups and percent signs with no-break spaces; most assertions don't care which space. */
const text = (...args: Parameters<typeof renderBriefText>) => renderBriefText(...args).replace(/[\u00a0\u202f]/g, ' ');

describe('renderBriefText', () => {
  it('shows the top product and the summary in Russian with Russian headings', () => {
    const out = text(makeBrief(), ru);
    expect(out).toContain('Платье летнее миди, синее');
    expect(out).toContain('Выручка 1,23 млн ₽, на 5 % больше, чем вчера');
    for (const heading of ['Итоги дня', 'Лидеры', 'Рост и падение', 'Риски по остаткам', 'Реклама', 'Свежесть данных']) {
      expect(out).toContain(heading);
    }
    expect(out).toContain('к вчера +5 %');
    expect(out).toContain('[падение, нет в наличии]');
    expect(out).toContain('Текст: модель gpt-5-mini');
  });

  it('speaks English when the locale is en', () => {
    const out = renderBriefText(makeBrief(), en);
    for (const heading of ['Day totals', 'Top products', 'Growth and decline', 'Stock risks', 'Advertising', 'Data freshness']) {
      expect(out).toContain(heading);
    }
    expect(out).toContain('vs yesterday +5%');
    expect(out).toContain('[decline, out of stock]');
    expect(out).not.toMatch(/Итоги|Лидеры|к вчера|шт\./);
  });

  it('formats money the Russian way in ru and the English way in en', () => {
    expect(renderBriefText(makeBrief(), ru)).toMatch(/Выручка: 1[\u00a0\u202f]234[\u00a0\u202f]567[\u00a0\u202f]₽/);
    expect(renderBriefText(makeBrief(), en)).toContain('1,234,567');
    expect(text(makeBrief(), ru)).toContain('ДРР: 6,5 %');
    expect(renderBriefText(makeBrief(), en)).toContain('Ad spend / revenue: 6.5%');
  });

  it('leaves markup characters in titles as they are', () => {
    const brief = makeBrief();
    brief.items[0]!.title = 'Кружка <script>&"';
    expect(renderBriefText(brief, ru)).toContain('1. Кружка <script>&" — ');
  });

  it('shows a dash, never Infinity or NaN, for a ДРР without revenue and for unknown deltas', () => {
    const brief = makeBrief();
    brief.totals = { ...brief.totals, revenue: 0, drr: null };
    const out = renderBriefText(brief, ru);
    expect(out).toContain('ДРР: —');
    expect(out).toContain('Возвраты: 7 · к вчера —');
    expect(out).toContain('Чехол для iPhone 15, прозрачный — ДРР —');
    expect(out).not.toMatch(/Infinity|NaN|∞/);
  });

  it('says there were no sales on an empty day and still reports freshness', () => {
    for (const [opts, words] of [[ru, 'Нет продаж за день'], [en, 'No sales that day']] as const) {
      const out = renderBriefText(emptyBrief(), opts);
      expect(out).toContain(words);
      expect(out).not.toMatch(/Лидеры|Top products|NaN|undefined/);
      expect(out).toMatch(/Свежесть данных|Data freshness/);
    }
  });

  it('warns when the data is stale or its update time unknown', () => {
    const stale = makeBrief({ freshness: { lastDay: '2026-11-21', etlFinishedAt: '2026-11-22T02:00:00Z', stale: true } });
    expect(text(stale, ru)).toContain('⚠️ Данные устарели: последнее обновление 22 нояб., 05:00');
    expect(renderBriefText(stale, en)).toContain('⚠️ Data is stale');
    const unknown = makeBrief({ freshness: { lastDay: null, etlFinishedAt: null, stale: true } });
    expect(renderBriefText(unknown, ru)).toContain('⚠️ Нет сведений о последнем обновлении данных');
    expect(renderBriefText(makeBrief(), ru)).not.toContain('⚠️');
  });

  it('caps each list at five with a count of the rest', () => {
    const out = renderBriefText(bigBrief(49), ru);
    // 44 non-top items round-robin over four lists: 11 each, 5 shown.
    expect(out.match(/…и ещё 6/g)).toHaveLength(4);
    expect(renderBriefText(bigBrief(49), { ...en, maxItems: 2 })).toContain('…and 9 more');
  });

  it('writes how many bad rows were skipped', () => {
    expect(renderBriefText(makeBrief(), ru)).toContain('Пропущено строк с ошибками: 1');
    expect(renderBriefText(makeBrief(), en)).toContain('Bad rows skipped: 1');
  });

  it('keeps a model-written newline from breaking the line structure', () => {
    const brief = makeBrief({ narrative: { summary: 'Первая строка\nвторая', highlights: [], actions: [] } });
    brief.items.push(makeItem({ sku: 'X', title: 'a\nb' }));
    expect(renderBriefText(brief, ru)).toContain('Первая строка вторая');
  });
});
