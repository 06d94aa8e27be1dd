/**
 * Issue 10 item 6: every alert kind, as the real detectors raise it, reads as sentences a seller
 * understands in both locales — what happened and since when, the normal range in the metric's
 * unit, the money a day, what to do — with no key=value dumps or "5 – 5" ranges; the Details
 * chart names its metric and unit and its band on the alert's day is the range the text states.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/config.js';
import { ALERT_KINDS, type AlertKind } from '../../../src/insights/anomalies/candidate.js';
import { alertContent } from '../../../src/render/alert-content.js';
import { alertChartInput, alertDetailsReply } from '../../../src/render/alert-details.js';
import { metricFormatter } from '../../../src/render/alert-figures.js';
import { plainText, renderAlertMessage } from '../../../src/render/alert-message.js';
import { formatNumber } from '../../../src/locales/format.js';
import { alertOf, config, ROWS } from './kinds.js';

const opts = (locale: Locale) => ({ locale, currency: 'RUB', timeZone: 'Europe/Moscow' });
const tidy = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const text = (kind: AlertKind, locale: Locale) => tidy(plainText(alertContent([alertOf(kind)], opts(locale))));

const EXPECTED: Record<AlertKind, Record<Locale, string>> = {
  sales_drop: {
    ru: `🟠 Внимание · Падение продаж — Кружка керамическая (A1)
Продажи упали: 7 шт. за вс, 22 нояб. при обычных ≈30 шт. в день; началось пт, 20 нояб.
Норма: 16–44 шт. в день
Под угрозой ≈11 425 ₽ в день
Что сделать: проверьте карточку — видна ли она в поиске, не изменились ли цена и фото, есть ли остаток на складах маркетплейса.`,
    en: `🟠 Warning · Sales drop — Кружка керамическая (A1)
Sales dropped: 7 pcs on Sun, Nov 22 against the usual ≈30 pcs a day; started Fri, Nov 20
Normal: 16–44 pcs a day
At risk ≈RUB 11,425 a day
What to do: check the listing — is it visible in search, did the price or photos change, is there stock in the marketplace warehouses.`,
  },
  sales_spike: {
    ru: `🟠 Внимание · Всплеск продаж — Кружка керамическая (A1)
Продажи выросли: 140 шт. за вс, 22 нояб. при обычных ≈32 шт. в день; началось вс, 22 нояб.
Норма: 18–46 шт. в день
Дополнительная выручка ≈53 961 ₽ в день — ничего не теряется, если хватит остатка
Что сделать: убедитесь, что цена не ошибочная, и пополните остаток — при таком спросе 2 000 шт. хватит на ≈14 дн.`,
    en: `🟠 Warning · Sales spike — Кружка керамическая (A1)
Sales jumped: 140 pcs on Sun, Nov 22 against the usual ≈32 pcs a day; started Sun, Nov 22
Normal: 18–46 pcs a day
Extra revenue ≈RUB 53,961 a day — nothing is lost as long as stock lasts
What to do: make sure the price is not a mistake and restock — at this rate 2,000 pcs last ≈14 days.`,
  },
  zero_sales: {
    ru: `🟠 Внимание · Продажи остановились — Кружка керамическая (A1)
Продаж нет с сб, 21 нояб. (дней без продаж: 2), хотя на складе 2 000 шт.; обычно ≈30 шт. в день
Норма: 17–44 шт. в день
Под угрозой ≈15 246 ₽ в день
Что сделать: проверьте карточку — видна ли она в поиске, не заблокирована ли, на месте ли цена и остаток на складе маркетплейса.`,
    en: `🟠 Warning · Sales stopped — Кружка керамическая (A1)
No sales since Sat, Nov 21 (days without sales: 2) with 2,000 pcs in stock; usually ≈30 pcs a day
Normal: 17–44 pcs a day
At risk ≈RUB 15,246 a day
What to do: check the listing — is it visible in search, not blocked, with its price and marketplace stock in place.`,
  },
  stockout: {
    ru: `🟠 Внимание · Товар закончился — Кружка керамическая (A1)
Товар закончился чт, 19 нояб. (дней без остатка: 4), а покупают его ≈25 шт. в день
Норма: запас не меньше чем на 5 дн. продаж — от 123 шт. при нынешнем спросе
Под угрозой ≈12 292 ₽ в день
Что сделать: пополните остаток — на 14 дн. продаж нужно ≈345 шт.`,
    en: `🟠 Warning · Out of stock — Кружка керамическая (A1)
Out of stock since Thu, Nov 19 (days out: 4) while it sells ≈25 pcs a day
Normal: stock for at least 5 days of sales — from 123 pcs at the current rate
At risk ≈RUB 12,292 a day
What to do: restock — 14 days of sales need ≈345 pcs.`,
  },
  low_cover: {
    ru: `🟠 Внимание · Остаток на исходе — Кружка керамическая (A1)
Остатка 40 шт. хватит примерно на 1,5 дн. — до пн, 23 нояб. — при продажах ≈27 шт. в день; запас мал с вс, 22 нояб.
Норма: запас не меньше чем на 5 дн. продаж — от 136 шт. при нынешнем спросе
Под угрозой ≈13 645 ₽ в день
Что сделать: закажите поставку — чтобы хватило на 14 дн., нужно ещё ≈343 шт.`,
    en: `🟠 Warning · Stock running low — Кружка керамическая (A1)
40 pcs left will last about 1.5 days — until Mon, Nov 23 — at ≈27 pcs a day; low since Sun, Nov 22
Normal: stock for at least 5 days of sales — from 136 pcs at the current rate
At risk ≈RUB 13,645 a day
What to do: order a delivery — 14 days of sales need ≈343 more pcs.`,
  },
  price_anomaly: {
    ru: `🔴 Критично · Странная цена — Кружка керамическая (A1)
Цена 50 ₽ вместо обычной 500 ₽ (×0,1) с вс, 22 нояб.
Норма: 470 ₽ – 530 ₽
Под угрозой ≈15 750 ₽ в день
Что сделать: исправьте цену в карточке — обычно она 500 ₽; похоже на лишний или пропущенный ноль.`,
    en: `🔴 Critical · Suspicious price — Кружка керамическая (A1)
Price RUB 50 instead of the usual RUB 500 (×0.1) since Sun, Nov 22
Normal: RUB 470 – RUB 530
At risk ≈RUB 15,750 a day
What to do: fix the price in the listing — it is usually RUB 500; it looks like an extra or a missing zero.`,
  },
  ad_spend_spike: {
    ru: `🟠 Внимание · Всплеск расхода на рекламу — Кружка керамическая (A1)
Реклама потратила 10 400 ₽ за вс, 22 нояб. при обычных ≈940 ₽ в день (×11,1); началось вс, 22 нояб.
Норма: 376 ₽ – 1 504 ₽ в день
Под угрозой ≈9 460 ₽ в день
Что сделать: проверьте ставки и дневной лимит кампании; если расход не оправдан продажами — приостановите её.`,
    en: `🟠 Warning · Ad spend spike — Кружка керамическая (A1)
Ads spent RUB 10,400 on Sun, Nov 22 against the usual ≈RUB 940 a day (×11.1); started Sun, Nov 22
Normal: RUB 376 – RUB 1,504 a day
At risk ≈RUB 9,460 a day
What to do: check the campaign's bids and daily limit; if sales do not justify the spend, pause it.`,
  },
  drr_high: {
    ru: `🟠 Внимание · Высокий ДРР — Кружка керамическая (A1)
ДРР за 3 дня 60 %: реклама 30 000 ₽ при выручке 50 000 ₽; с пт, 20 нояб.
Норма: ДРР до 35 %
Под угрозой ≈4 167 ₽ в день
Что сделать: снизьте ставки или приостановите кампанию — реклама забирает 60 % выручки при пороге 35 %.`,
    en: `🟠 Warning · High ad cost share — Кружка керамическая (A1)
3-day ad cost share 60%: ads RUB 30,000 against revenue RUB 50,000; since Fri, Nov 20
Normal: ad cost share up to 35%
At risk ≈RUB 4,167 a day
What to do: lower the bids or pause the campaign — ads take 60% of revenue against the 35% threshold.`,
  },
  returns_spike: {
    ru: `🟠 Внимание · Всплеск возвратов — Кружка керамическая (A1)
Вернули 12 шт. за вс, 22 нояб. при обычных ≈0,1 шт. в день; началось вс, 22 нояб.
Норма: до 3,1 шт. в день
Под угрозой ≈6 000 ₽ в день
Что сделать: проверьте карточку (описание, размеры, фото) и партию товара — в них обычно причина возвратов.`,
    en: `🟠 Warning · Returns spike — Кружка керамическая (A1)
12 pcs returned on Sun, Nov 22 against the usual ≈0.1 pcs a day; started Sun, Nov 22
Normal: up to 3.1 pcs a day
At risk ≈RUB 6,000 a day
What to do: check the listing (description, sizes, photos) and the batch — that is where returns usually come from.`,
  },
  etl_stale: {
    ru: `🔴 Критично · Данные не обновились — магазин
Данные не обновлялись 30 ч: последняя успешная выгрузка 22 нояб., 03:02, ждали к 06:00
Норма: выгрузка каждый день к 06:00, данные не старше 24 ч
Что сделать: проверьте выгрузку данных — пока она не придёт, цифры в сводке и алертах устаревшие.`,
    en: `🔴 Critical · Data not refreshed — shop
Data not refreshed for 30 h: last successful load Nov 22, 03:02 AM, expected by 06:00
Normal: a load every day by 06:00, data no older than 24 h
What to do: check the data load — until it arrives, the figures in the brief and alerts are out of date.`,
  },
};

describe.each(ALERT_KINDS.map((kind) => ({ kind })))('the $kind alert', ({ kind }) => {
  it.each(['ru', 'en'] as const)('reads as sentences in %s: what and since when, the norm in its unit, money a day, what to do', (locale) => {
    expect(text(kind, locale)).toBe(EXPECTED[kind][locale]);
  });

  it.each(['ru', 'en'] as const)('has no developer text in %s, in the message or in Details', (locale) => {
    const a = alertOf(kind);
    const details = alertDetailsReply(a, kind === 'etl_stale' ? [] : ROWS[kind], [], { ...opts(locale), thresholds: config.thresholds.detectors });
    const all = tidy([text(kind, locale), ...details.blocks.map((b) => (b.type === 'text' || b.type === 'heading' ? b.text : ''))].join('\n'));
    expect(all).not.toMatch(/\w=/);
    expect(all).not.toMatch(/\b(daysOut|zeroDays|unitPrice|forecastDailyUnits|sameWeekday|recentMeanUnits|referencePrices|adSpend3d|undefined|null|NaN)\b/);
    // No range whose two ends read the same ("5 – 5"), no "до 0".
    for (const [, lo, hi] of all.matchAll(/([\d ,.]+\S*)\s?–\s?([\d ,.]+\S*)/g)) expect(lo!.trim()).not.toBe(hi!.trim());
    expect(all).not.toMatch(/(до|up to) 0\b/);
    expect(all).toContain(locale === 'ru' ? 'Что сделать:' : 'What to do:');
  });
});

describe('the Details chart', () => {
  const chartKinds = ALERT_KINDS.filter((k): k is Exclude<AlertKind, 'etl_stale'> => k !== 'etl_stale');

  it.each(chartKinds.flatMap((kind) => (['ru', 'en'] as const).map((locale) => ({ kind, locale }))))(
    '$kind ($locale): names its metric and unit, and its band on the alert day is the range in the text',
    ({ kind, locale }) => {
      const a = alertOf(kind);
      const input = alertChartInput(a, ROWS[kind], { ...opts(locale), thresholds: config.thresholds.detectors });
      const norm = text(kind, locale).split('\n').find((l) => l.startsWith(locale === 'ru' ? 'Норма:' : 'Normal:'))!;
      const unit = { ru: { units: 'шт. в день', returns: 'шт. в день', days_of_cover: 'шт.', price: '₽', ad_spend: '₽ в день', drr: '%' }, en: { units: 'pcs a day', returns: 'pcs a day', days_of_cover: 'pcs', price: '₽', ad_spend: '₽ a day', drr: '%' } }[locale];
      expect(input.subtitle).toMatch(new RegExp(`^\\S.*, ${unit[a.metric as keyof typeof unit].replace(/[.%]/g, '\\$&')} · `));
      const band = input.band!.find((b) => b.day === a.scanDay)!;
      // The chart draws stock in units: the text's "от N шт." is the band's floor.
      const fmt = a.metric === 'days_of_cover' ? (v: number) => formatNumber(v, locale, 0) : metricFormatter(a, locale, 'RUB');
      const range = tidy(input.subtitle!.split(' · ').at(-1)!.replace(/^(норма|normal) /, ''));
      expect(tidy(norm)).toContain(range);
      const lowOpen = /^(до|up to) /.test(range);
      const highOpen = /^(от|from) /.test(range);
      if (!lowOpen) expect(range).toContain(tidy(fmt(band.low)));
      else expect(band.low).toBe(0);
      if (!highOpen) expect(range).toContain(tidy(fmt(band.high)));
      else expect(band.high).toBeGreaterThan(band.low);
    },
  );
});

describe('alert markup', () => {
  const nasty = { title: '<b>Кружка</b> & *жирная* <!channel> _x_ `y`', sku: 'A&1<' };

  it('escapes titles in Telegram HTML and keeps its own tags', () => {
    for (const kind of ALERT_KINDS.filter((k) => k !== 'etl_stale')) {
      const m = renderAlertMessage([{ ...alertOf(kind), ...nasty }], opts('ru'), 'telegram-html');
      const html = m.format === 'telegram-html' ? m.html : '';
      expect(html).toContain('&lt;b&gt;Кружка&lt;/b&gt; &amp; *жирная* &lt;!channel&gt;');
      expect(html).toContain('A&amp;1&lt;');
      expect(html.replace(/<\/?(b|i)>/g, '')).not.toMatch(/[<>]/);
    }
  });

  it('escapes titles in Slack mrkdwn so nothing pings the channel', () => {
    for (const kind of ALERT_KINDS.filter((k) => k !== 'etl_stale')) {
      const m = renderAlertMessage([{ ...alertOf(kind), ...nasty }], opts('en'), 'slack-blocks');
      if (m.format !== 'slack-blocks') throw new Error('not slack');
      const json = JSON.stringify(m.blocks);
      expect(json).not.toContain('<!channel>');
      expect(json).toContain('&lt;!channel&gt;');
      expect(m.text).not.toContain('<!channel>');
      const section = (m.blocks[0] as { text: { text: string } }).text.text;
      // Slack documents escaping for &, < and > only; the heading's own bold stays intact.
      expect(section).toMatch(/^\*(🟠|🔴|🔵) [^*\n]+ — &lt;b&gt;Кружка&lt;\/b&gt; &amp; /);
    }
  });
});

describe('ranges that would read as nonsense', () => {
  it('say "≈5" for a band whose ends round alike, and "0 ₽" for a norm of no spend', () => {
    const narrow = { ...alertOf('sales_drop'), observed: 1, expected: 5, expectedLow: 4.96, expectedHigh: 5.04 };
    expect(tidy(plainText(alertContent([narrow], opts('ru'))))).toContain('Норма: ≈5 шт. в день');
    expect(tidy(plainText(alertContent([narrow], opts('en'))))).toContain('Normal: ≈5 pcs a day');
    const fromNothing = { ...alertOf('ad_spend_spike'), observed: 5_000, expected: 0, expectedLow: 0, expectedHigh: 0, evidence: { factor: 0, revenue: 0, adClicks: 0, adImpressions: 0 } };
    const ru = tidy(plainText(alertContent([fromNothing], opts('ru'))));
    expect(ru).toContain('Реклама потратила 5 000 ₽ за вс, 22 нояб. при обычных ≈0 ₽ в день; началось');
    expect(ru).toContain('Норма: 0 ₽ в день');
  });
});

describe('a grouped message', () => {
  it.each(['ru', 'en'] as const)('lists each product with what happened, sums the money a day and says what to do (%s)', (locale) => {
    const lead = alertOf('stockout');
    const group = [0, 1, 2].map((i) => ({ ...lead, id: 7 + i, sku: `C${i}`, title: `Футболка ${i}`, groupId: 'stockout:cat:Одежда' }));
    const c = tidy(plainText(alertContent(group, opts(locale))));
    const lines = c.split('\n');
    expect(lines.filter((l) => l.startsWith('• '))).toHaveLength(3);
    expect(lines[1]).toBe(locale === 'ru'
      ? '• Футболка 0 (C0): Товар закончился чт, 19 нояб. (дней без остатка: 4), а покупают его ≈25 шт. в день'
      : '• Футболка 0 (C0): Out of stock since Thu, Nov 19 (days out: 4) while it sells ≈25 pcs a day');
    expect(c).toContain(locale === 'ru' ? 'Под угрозой ≈36 876 ₽ в день' : 'At risk ≈RUB 36,876 a day');
    expect(c).toContain(locale === 'ru' ? 'Что сделать: пополните остатки этих товаров' : 'What to do: restock these products');
    expect(lines[0]).toContain(locale === 'ru' ? 'товаров: 3, категория «Одежда»' : '3 products in “Одежда”');
  });
});
