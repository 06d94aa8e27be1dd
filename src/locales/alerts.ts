/**
 * Every word of an alert a person reads, in Russian (the default) and English. Figures arrive
 * already formatted (`src/render/format.ts`); Russian phrasing avoids number agreement
 * ("шт.", "дн.", "товаров: 12") so no plural rules are needed.
 */
import type { Locale } from '../config.js';
import type { AlertKind, Severity } from '../insights/anomalies/candidate.js';

export interface AlertFigures {
  /** Formatted observed / expected / band values in the metric's unit. */
  observed: string;
  expected: string;
  low: string;
  high: string;
  /** Extra formatted figures by name (stock, demand, ratio, last ETL time…). */
  extra: Record<string, string>;
}

export interface AlertText {
  kinds: Record<AlertKind, string>;
  severity: Record<Severity, string>;
  /** One line with the numbers, per kind. */
  figures(kind: AlertKind, f: AlertFigures): string;
  /** The template explanation (used when no model answered): one sentence. */
  explain(kind: AlertKind, subject: string): string;
  /** The template explanation of a grouped message: one cause behind many SKUs. */
  explainGroup(kind: string): string;
  atRisk(money: string): string;
  since(day: string): string;
  subject(title: string, sku: string): string;
  shop: string;
  /** Grouped message heading: "12 товаров в категории «Кружки»" / "по всему магазину". */
  groupCategory(count: string, category: string): string;
  groupShop(count: string): string;
  more(n: string): string;
  status: {
    acknowledged(who: string, at: string): string;
    snoozed(until: string): string;
    resolvedBy(who: string, at: string): string;
    resolvedAuto(at: string): string;
  };
  repeat: string;
  resolvedNotice(kind: string, subject: string): string;
  buttons: { ack: string; snooze: string; snooze1: string; snooze4: string; snooze24: string; resolve: string; details: string };
  /** Short phrases for the dispatcher's "who did what, when" line. */
  done: { ack: string; snooze(hours: string): string; resolve: string; details: string };
  refused: { resolved: string; acknowledged: string };
  list: { title(n: string): string; none: string; line(severity: string, kind: string, subject: string, status: string): string };
  statusNames: Record<'open' | 'acknowledged' | 'snoozed' | 'resolved', string>;
  details: { title(kind: string, subject: string): string; band: string; evidence: string; audit: string; chartTitle(subject: string): string };
  /** Audit trail actions (alert_events.action) as people read them. */
  auditActions: Record<string, string>;
}

