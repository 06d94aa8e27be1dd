/**
 * Herald's self-alerts in words (ru, en): kind names, the numbers line and the template sentence.
 * `alerts.ts` merges them into the alert texts, so a self-alert renders, lists and takes button
 * presses exactly like a shop alert. Figures arrive formatted by `render/alert-content.ts`.
 */
import type { Locale } from '../config.js';
import type { SelfAlertKind } from '../insights/self-alert-kinds.js';

/** Formatted figures of a self-alert (observed, expected and named extras). */
export interface SelfAlertFigures {
  observed: string;
  expected: string;
  extra: Record<string, string>;
}

export interface SelfAlertText {
  kinds: Record<SelfAlertKind, string>;
  figures(kind: SelfAlertKind, f: SelfAlertFigures): string;
  explain(kind: SelfAlertKind, subject: string): string;
  /** The line with the runbook link under every self-alert. */
  runbook(link: string): string;
  /** A duration in seconds, already formatted: "12,3 с" / "12.3 s". */
  seconds(n: string): string;
}

const ru: SelfAlertText = {
  kinds: {
    model_errors: 'Ошибки модели',
    latency_regression: 'Модель замедлилась',
    cost_spike: 'Всплеск расходов на модели',
    budget_exceeded: 'Бюджет на модели исчерпан',
    unpriced_model: 'Вызовы модели без цены',
    escalation_surge: 'Каскад эскалирует чаще обычного',
    delivery_failures: 'Сообщения не доставляются',
  },
  figures(kind, f) {
    const x = f.extra;
    switch (kind) {
      case 'model_errors':
        return `Ошибок ${f.observed} за ${x.window ?? '—'} мин (${x.errors ?? '—'} из ${x.calls ?? '—'} вызовов), порог ${f.expected}`;
      case 'latency_regression':
        return `p95 ${f.observed} сегодня против ${f.expected} за прошлую неделю (${x.calls ?? '—'} вызовов)`;
      case 'cost_spike':
        return `Сегодня потрачено ${f.observed}, медиана за ${x.days ?? '7'} дн. — ${f.expected}`;
      case 'budget_exceeded':
        return `Потрачено ${f.observed} из ${f.expected} (бюджет: ${x.scope ?? '—'})`;
      case 'unpriced_model':
        return `${f.observed} вызовов за ${x.window ?? '24'} ч — их стоимость не учитывается в бюджете`;
      case 'escalation_surge':
        return `Эскалаций ${f.observed} вызовов против обычных ${f.expected} (${x.calls ?? '—'} вызовов)`;
      case 'delivery_failures':
        return `Не доставлено сообщений: ${f.observed} за ${x.window ?? '60'} мин${x.lastError ? `; последняя ошибка: ${x.lastError}` : ''}`;
    }
  },
  explain(kind, s) {
    const text: Record<SelfAlertKind, string> = {
      model_errors: `Модель ${s} часто отвечает ошибкой — каскад переходит к следующей, ответы дороже и медленнее.`,
      latency_regression: `Модель ${s} отвечает заметно медленнее, чем на прошлой неделе.`,
      cost_spike: 'Расходы на модели сегодня намного выше обычного — проверьте, какой маршрут их тратит.',
      budget_exceeded: `Дневной бюджет (${s}) исчерпан: сводки идут с шаблонным текстом до сброса в полночь.`,
      unpriced_model: `У модели ${s} нет цены — её расходы не видны бюджету. Добавьте цену в конфиг.`,
      escalation_surge: `Маршрут ${s} передаёт ответы следующей модели намного чаще обычного — первая модель стала хуже или изменился промпт.`,
      delivery_failures: `Сообщения в ${s} не доставляются — проверьте токен и права бота (herald doctor).`,
    };
    return text[kind];
  },
  runbook: (link) => `📖 Что делать: ${link}`,
  seconds: (n) => `${n} с`,
};

const en: SelfAlertText = {
  kinds: {
    model_errors: 'Model errors',
    latency_regression: 'Model slowed down',
    cost_spike: 'Model spend spike',
    budget_exceeded: 'Model budget spent',
    unpriced_model: 'Calls to an unpriced model',
    escalation_surge: 'Cascade escalating more than usual',
    delivery_failures: 'Messages not delivered',
  },
  figures(kind, f) {
    const x = f.extra;
    switch (kind) {
      case 'model_errors':
        return `${f.observed} errors over ${x.window ?? '—'} min (${x.errors ?? '—'} of ${x.calls ?? '—'} calls), threshold ${f.expected}`;
      case 'latency_regression':
        return `p95 ${f.observed} today vs ${f.expected} over the past week (${x.calls ?? '—'} calls)`;
      case 'cost_spike':
        return `Spent ${f.observed} today; the ${x.days ?? '7'}-day median is ${f.expected}`;
      case 'budget_exceeded':
        return `Spent ${f.observed} of ${f.expected} (budget: ${x.scope ?? '—'})`;
      case 'unpriced_model':
        return `${f.observed} calls in ${x.window ?? '24'} h — their cost is invisible to the budget`;
      case 'escalation_surge':
        return `${f.observed} of calls escalated vs ${f.expected} usually (${x.calls ?? '—'} calls)`;
      case 'delivery_failures':
        return `${f.observed} messages not delivered in ${x.window ?? '60'} min${x.lastError ? `; last error: ${x.lastError}` : ''}`;
    }
  },
  explain(kind, s) {
    const text: Record<SelfAlertKind, string> = {
      model_errors: `Model ${s} fails often: the cascade moves on, answers cost more and come later.`,
      latency_regression: `Model ${s} answers much slower than last week.`,
      cost_spike: "Today's model spend is far above usual: check which route spends it.",
      budget_exceeded: `The daily budget (${s}) is spent: briefs use the template text until the reset at midnight.`,
      unpriced_model: `Model ${s} has no price, so its spend is invisible to the budget. Add its price to the config.`,
      escalation_surge: `Route ${s} hands answers to the next model far more often than usual: the first model got worse or the prompt changed.`,
      delivery_failures: `Messages to ${s} are failing: check the token and the bot's rights (herald doctor).`,
    };
    return text[kind];
  },
  runbook: (link) => `📖 Runbook: ${link}`,
  seconds: (n) => `${n} s`,
};

export const selfAlertText: Record<Locale, SelfAlertText> = { ru, en };
