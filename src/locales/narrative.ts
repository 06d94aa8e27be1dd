/**
 * The template narrative of the brief (used when no model answered), in Russian and English.
 * Functions receive already formatted values so the wording stays here and the numbers in Intl.
 */
import type { Locale } from '../config.js';

export interface NarrativeText {
  noSales(day: string): string;
  summary(a: { day: string; revenue: string; vsPrev: string; vsWeek: string; orders: string; drr: string | null }): string;
  topProduct(title: string, revenue: string): string;
  growth(title: string, delta: string): string;
  decline(title: string, delta: string): string;
  outOfStock(n: number, titles: string): string;
  lowStock(title: string, days: string): string;
  adInefficient(title: string, drr: string | null): string;
  newProducts(n: number, titles: string): string;
  badRows(n: number): string;
  /** A partial day: `skipped` of `expected` SKUs missing or bad, `share` formatted. */
  partialDay(skipped: string, expected: string, share: string): string;
  staleData(when: string): string;
  /** Out of stock: it sold `perDay` a day before the shelf emptied. */
  actRestock(title: string, perDay: string): string;
  /** Low stock: `days` of cover left at `perDay` of sales a day. */
  actReorder(title: string, days: string, perDay: string): string;
  /** Ads that do not pay: `ad` spent for `revenue`. */
  actPauseAds(title: string, ad: string, revenue: string): string;
  /** A decline that follows a price rise (`from` → `to`), `lost` revenue vs a week earlier. */
  actFixPrice(title: string, from: string, to: string, lost: string): string;
  /** A sharp overnight price move (`from` → `to`, `delta`): a possible pricing error. */
  actCheckPrice(title: string, from: string, to: string, delta: string): string;
  /** A decline that follows cut ad spend (`from` → `to`). */
  actCheckAds(title: string, from: string, to: string, lost: string): string;
  /** A decline with stock, price and ads unchanged: look at the product card. */
  actCheckCard(title: string, lost: string): string;
  /** A returns spike: `n` returns worth `value`. */
  actCheckReturns(title: string, n: string, value: string): string;
  actFixEtl(): string;
  /** A partial day: `skipped` of `expected` SKUs did not arrive. */
  actCheckPartial(skipped: string, expected: string): string;
  actNothing(): string;
}

const ruPlural = (n: number, one: string, few: string, many: string) => {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
};