const ru: AlertText = {
  kinds: {
    sales_drop: 'Падение продаж',
    sales_spike: 'Всплеск продаж',
    zero_sales: 'Продажи остановились',
    stockout: 'Товар закончился',
    low_cover: 'Остаток на исходе',
    price_anomaly: 'Странная цена',
    ad_spend_spike: 'Всплеск расхода на рекламу',
    drr_high: 'Высокий ДРР',
    returns_spike: 'Всплеск возвратов',
    etl_stale: 'Данные не обновились',
  },
  severity: { critical: '🔴 Критично', warning: '🟠 Внимание', info: '🔵 Инфо' },
  figures(kind, f) {
    switch (kind) {
      case 'sales_drop':
      case 'sales_spike':
        return `Продано ${f.observed} шт., обычно ${f.expected} шт. (норма ${f.low}–${f.high})`;
      case 'zero_sales':
        return `Продаж нет ${f.extra.zeroDays ?? '1'} дн. при остатке ${f.extra.stock ?? '—'} шт.; обычно ${f.expected} шт. в день`;
      case 'stockout':
        return `Остаток 0 шт. (${f.extra.daysOut ?? '1'} дн.), спрос ≈${f.extra.demand ?? '—'} шт. в день`;
      case 'low_cover':
        return `Остатка ${f.extra.stock ?? '—'} шт. хватит на ≈${f.observed} дн. (порог ${f.expected} дн.), спрос ≈${f.extra.demand ?? '—'} шт. в день`;
      case 'price_anomaly':
        return `Цена ${f.observed} вместо обычной ${f.expected} (×${f.extra.ratio ?? '—'})`;
      case 'ad_spend_spike':
        return `Расход на рекламу ${f.observed}, обычно ${f.expected} (норма до ${f.high})`;
      case 'drr_high':
        return `ДРР за 3 дня ${f.observed} при пороге ${f.expected}: реклама ${f.extra.adSpend ?? '—'}, выручка ${f.extra.revenue ?? '—'}`;
      case 'returns_spike':
        return `Возвратов ${f.observed} шт., обычно ${f.expected} в день`;
      case 'etl_stale':
        return `Последняя успешная выгрузка: ${f.extra.lastRun ?? 'нет'} (${f.observed} ч назад); ждали к ${f.extra.expectedBy ?? '—'}`;
    }
  },
  explain(kind, s) {
    const text: Record<AlertKind, string> = {
      sales_drop: `Продажи ${s} заметно ниже обычного для этого дня недели — проверьте карточку, цену и остатки на складах.`,
      sales_spike: `Продажи ${s} намного выше обычного — проверьте цену и хватит ли остатка.`,
      zero_sales: `${s} перестал продаваться при наличии на складе — проверьте, видна ли карточка и не скрыта ли она.`,
      stockout: `${s} закончился, а он продаётся — каждый день без поставки теряется выручка.`,
      low_cover: `Остатка ${s} хватит ненадолго — пора планировать поставку.`,
      price_anomaly: `Цена ${s} резко изменилась — похоже на опечатку, проверьте карточку.`,
      ad_spend_spike: `Реклама ${s} тратит намного больше обычного — проверьте ставки и лимиты кампании.`,
      drr_high: `Реклама ${s} съедает слишком большую долю выручки — снизьте ставки или остановите кампанию.`,
      returns_spike: `Возвратов ${s} намного больше обычного — проверьте партию, описание и размерную сетку.`,
      etl_stale: 'Выгрузка данных не пришла вовремя — цифры в сводке и алертах могут быть устаревшими.',
    };
    return text[kind];
  },
  explainGroup: (kind) => `${kind} сразу у нескольких товаров — вероятно, одна общая причина (категория, склад, акция): проверьте её первой.`,
  atRisk: (money) => `Под угрозой ≈${money} в день`,
  since: (day) => `с ${day}`,
  subject: (title, sku) => `${title} (${sku})`,
  shop: 'магазин',
  groupCategory: (count, category) => `товаров: ${count}, категория «${category}»`,
  groupShop: (count) => `товаров: ${count}, по всему магазину`,
  more: (n) => `…и ещё ${n}`,
  status: {
    acknowledged: (who, at) => `✅ Принято: ${who}, ${at}`,
    snoozed: (until) => `💤 Отложено до ${until}`,
    resolvedBy: (who, at) => `✔️ Решено: ${who}, ${at}`,
    resolvedAuto: (at) => `✔️ Пришло в норму, закрыто автоматически ${at}`,
  },
  repeat: '🔁 Напоминание: алерт ещё никто не принял',
  resolvedNotice: (kind, subject) => `✔️ Пришло в норму: ${kind} — ${subject}`,
  buttons: { ack: '✅ Принять', snooze: '💤 Отложить', snooze1: '💤 1 ч', snooze4: '💤 4 ч', snooze24: '💤 24 ч', resolve: '✔️ Решено', details: '📊 Подробнее' },
  done: { ack: 'принято', snooze: (h) => `отложено на ${h} ч`, resolve: 'решено', details: 'подробности' },
  refused: { resolved: 'Этот алерт уже закрыт.', acknowledged: 'Алерт уже принят.' },
  list: {
    title: (n) => `Открытые алерты: ${n}`,
    none: 'Открытых алертов нет.',
    line: (severity, kind, subject, status) => `${severity} · ${kind} — ${subject}${status ? ` · ${status}` : ''}`,
  },
  statusNames: { open: 'открыт', acknowledged: 'принят', snoozed: 'отложен', resolved: 'закрыт' },
  details: {
    title: (kind, subject) => `${kind} — ${subject}: подробности`,
    band: 'Норма',
    evidence: 'Цифры',
    audit: 'История',
    chartTitle: (subject) => `${subject}: последние 28 дней`,
  },
  auditActions: {
    opened: 'открыт', updated: 'обновлён сканом', acknowledged: 'принят', snoozed: 'отложен', snooze_expired: 'отсрочка истекла',
    resolved: 'закрыт', auto_resolved: 'закрыт автоматически', notified_new: 'отправлен', notified_repeat: 'напоминание',
    notified_resolved: 'отправлено «в норме»',
  },
};

