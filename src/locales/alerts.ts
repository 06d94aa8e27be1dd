/**
 * Every word of an alert a person reads, in Russian (the default) and English. Figures arrive
 * already formatted (`src/render/alert-figures.ts`); Russian phrasing avoids number agreement
 * ("шт.", "дн.", "товаров: 12") so no plural rules are needed.
 */
import type { Locale } from '../config.js';
import type { AlertKind, Severity } from '../insights/anomalies/candidate.js';

/**
 * An alert's figures as people read them, already formatted in the metric's own unit
 * (`src/render/alert-figures.ts`). `range` is the normal range, already phrased so it is never
 * degenerate: "18–30", "до 5" / "up to 5", "от 42" / "from 42", "≈24".
 */
export interface AlertFigures {
  observed: string;
  expected: string;
  range: string;
  /** The first day the problem shows in the data, and the day scanned. */
  since: string;
  day: string;
  /** The few more figures a kind needs; absent when the data did not have them. */
  stock?: string;
  /** Units a day the SKU sells (the detector's forecast or recent mean). */
  demand?: string;
  /** Days out of stock / without sales, as an ordinal-free count. */
  days?: string;
  /** The day the stock runs out at the current rate. */
  runOut?: string;
  /** Units to order for RESTOCK_DAYS of sales. */
  reorder?: string;
  restockDays?: string;
  /** A relative change ("−90 %") or a factor ("×3,2"). */
  change?: string;
  factor?: string;
  /** Money figures for ads and prices. */
  adSpend?: string;
  revenue?: string;
  unitPrice?: string;
  /** Earlier values the baseline came from ("22, 25, 19 шт."). */
  history?: string;
  recentMean?: string;
  unitsToday?: string;
  returnRate?: string;
  clicks?: string;
  impressions?: string;
  threshold?: string;
  lastRun?: string;
  expectedBy?: string;
  likelyTypo?: boolean;
}

export interface AlertText {
  kinds: Record<AlertKind, string>;
  severity: Record<Severity, string>;
  /** What happened and since when, in the metric's unit. */
  what(kind: AlertKind, f: AlertFigures): string;
  /** "Норма: …": the normal range in the metric's own unit. */
  norm(kind: AlertKind, f: AlertFigures): string;
  /** "Что сделать: …": the action the cause calls for. */
  todo(kind: AlertKind, f: AlertFigures): string;
  /** The action for a grouped message: one cause behind many SKUs. */
  todoGroup(kind: AlertKind): string;
  /** "Как считали: …" (Details): where the normal range came from; null when nothing to add. */
  basis(kind: AlertKind, f: AlertFigures): string | null;
  /** The extra revenue of a spike (good news: nothing is at risk). */
  extraRevenue(money: string): string;
  /** The template explanation of a grouped message: one cause behind many SKUs. */
  explainGroup(kind: string): string;
  atRisk(money: string): string;
  since(day: string): string;
  subject(title: string, sku: string): string;
  shop: string;
  /** The subject of a category-wide alert (a category's sales fall): "в категории «Одежда»". */
  categorySubject(category: string): string;
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
  details: {
    title(kind: string, subject: string): string;
    audit: string;
    chartTitle(subject: string): string;
    /** The chart's subtitle: the metric, its unit, and the normal range the text states. */
    chartMetric(kind: AlertKind, unit: string): string;
    chartNorm(range: string): string;
  };
  /** Units as the chart's subtitle names them: "шт. в день", "₽ в день". */
  units: { perDay: string; pieces: string; percent: string; hours: string; moneyPerDay(symbol: string): string };
  /** Audit trail actions (alert_events.action) as people read them. */
  auditActions: Record<string, string>;
}

