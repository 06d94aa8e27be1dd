/** The notice sent when a daily model budget runs out, in Russian and English. */
import type { Locale } from '../config.js';

export const budgetText: Record<Locale, (a: { scope: string; day: string; spent: string; limit: string }) => string> = {
  ru: (a) =>
    `💸 Дневной бюджет на модели исчерпан (${a.scope === 'global' ? 'общий' : `маршрут ${a.scope}`}): ` +
    `потрачено ${a.spent} из ${a.limit} за ${a.day}. До сброса Herald пишет тексты по шаблонам.`,
  en: (a) =>
    `💸 The daily model budget is spent (${a.scope === 'global' ? 'global' : `route ${a.scope}`}): ` +
    `${a.spent} of ${a.limit} on ${a.day}. Until it resets Herald writes from templates.`,
};
