/**
 * `/status`'s operations part in Russian and English: the database, each transport, today's model
 * calls and spend against the budget, open alerts and the last brief.
 */
import type { Locale } from '../config.js';

export interface OpsStatusText {
  database(version: string): string;
  databaseDown(reason: string): string;
  transport(name: string, sent: string, failed: string, waiting: string, lastSent: string): string;
  transportIdle(name: string): string;
  never: string;
  /** Today's model spend: total, and the budget when one is set. */
  spend(total: string, budget: string | null): string;
  noCalls: string;
  model(name: string, calls: string, cost: string): string;
  unpriced: string;
  alerts(critical: string, warning: string, info: string): string;
  lastBrief(at: string): string;
  noBrief: string;
}

const ru: OpsStatusText = {
  database: (v) => `✓ База данных: PostgreSQL ${v}`,
  databaseDown: (r) => `✗ База данных недоступна: ${r}`,
  transport: (n, sent, failed, waiting, last) => `${failed === '0' ? '✓' : '⚠️'} ${n} за сутки: отправлено ${sent}, не доставлено ${failed}, в очереди ${waiting}; последняя отправка ${last}`,
  transportIdle: (n) => `✓ ${n}: за сутки отправок не было`,
  never: 'не было',
  spend: (total, budget) => `Модели сегодня: ${total}${budget ? ` из бюджета ${budget}` : ''}`,
  noCalls: 'Модели сегодня: вызовов не было',
  model: (n, calls, cost) => `· ${n}: ${calls} вызовов, ${cost}`,
  unpriced: 'цена неизвестна',
  alerts: (c, w, i) => `Открытые алерты: критичных ${c}, внимание ${w}, инфо ${i}`,
  lastBrief: (at) => `Последняя сводка отправлена ${at}`,
  noBrief: 'Сводка ещё не отправлялась',
};

const en: OpsStatusText = {
  database: (v) => `✓ Database: PostgreSQL ${v}`,
  databaseDown: (r) => `✗ Database unreachable: ${r}`,
  transport: (n, sent, failed, waiting, last) => `${failed === '0' ? '✓' : '⚠️'} ${n} in 24 h: ${sent} sent, ${failed} failed, ${waiting} waiting; last sent ${last}`,
  transportIdle: (n) => `✓ ${n}: nothing sent in 24 h`,
  never: 'never',
  spend: (total, budget) => `Models today: ${total}${budget ? ` of the ${budget} budget` : ''}`,
  noCalls: 'Models today: no calls',
  model: (n, calls, cost) => `· ${n}: ${calls} calls, ${cost}`,
  unpriced: 'price unknown',
  alerts: (c, w, i) => `Open alerts: ${c} critical, ${w} warning, ${i} info`,
  lastBrief: (at) => `Last brief sent ${at}`,
  noBrief: 'No brief sent yet',
};

export const opsStatusText: Record<Locale, OpsStatusText> = { ru, en };