/** What the alert chart plots, per kind (stock kinds plot the stock itself, in units). */
const CHART_METRIC: Record<Locale, Record<AlertKind, string>> = {
  ru: {
    sales_drop: 'Продажи', sales_spike: 'Продажи', zero_sales: 'Продажи', stockout: 'Остаток на складе', low_cover: 'Остаток на складе',
    price_anomaly: 'Цена', ad_spend_spike: 'Расход на рекламу', drr_high: 'ДРР по дням', returns_spike: 'Возвраты', etl_stale: 'Возраст данных',
  },
  en: {
    sales_drop: 'Sales', sales_spike: 'Sales', zero_sales: 'Sales', stockout: 'Stock on hand', low_cover: 'Stock on hand',
    price_anomaly: 'Price', ad_spend_spike: 'Ad spend', drr_high: 'Daily ad cost share', returns_spike: 'Returns', etl_stale: 'Data age',
  },
};

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
  what(kind, f) {
    switch (kind) {
      case 'sales_drop':
        return `Продажи упали: ${f.observed} шт. за ${f.day} при обычных ≈${f.expected} шт. в день; началось ${f.since}`;
      case 'sales_spike':
        return `Продажи выросли: ${f.observed} шт. за ${f.day} при обычных ≈${f.expected} шт. в день; началось ${f.since}`;
      case 'zero_sales':
        return `Продаж нет с ${f.since} (дней без продаж: ${f.days ?? '1'}), хотя на складе ${f.stock ?? '—'} шт.; обычно ≈${f.expected} шт. в день`;
      case 'stockout':
        return `Товар закончился ${f.since} (дней без остатка: ${f.days ?? '1'}), а покупают его ≈${f.demand ?? '—'} шт. в день`;
      case 'low_cover':
        return `Остатка ${f.stock ?? '—'} шт. хватит примерно на ${f.observed} дн. — до ${f.runOut ?? '—'} — при продажах ≈${f.demand ?? '—'} шт. в день; запас мал с ${f.since}`;
      case 'price_anomaly':
        return `Цена ${f.observed} вместо обычной ${f.expected} (${f.change ?? '—'}) с ${f.since}`;
      case 'ad_spend_spike':
        return `Реклама потратила ${f.observed} за ${f.day} при обычных ≈${f.expected} в день${f.factor ? ` (${f.factor})` : ''}; началось ${f.since}`;
      case 'drr_high':
        return `ДРР за 3 дня ${f.observed}: реклама ${f.adSpend ?? '—'} при выручке ${f.revenue ?? '—'}; с ${f.since}`;
      case 'returns_spike':
        return `Вернули ${f.observed} шт. за ${f.day} при обычных ≈${f.expected} шт. в день; началось ${f.since}`;
      case 'etl_stale':
        return `Данные не обновлялись ${f.observed} ч: последняя успешная выгрузка ${f.lastRun ?? '— ни одной'}, ждали к ${f.expectedBy ?? '—'}`;
    }
  },
  norm(kind, f) {
    switch (kind) {
      case 'sales_drop':
      case 'sales_spike':
      case 'zero_sales':
        return `Норма: ${f.range} шт. в день`;
      case 'stockout':
      case 'low_cover':
        return `Норма: запас не меньше чем на ${f.threshold ?? '—'} дн. продаж — ${f.range} шт. при нынешнем спросе`;
      case 'price_anomaly':
        return `Норма: ${f.range}`;
      case 'ad_spend_spike':
        return `Норма: ${f.range} в день`;
      case 'drr_high':
        return `Норма: ДРР ${f.range}`;
      case 'returns_spike':
        return `Норма: ${f.range} шт. в день`;
      case 'etl_stale':
        return `Норма: выгрузка каждый день к ${f.expectedBy ?? '—'}, данные не старше ${f.expected} ч`;
    }
  },
  todo(kind, f) {
    switch (kind) {
      case 'sales_drop':
        return 'Что сделать: проверьте карточку — видна ли она в поиске, не изменились ли цена и фото, есть ли остаток на складах маркетплейса.';
      case 'sales_spike':
        return f.stock !== undefined && f.days !== undefined
          ? `Что сделать: убедитесь, что цена не ошибочная, и пополните остаток — при таком спросе ${f.stock} шт. хватит на ≈${f.days} дн.`
          : 'Что сделать: убедитесь, что цена не ошибочная, и проверьте, хватит ли остатка.';
      case 'zero_sales':
        return 'Что сделать: проверьте карточку — видна ли она в поиске, не заблокирована ли, на месте ли цена и остаток на складе маркетплейса.';
      case 'stockout':
        return `Что сделать: пополните остаток — на ${f.restockDays ?? '14'} дн. продаж нужно ≈${f.reorder ?? '—'} шт.`;
      case 'low_cover':
        return `Что сделать: закажите поставку — чтобы хватило на ${f.restockDays ?? '14'} дн., нужно ещё ≈${f.reorder ?? '—'} шт.`;
      case 'price_anomaly':
        return `Что сделать: исправьте цену в карточке — обычно она ${f.expected}${f.likelyTypo ? '; похоже на лишний или пропущенный ноль' : ''}.`;
      case 'ad_spend_spike':
        return 'Что сделать: проверьте ставки и дневной лимит кампании; если расход не оправдан продажами — приостановите её.';
      case 'drr_high':
        return `Что сделать: снизьте ставки или приостановите кампанию — реклама забирает ${f.observed} выручки при пороге ${f.threshold ?? '—'}.`;
      case 'returns_spike':
        return 'Что сделать: проверьте карточку (описание, размеры, фото) и партию товара — в них обычно причина возвратов.';
      case 'etl_stale':
        return 'Что сделать: проверьте выгрузку данных — пока она не придёт, цифры в сводке и алертах устаревшие.';
    }
  },
  todoGroup(kind) {
    switch (kind) {
      case 'sales_drop':
      case 'zero_sales':
        return 'Что сделать: найдите общее у этих товаров — категория, склад, акция — и проверьте их карточки.';
      case 'sales_spike':
        return 'Что сделать: убедитесь, что цены не ошибочные, и проверьте, хватит ли остатков.';
      case 'stockout':
      case 'low_cover':
        return 'Что сделать: пополните остатки этих товаров — одной поставкой, если склад общий.';
      case 'price_anomaly':
        return 'Что сделать: исправьте цены — похоже на ошибку при массовой загрузке прайса.';
      case 'ad_spend_spike':
      case 'drr_high':
        return 'Что сделать: проверьте ставки и лимиты кампаний; те, что не окупаются, приостановите.';
      case 'returns_spike':
        return 'Что сделать: проверьте общую партию и описание этих товаров.';
      case 'etl_stale':
        return 'Что сделать: проверьте выгрузку данных.';
    }
  },
  basis(kind, f) {
    switch (kind) {
      case 'sales_drop':
      case 'sales_spike':
      case 'zero_sales':
        return f.history ? `Как считали: те же дни недели в прошлые недели — ${f.history} шт.; в среднем за последние 7 дней ≈${f.recentMean ?? '—'} шт. в день; средняя цена продажи ${f.unitPrice ?? '—'}.` : null;
      case 'stockout':
      case 'low_cover':
        return `Как считали: спрос — среднее за последние 7 и 14 дней, когда товар был в наличии (≈${f.demand ?? '—'} шт. в день); средняя цена продажи ${f.unitPrice ?? '—'}.`;
      case 'price_anomaly':
        return f.history ? `Как считали: цены за последние дни — ${f.history}; продано за ${f.day}: ${f.unitsToday ?? '—'} шт.` : null;
      case 'ad_spend_spike':
        return `Как считали: медиана расхода за 14 дней; за ${f.day} клики: ${f.clicks ?? '—'}, показы: ${f.impressions ?? '—'}, выручка ${f.revenue ?? '—'}.`;
      case 'drr_high':
        return 'Как считали: ДРР — расход на рекламу ÷ выручка за последние 3 дня, чтобы заказы, оплаченные на следующий день, не искажали картину.';
      case 'returns_spike':
        return `Как считали: среднее за 14 дней; за ${f.day} продано ${f.unitsToday ?? '—'} шт.${f.returnRate ? `, доля возвратов ${f.returnRate}` : ''}.`;
      case 'etl_stale':
        return null;
    }
  },
  extraRevenue: (money) => `Дополнительная выручка ≈${money} в день — ничего не теряется, если хватит остатка`,
  explainGroup: (kind) => `${kind} сразу у нескольких товаров — вероятно, одна общая причина (категория, склад, акция): проверьте её первой.`,
  atRisk: (money) => `Под угрозой ≈${money} в день`,
  since: (day) => `с ${day}`,
  subject: (title, sku) => `${title} (${sku})`,
  shop: 'магазин',
  categorySubject: (category) => `в категории «${category}»`,
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
    audit: 'История',
    chartTitle: (subject) => `${subject}: последние 28 дней`,
    chartMetric: (kind, unit) => `${CHART_METRIC.ru[kind]}, ${unit}`,
    chartNorm: (range) => `норма ${range}`,
  },
  units: { perDay: 'шт. в день', pieces: 'шт.', percent: '%', hours: 'ч', moneyPerDay: (symbol) => `${symbol} в день` },
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
  what(kind, f) {
    switch (kind) {
      case 'sales_drop':
        return `Sales dropped: ${f.observed} pcs on ${f.day} against the usual ≈${f.expected} pcs a day; started ${f.since}`;
      case 'sales_spike':
        return `Sales jumped: ${f.observed} pcs on ${f.day} against the usual ≈${f.expected} pcs a day; started ${f.since}`;
      case 'zero_sales':
        return `No sales since ${f.since} (days without sales: ${f.days ?? '1'}) with ${f.stock ?? '—'} pcs in stock; usually ≈${f.expected} pcs a day`;
      case 'stockout':
        return `Out of stock since ${f.since} (days out: ${f.days ?? '1'}) while it sells ≈${f.demand ?? '—'} pcs a day`;
      case 'low_cover':
        return `${f.stock ?? '—'} pcs left will last about ${f.observed} days — until ${f.runOut ?? '—'} — at ≈${f.demand ?? '—'} pcs a day; low since ${f.since}`;
      case 'price_anomaly':
        return `Price ${f.observed} instead of the usual ${f.expected} (${f.change ?? '—'}) since ${f.since}`;
      case 'ad_spend_spike':
        return `Ads spent ${f.observed} on ${f.day} against the usual ≈${f.expected} a day${f.factor ? ` (${f.factor})` : ''}; started ${f.since}`;
      case 'drr_high':
        return `3-day ad cost share ${f.observed}: ads ${f.adSpend ?? '—'} against revenue ${f.revenue ?? '—'}; since ${f.since}`;
      case 'returns_spike':
        return `${f.observed} pcs returned on ${f.day} against the usual ≈${f.expected} pcs a day; started ${f.since}`;
      case 'etl_stale':
        return `Data not refreshed for ${f.observed} h: last successful load ${f.lastRun ?? '— none'}, expected by ${f.expectedBy ?? '—'}`;
    }
  },
  norm(kind, f) {
    switch (kind) {
      case 'sales_drop':
      case 'sales_spike':
      case 'zero_sales':
        return `Normal: ${f.range} pcs a day`;
      case 'stockout':
      case 'low_cover':
        return `Normal: stock for at least ${f.threshold ?? '—'} days of sales — ${f.range} pcs at the current rate`;
      case 'price_anomaly':
        return `Normal: ${f.range}`;
      case 'ad_spend_spike':
        return `Normal: ${f.range} a day`;
      case 'drr_high':
        return `Normal: ad cost share ${f.range}`;
      case 'returns_spike':
        return `Normal: ${f.range} pcs a day`;
      case 'etl_stale':
        return `Normal: a load every day by ${f.expectedBy ?? '—'}, data no older than ${f.expected} h`;
    }
  },
  todo(kind, f) {
    switch (kind) {
      case 'sales_drop':
        return 'What to do: check the listing — is it visible in search, did the price or photos change, is there stock in the marketplace warehouses.';
      case 'sales_spike':
        return f.stock !== undefined && f.days !== undefined
          ? `What to do: make sure the price is not a mistake and restock — at this rate ${f.stock} pcs last ≈${f.days} days.`
          : 'What to do: make sure the price is not a mistake and check that stock will last.';
      case 'zero_sales':
        return 'What to do: check the listing — is it visible in search, not blocked, with its price and marketplace stock in place.';
      case 'stockout':
        return `What to do: restock — ${f.restockDays ?? '14'} days of sales need ≈${f.reorder ?? '—'} pcs.`;
      case 'low_cover':
        return `What to do: order a delivery — ${f.restockDays ?? '14'} days of sales need ≈${f.reorder ?? '—'} more pcs.`;
      case 'price_anomaly':
        return `What to do: fix the price in the listing — it is usually ${f.expected}${f.likelyTypo ? '; it looks like an extra or a missing zero' : ''}.`;
      case 'ad_spend_spike':
        return 'What to do: check the campaign\'s bids and daily limit; if sales do not justify the spend, pause it.';
      case 'drr_high':
        return `What to do: lower the bids or pause the campaign — ads take ${f.observed} of revenue against the ${f.threshold ?? '—'} threshold.`;
      case 'returns_spike':
        return 'What to do: check the listing (description, sizes, photos) and the batch — that is where returns usually come from.';
      case 'etl_stale':
        return 'What to do: check the data load — until it arrives, the figures in the brief and alerts are out of date.';
    }
  },
  todoGroup(kind) {
    switch (kind) {
      case 'sales_drop':
      case 'zero_sales':
        return 'What to do: find what these products share — category, warehouse, promotion — and check their listings.';
      case 'sales_spike':
        return 'What to do: make sure the prices are not a mistake and check that stock will last.';
      case 'stockout':
      case 'low_cover':
        return 'What to do: restock these products — in one delivery if they share a warehouse.';
      case 'price_anomaly':
        return 'What to do: fix the prices — it looks like a mistake in a bulk price upload.';
      case 'ad_spend_spike':
      case 'drr_high':
        return 'What to do: check the campaigns\' bids and limits; pause the ones that do not pay off.';
      case 'returns_spike':
        return 'What to do: check the shared batch and the descriptions of these products.';
      case 'etl_stale':
        return 'What to do: check the data load.';
    }
  },
  basis(kind, f) {
    switch (kind) {
      case 'sales_drop':
      case 'sales_spike':
      case 'zero_sales':
        return f.history ? `How it was judged: the same weekday in past weeks — ${f.history} pcs; the last 7 days averaged ≈${f.recentMean ?? '—'} pcs a day; average selling price ${f.unitPrice ?? '—'}.` : null;
      case 'stockout':
      case 'low_cover':
        return `How it was judged: demand is the mean of the last 7 and 14 days in stock (≈${f.demand ?? '—'} pcs a day); average selling price ${f.unitPrice ?? '—'}.`;
      case 'price_anomaly':
        return f.history ? `How it was judged: prices of the last days — ${f.history}; sold on ${f.day}: ${f.unitsToday ?? '—'} pcs.` : null;
      case 'ad_spend_spike':
        return `How it was judged: the median spend of 14 days; on ${f.day} clicks: ${f.clicks ?? '—'}, impressions: ${f.impressions ?? '—'}, revenue ${f.revenue ?? '—'}.`;
      case 'drr_high':
        return 'How it was judged: ad spend ÷ revenue over the last 3 days, so orders paid the next day do not skew it.';
      case 'returns_spike':
        return `How it was judged: the 14-day average; ${f.unitsToday ?? '—'} pcs sold on ${f.day}${f.returnRate ? `, return rate ${f.returnRate}` : ''}.`;
      case 'etl_stale':
        return null;
    }
  },
  extraRevenue: (money) => `Extra revenue ≈${money} a day — nothing is lost as long as stock lasts`,
  explainGroup: (kind) => `${kind} on several products at once — probably one shared cause (a category, a warehouse, a promotion): check it first.`,
  atRisk: (money) => `At risk ≈${money} a day`,
  since: (day) => `since ${day}`,
  subject: (title, sku) => `${title} (${sku})`,
  shop: 'shop',
  categorySubject: (category) => `category “${category}”`,
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
    audit: 'History',
    chartTitle: (subject) => `${subject}: last 28 days`,
    chartMetric: (kind, unit) => `${CHART_METRIC.en[kind]}, ${unit}`,
    chartNorm: (range) => `normal ${range}`,
  },
  units: { perDay: 'pcs a day', pieces: 'pcs', percent: '%', hours: 'h', moneyPerDay: (symbol) => `${symbol} a day` },
  auditActions: {
    opened: 'opened', updated: 'updated by a scan', acknowledged: 'acknowledged', snoozed: 'snoozed', snooze_expired: 'snooze expired',
    resolved: 'resolved', auto_resolved: 'resolved automatically', notified_new: 'sent', notified_repeat: 'reminder sent',
    notified_resolved: '"back to normal" sent',
  },
};

export const alertText: Record<Locale, AlertText> = { ru, en };
