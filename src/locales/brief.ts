/**
 * Every word of the morning brief a person reads, in Russian (the default) and English.
 * Figures arrive already formatted (see `src/render/format.ts`), so these functions only place
 * them in a sentence; Russian phrasing avoids number agreement ("дн.", "шт.", "строк с ошибками: N")
 * so no plural rules are needed.
 */
import type { Locale } from '../config.js';
import type { Tag } from '../insights/types.js';

export interface BriefText {
  /** The message title; `day` is already formatted, e.g. "вс, 22 нояб.". */
  title(day: string): string;
  sections: {
    totals: string;
    narrative: string;
    top: string;
    movers: string;
    stock: string;
    ads: string;
    freshness: string;
  };
  growth: string;
  decline: string;
  highlights: string;
  actions: string;
  tags: Record<Tag, string>;
  revenue: string;
  orders: string;
  units: string;
  returns: string;
  adSpend: string;
  /** Short name of ad spend ÷ revenue. */
  drr: string;
  vsPrevDay: string;
  vsWeekAgo: string;
  /** Shown instead of the totals when the day had no sales at all. */
  noSales: string;
  /** A quantity in pieces: "12 шт." / "12 pcs". */
  pieces(n: string): string;
  /** How long the stock lasts at the recent rate: "≈3 дн." / "≈3 days". */
  daysOfCover(n: string): string;
  stockLeft(n: string): string;
  outOfStock: string;
  /** Revenue a week earlier → now: "12 000 ₽ → 17 400 ₽". */
  weekAgoToNow(before: string, now: string): string;
  /** The ad-inefficiency explanation: "реклама 4 200 ₽ при выручке 12 000 ₽". */
  adsOverRevenue(adSpend: string, revenue: string): string;
  /** A capped list's tail: "…и ещё 12". */
  more(n: string): string;
  freshness: {
    fresh(at: string): string;
    stale(at: string): string;
    /** No finished ETL run is known. */
    unknown: string;
    lastDay(day: string): string;
  };
  badRows(n: string): string;
  /** The top line of a partial day: `skipped` of `expected` SKUs missing or bad (`share`). */
  partialDay(skipped: string, expected: string, share: string): string;
  narrativeSource: { model(name: string): string; template: string };
  buttons: { details: string; chart: string };
  /** Appended to a title when a brief continues in another message. */
  continued: string;
  /** Closes a brief cut to its message budget. */
  shortened: string;
}

const ru: BriefText = {
  title: (day) => `Сводка за ${day}`,
  sections: {
    totals: 'Итоги дня',
    narrative: 'Главное',
    top: 'Лидеры',
    movers: 'Рост и падение',
    stock: 'Риски по остаткам',
    ads: 'Реклама',
    freshness: 'Свежесть данных',
  },
  growth: 'Рост',
  decline: 'Падение',
  highlights: 'Что важно',
  actions: 'Что сделать',
  tags: {
    top: 'топ',
    growth: 'рост',
    decline: 'падение',
    out_of_stock: 'нет в наличии',
    low_stock: 'мало на складе',
    ad_inefficient: 'дорогая реклама',
    price_change: 'цена изменилась',
    returns_spike: 'всплеск возвратов',
    new: 'новинка',
  },
  revenue: 'Выручка',
  orders: 'Заказы',
  units: 'Продано',
  returns: 'Возвраты',
  adSpend: 'Реклама',
  drr: 'ДРР',
  vsPrevDay: 'к вчера',
  vsWeekAgo: 'к прошлой неделе',
  noSales: 'Нет продаж за день.',
  pieces: (n) => `${n} шт.`,
  daysOfCover: (n) => `хватит на ≈${n} дн.`,
  stockLeft: (n) => `остаток ${n} шт.`,
  outOfStock: 'нет в наличии',
  weekAgoToNow: (before, now) => `${before} → ${now}`,
  adsOverRevenue: (ad, revenue) => `реклама ${ad} при выручке ${revenue}`,
  more: (n) => `…и ещё ${n}`,
  freshness: {
    fresh: (at) => `Данные обновлены ${at}.`,
    stale: (at) => `⚠️ Данные устарели: последнее обновление ${at}. Проверьте выгрузку (ETL).`,
    unknown: '⚠️ Нет сведений о последнем обновлении данных. Проверьте выгрузку (ETL).',
    lastDay: (day) => `Последний день в данных: ${day}`,
  },
  badRows: (n) => `Пропущено строк с ошибками: ${n}.`,
  partialDay: (skipped, expected, share) =>
    `⚠️ Неполный день: нет данных по ${skipped} из ${expected} товаров (${share}). Итоги — по пришедшим товарам, сравнения — по тем же товарам в оба дня.`,
  narrativeSource: { model: (name) => `Текст: модель ${name}`, template: 'Текст: шаблон' },
  buttons: { details: 'Подробнее', chart: 'График' },
  continued: '(продолжение)',
  shortened: '…сводка сокращена: полные списки — по кнопке «Подробнее».',
};

const en: BriefText = {
  title: (day) => `Brief for ${day}`,
  sections: {
    totals: 'Day totals',
    narrative: 'In short',
    top: 'Top products',
    movers: 'Growth and decline',
    stock: 'Stock risks',
    ads: 'Advertising',
    freshness: 'Data freshness',
  },
  growth: 'Growing',
  decline: 'Declining',
  highlights: 'What matters',
  actions: 'What to do',
  tags: {
    top: 'top',
    growth: 'growth',
    decline: 'decline',
    out_of_stock: 'out of stock',
    low_stock: 'low stock',
    ad_inefficient: 'costly ads',
    price_change: 'price changed',
    returns_spike: 'returns spike',
    new: 'new',
  },
  revenue: 'Revenue',
  orders: 'Orders',
  units: 'Units sold',
  returns: 'Returns',
  adSpend: 'Ad spend',
  drr: 'Ad spend / revenue',
  vsPrevDay: 'vs yesterday',
  vsWeekAgo: 'vs last week',
  noSales: 'No sales that day.',
  pieces: (n) => `${n} pcs`,
  daysOfCover: (n) => `lasts ≈${n} days`,
  stockLeft: (n) => `${n} pcs left`,
  outOfStock: 'out of stock',
  weekAgoToNow: (before, now) => `${before} → ${now}`,
  adsOverRevenue: (ad, revenue) => `ads ${ad} for revenue ${revenue}`,
  more: (n) => `…and ${n} more`,
  freshness: {
    fresh: (at) => `Data updated ${at}.`,
    stale: (at) => `⚠️ Data is stale: last updated ${at}. Check the ETL export.`,
    unknown: '⚠️ No record of the last data update. Check the ETL export.',
    lastDay: (day) => `Last day in the data: ${day}`,
  },
  badRows: (n) => `Bad rows skipped: ${n}.`,
  partialDay: (skipped, expected, share) =>
    `⚠️ Partial day: no data for ${skipped} of ${expected} products (${share}). Totals cover the products that arrived; comparisons use the same products on both days.`,
  narrativeSource: { model: (name) => `Text: model ${name}`, template: 'Text: template' },
  buttons: { details: 'Details', chart: 'Chart' },
  continued: '(continued)',
  shortened: '…brief shortened: the full lists are behind Details.',
};

export const briefText: Record<Locale, BriefText> = { ru, en };
