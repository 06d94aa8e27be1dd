/**
 * The scheduler's words in a brief: the late mark of a catch-up send and the notice sent when the
 * day to brief has no data yet. Figures (times, days) arrive already formatted.
 */
import type { Locale } from '../config.js';

export interface SchedulerText {
  /** First line of a brief sent after its time because the bot was down then. */
  deliveredLate(scheduledAt: string): string;
  /** Sent instead of silence when the day to brief still has no data after waiting for the ETL. */
  noFreshData(expectedDay: string, latestDay: string | null): string;
}

const ru: SchedulerText = {
  deliveredLate: (at) => `⏰ Доставлено с опозданием (по расписанию — ${at}).`,
  noFreshData: (expected, latest) =>
    latest
      ? `⚠️ Данных за ${expected} пока нет — выгрузка (ETL) запаздывает. Последний день с данными: ${latest}; сводка за него ниже или уже была отправлена.`
      : `⚠️ Данных за ${expected} пока нет, а в таблице нет ни одного дня. Проверьте выгрузку (ETL).`,
};

const en: SchedulerText = {
  deliveredLate: (at) => `⏰ Delivered late (scheduled for ${at}).`,
  noFreshData: (expected, latest) =>
    latest
      ? `⚠️ No data for ${expected} yet — the ETL export is late. Latest day with data: ${latest}; its brief follows or was sent already.`
      : `⚠️ No data for ${expected} yet, and the table holds no day at all. Check the ETL export.`,
};

export const schedulerText: Record<Locale, SchedulerText> = { ru, en };
