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
  staleData(when: string): string;
  actRestock(title: string): string;
  actReviewAds(title: string): string;
  actCheckDecline(title: string): string;
  actFixEtl(): string;
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
    actRestock: (title) => `Пополнить запас: ${title}.`,
    actReviewAds: (title) => `Проверить рекламную кампанию: ${title}.`,
    actCheckDecline: (title) => `Разобраться с падением продаж: ${title}.`,
    actFixEtl: () => 'Проверить загрузку данных (ETL).',
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
    actRestock: (title) => `Restock ${title}.`,
    actReviewAds: (title) => `Review the ad campaign of ${title}.`,
    actCheckDecline: (title) => `Look into the sales drop of ${title}.`,
    actFixEtl: () => 'Check the data load (ETL).',
    actNothing: () => 'Nothing urgent today.',
  },
};