export const narrativeText: Record<Locale, NarrativeText> = {
  ru: {
    noSales: (day) => `За ${day} продаж нет.`,
    summary: (a) =>
      `Выручка за ${a.day} — ${a.revenue} (${a.vsPrev} к вчера, ${a.vsWeek} к прошлой неделе), заказов ${a.orders}` +
      (a.drr ? `, ДРР ${a.drr}.` : '.'),
    topProduct: (title, revenue) => `Лидер дня: ${title} — ${revenue}.`,
    growth: (title, delta) => `Сильнее всего выросла выручка: ${title} (${delta} к прошлой неделе).`,
    decline: (title, delta) => `Сильнее всего упала выручка: ${title} (${delta} к прошлой неделе).`,
    outOfStock: (n, titles) => `${n} ${ruPlural(n, 'товар закончился', 'товара закончились', 'товаров закончились')} на складе: ${titles}.`,
    lowStock: (title, days) => `${title}: запаса на ${days} дн.`,
    adInefficient: (title, drr) => (drr ? `Дорогая реклама: ${title} — ДРР ${drr}.` : `Реклама без продаж: ${title}.`),
    newProducts: (n, titles) => `${ruPlural(n, 'Новинка', 'Новинки', 'Новинки')}: ${titles}.`,
    badRows: (n) => `Пропущено ${n} ${ruPlural(n, 'некорректная строка', 'некорректные строки', 'некорректных строк')} ETL.`,
    staleData: (when) => `Данные устарели: последняя загрузка ${when}.`,
    partialDay: (skipped, expected, share) =>
      `Данные за день неполные: нет ${skipped} из ${expected} товаров (${share}); сравнения — по одним и тем же товарам в оба дня.`,
    actRestock: (title, perDay) => `Пополнить запас: ${title} — товар закончился, до этого продавался на ≈${perDay} в день.`,
    actReorder: (title, days, perDay) => `Заказать поставку: ${title} — запаса на ${days} дн., продажи ≈${perDay} в день.`,
    actPauseAds: (title, ad, revenue) => `Приостановить или перенастроить рекламу: ${title} — ${ad} на рекламу при выручке ${revenue}.`,
    actFixPrice: (title, from, to, lost) => `Проверить цену: ${title} — цена поднялась с ${from} до ${to}, выручка на ${lost} ниже, чем неделю назад.`,
    actCheckPrice: (title, from, to, delta) => `Проверить цену: ${title} — за день ${from} → ${to} (${delta}), возможна ошибка в цене.`,
    actCheckAds: (title, from, to, lost) => `Проверить рекламу: ${title} — расход упал с ${from} до ${to}, выручка на ${lost} ниже, чем неделю назад.`,
    actCheckCard: (title, lost) => `Проверить карточку товара: ${title} — выручка на ${lost} ниже, чем неделю назад, хотя запас, цена и реклама те же.`,
    actCheckReturns: (title, n, value) => `Разобраться с возвратами: ${title} — возвратов ${n} на ${value}.`,
    actFixEtl: () => 'Проверить загрузку данных (ETL).',
    actCheckPartial: (skipped, expected) => `Проверить выгрузку данных (ETL): за день нет ${skipped} из ${expected} товаров.`,
    actNothing: () => 'Срочных действий не требуется.',
  },
  en: {
    noSales: (day) => `No sales on ${day}.`,
    summary: (a) =>
      `Revenue on ${a.day}: ${a.revenue} (${a.vsPrev} vs yesterday, ${a.vsWeek} vs last week), ${a.orders} orders` +
      (a.drr ? `, ad spend ${a.drr} of revenue.` : '.'),
    topProduct: (title, revenue) => `Top product: ${title} — ${revenue}.`,
    growth: (title, delta) => `Biggest riser: ${title} (${delta} vs last week).`,
    decline: (title, delta) => `Biggest faller: ${title} (${delta} vs last week).`,
    outOfStock: (n, titles) => `${n} ${n === 1 ? 'product is' : 'products are'} out of stock: ${titles}.`,
    lowStock: (title, days) => `${title}: ${days} days of stock left.`,
    adInefficient: (title, drr) => (drr ? `Costly ads: ${title} — ad spend ${drr} of revenue.` : `Ads without sales: ${title}.`),
    newProducts: (n, titles) => `New ${n === 1 ? 'product' : 'products'}: ${titles}.`,
    badRows: (n) => `${n} bad ETL ${n === 1 ? 'row' : 'rows'} skipped.`,
    staleData: (when) => `Data is stale: last load ${when}.`,
    partialDay: (skipped, expected, share) =>
      `The day's data is partial: ${skipped} of ${expected} products missing (${share}); comparisons use the same products on both days.`,
    actRestock: (title, perDay) => `Restock ${title}: it is out of stock and sold ≈${perDay} a day before.`,
    actReorder: (title, days, perDay) => `Order a delivery of ${title}: ${days} days of stock left at ≈${perDay} of sales a day.`,
    actPauseAds: (title, ad, revenue) => `Pause or retune the ads of ${title}: ${ad} spent for ${revenue} of revenue.`,
    actFixPrice: (title, from, to, lost) => `Check the price of ${title}: it went up from ${from} to ${to}, and revenue is ${lost} below last week.`,
    actCheckPrice: (title, from, to, delta) => `Check the price of ${title}: ${from} → ${to} overnight (${delta}), possibly a pricing error.`,
    actCheckAds: (title, from, to, lost) => `Check the ads of ${title}: spend fell from ${from} to ${to}, and revenue is ${lost} below last week.`,
    actCheckCard: (title, lost) => `Check the product card of ${title}: revenue is ${lost} below last week with the same stock, price and ads.`,
    actCheckReturns: (title, n, value) => `Look into the returns of ${title}: ${n} returns worth ${value}.`,
    actFixEtl: () => 'Check the data load (ETL).',
    actCheckPartial: (skipped, expected) => `Check the data export (ETL): ${skipped} of ${expected} products are missing for the day.`,
    actNothing: () => 'Nothing urgent today.',
  },
};