const en: AlertText = {
  kinds: {
    sales_drop: 'Sales drop',
    sales_spike: 'Sales spike',
    zero_sales: 'Sales stopped',
    stockout: 'Out of stock',
    low_cover: 'Stock running low',
    price_anomaly: 'Suspicious price',
    ad_spend_spike: 'Ad spend spike',
    drr_high: 'High ad cost share',
    returns_spike: 'Returns spike',
    etl_stale: 'Data not refreshed',
  },
  severity: { critical: '🔴 Critical', warning: '🟠 Warning', info: '🔵 Info' },
  figures(kind, f) {
    switch (kind) {
      case 'sales_drop':
      case 'sales_spike':
        return `Sold ${f.observed} pcs, usually ${f.expected} pcs (normal ${f.low}–${f.high})`;
      case 'zero_sales':
        return `No sales for ${f.extra.zeroDays ?? '1'} day(s) with ${f.extra.stock ?? '—'} pcs in stock; usually ${f.expected} pcs a day`;
      case 'stockout':
        return `Stock 0 pcs (${f.extra.daysOut ?? '1'} day(s)), demand ≈${f.extra.demand ?? '—'} pcs a day`;
      case 'low_cover':
        return `${f.extra.stock ?? '—'} pcs left last ≈${f.observed} days (threshold ${f.expected} days), demand ≈${f.extra.demand ?? '—'} pcs a day`;
      case 'price_anomaly':
        return `Price ${f.observed} instead of the usual ${f.expected} (×${f.extra.ratio ?? '—'})`;
      case 'ad_spend_spike':
        return `Ad spend ${f.observed}, usually ${f.expected} (normal up to ${f.high})`;
      case 'drr_high':
        return `3-day ad cost share ${f.observed} over the ${f.expected} threshold: ads ${f.extra.adSpend ?? '—'}, revenue ${f.extra.revenue ?? '—'}`;
      case 'returns_spike':
        return `${f.observed} pcs returned, usually ${f.expected} a day`;
      case 'etl_stale':
        return `Last successful load: ${f.extra.lastRun ?? 'none'} (${f.observed} h ago); expected by ${f.extra.expectedBy ?? '—'}`;
    }
  },
  explain(kind, s) {
    const text: Record<AlertKind, string> = {
      sales_drop: `Sales of ${s} are well below normal for this weekday — check the listing, the price and warehouse stock.`,
      sales_spike: `Sales of ${s} are far above normal — check the price and whether stock will last.`,
      zero_sales: `${s} stopped selling while in stock — check that the listing is visible and not blocked.`,
      stockout: `${s} is out of stock while it sells — every day without a delivery loses revenue.`,
      low_cover: `Stock of ${s} will not last long — time to plan a delivery.`,
      price_anomaly: `The price of ${s} moved sharply — it looks like a typo, check the listing.`,
      ad_spend_spike: `Ads for ${s} spend far more than usual — check the campaign's bids and limits.`,
      drr_high: `Ads for ${s} eat too large a share of revenue — lower the bids or pause the campaign.`,
      returns_spike: `Returns of ${s} are far above normal — check the batch, the description and the size chart.`,
      etl_stale: 'The data load did not arrive on time — figures in the brief and alerts may be out of date.',
    };
    return text[kind];
  },
  explainGroup: (kind) => `${kind} on several products at once — probably one shared cause (a category, a warehouse, a promotion): check it first.`,
  atRisk: (money) => `At risk ≈${money} a day`,
  since: (day) => `since ${day}`,
  subject: (title, sku) => `${title} (${sku})`,
  shop: 'shop',
  groupCategory: (count, category) => `${count} products in “${category}”`,
  groupShop: (count) => `${count} products across the shop`,
  more: (n) => `…and ${n} more`,
  status: {
    acknowledged: (who, at) => `✅ Acknowledged: ${who}, ${at}`,
    snoozed: (until) => `💤 Snoozed until ${until}`,
    resolvedBy: (who, at) => `✔️ Resolved: ${who}, ${at}`,
    resolvedAuto: (at) => `✔️ Back to normal, closed automatically ${at}`,
  },
  repeat: '🔁 Reminder: nobody has acknowledged this alert yet',
  resolvedNotice: (kind, subject) => `✔️ Back to normal: ${kind} — ${subject}`,
  buttons: { ack: '✅ Acknowledge', snooze: '💤 Snooze', snooze1: '💤 1 h', snooze4: '💤 4 h', snooze24: '💤 24 h', resolve: '✔️ Resolve', details: '📊 Details' },
  done: { ack: 'acknowledged', snooze: (h) => `snoozed for ${h} h`, resolve: 'resolved', details: 'details' },
  refused: { resolved: 'This alert is already closed.', acknowledged: 'This alert is already acknowledged.' },
  list: {
    title: (n) => `Open alerts: ${n}`,
    none: 'No open alerts.',
    line: (severity, kind, subject, status) => `${severity} · ${kind} — ${subject}${status ? ` · ${status}` : ''}`,
  },
  statusNames: { open: 'open', acknowledged: 'acknowledged', snoozed: 'snoozed', resolved: 'resolved' },
  details: {
    title: (kind, subject) => `${kind} — ${subject}: details`,
    band: 'Normal range',
    evidence: 'Figures',
    audit: 'History',
    chartTitle: (subject) => `${subject}: last 28 days`,
  },
  auditActions: {
    opened: 'opened', updated: 'updated by a scan', acknowledged: 'acknowledged', snoozed: 'snoozed', snooze_expired: 'snooze expired',
    resolved: 'resolved', auto_resolved: 'resolved automatically', notified_new: 'sent', notified_repeat: 'reminder sent',
    notified_resolved: '"back to normal" sent',
  },
};

export const alertText: Record<Locale, AlertText> = { ru, en };
