/**
 * Every word Herald says in a chat (Telegram, Slack, the console), in Russian (the default) and
 * English. Values that arrive here are already formatted (days, times, money), so these functions
 * only place them in a sentence.
 */
import type { Locale } from '../config.js';

/** Ends a sentence with a full stop unless its last word already ends in one ("1 янв. 2025 г."). */
const endSentence = (s: string) => (s.endsWith('.') ? s : `${s}.`);

export const CHAT_COMMANDS = ['start', 'help', 'brief', 'alerts', 'ask', 'sku', 'top', 'stock', 'status', 'subscribe', 'unsubscribe'] as const;
export type ChatCommandName = (typeof CHAT_COMMANDS)[number];

export interface ChatText {
  /** Short descriptions for Telegram's command menu (setMyCommands: 3–256 characters each). */
  commands: Record<ChatCommandName, string>;
  welcome: string;
  /** The `/help` body; `prefix` is "/" in Telegram and "/herald " in Slack. */
  help(prefix: string): string;
  unknownCommand(name: string, prefix: string): string;
  /** Said once to a chat that is not allowed; never repeated. */
  refusal: string;
  adminOnly: string;
  somethingWrong: string;
  /** Slack acknowledges a slash command at once with this while the work runs. */
  working: string;
  brief: {
    badDate(arg: string): string;
    /** A date in a known form that is not in the calendar (31.02.2026). */
    impossibleDate(arg: string): string;
    noData(day: string): string;
    noDataAtAll: string;
  };
  comingSoon: { alerts: string; ask: string };
  askUsage(prefix: string): string;
  noOpenAlerts: string;
  status: {
    title: string;
    lastDay(day: string): string;
    noData: string;
    etl(at: string): string;
    etlUnknown: string;
    subscribed(what: string, at: string, tz: string): string;
    quietHours(from: string, to: string): string;
    notSubscribed: string;
    allowListed: string;
    youAreAdmin: string;
  };
  receives: { brief: string; alerts: string; ops: string };
  subscribe: {
    done(what: string, at: string, tz: string): string;
    usage(prefix: string): string;
    badArgument(arg: string): string;
    /** /subscribe typed in the console shell, which is never a delivery target. */
    consoleNotTarget: string;
  };
  unsubscribe: { done: string; notSubscribed: string };
  interaction: {
    /** The button's record no longer exists or the data was tampered with. */
    expired: string;
    unknown: string;
    /** The line added under a message after an action: who did what, when. */
    acted(user: string, action: string, time: string): string;
  };
  briefActions: { details: string; chart: string };
  chartTitle(day: string): string;
}

const ru: ChatText = {
  commands: {
    start: 'Начать работу с Herald',
    help: 'Что умеет бот',
    brief: 'Сводка за день: /brief или /brief 2026-11-22',
    alerts: 'Открытые алерты',
    ask: 'Вопрос по данным: /ask сколько продали вчера?',
    sku: 'Продажи товара: /sku АРТИКУЛ [период]',
    top: 'Топ товаров: /top [метрика] [период]',
    stock: 'Остатки и на сколько дней хватит: /stock [АРТИКУЛ]',
    status: 'Свежесть данных, подписка чата и здоровье Herald',
    subscribe: 'Подписать чат на сводку и алерты (для админов)',
    unsubscribe: 'Отписать чат (для админов)',
  },
  welcome: 'Привет! Я Herald — каждое утро присылаю сводку продаж, сообщаю об аномалиях и отвечаю на вопросы по данным.',
  help: (p) =>
    [
      'Команды:',
      `${p}brief [ДАТА] — сводка за день (по умолчанию последний день с данными)`,
      `${p}alerts — открытые алерты`,
      `${p}ask ВОПРОС — вопрос по данным (или просто напишите боту в личку, пришлите голосовое или фото с подписью)`,
      `${p}sku АРТИКУЛ [период] — продажи товара (период: вчера, неделя, 7d, ноябрь…)`,
      `${p}top [revenue|units|orders|returns|ad_spend|drr] [период] — топ товаров`,
      `${p}stock [АРТИКУЛ] — остатки и на сколько дней хватит`,
      `${p}status — свежесть данных, подписка чата, здоровье Herald (база, каналы, расходы на модели, алерты)`,
      `${p}subscribe [brief,alerts,ops] [ЧЧ:ММ] [Часовой/пояс] [quiet ЧЧ:ММ-ЧЧ:ММ] — подписать чат (админы)`,
      `${p}unsubscribe — отписать чат (админы)`,
    ].join('\n'),
  unknownCommand: (name, p) => `Не знаю команду «${name}». Список команд: ${p}help`,
  refusal: 'Извините, этот чат не подключён к Herald. Попросите администратора добавить его командой /subscribe.',
  adminOnly: 'Эта команда доступна только администраторам Herald.',
  somethingWrong: 'Что-то пошло не так. Мы уже записали ошибку в журнал; попробуйте ещё раз чуть позже.',
  working: 'Готовлю ответ…',
  brief: {
    badDate: (arg) => `Не понимаю дату «${arg}». Примеры: 22.11.2026, 2026-11-22, 22 ноября, вчера, сегодня.`,
    impossibleDate: (arg) => `Такой даты нет в календаре: «${arg}».`,
    noData: (day) => `Нет данных за ${endSentence(day)}`,
    noDataAtAll: 'В базе пока нет данных о продажах. Проверьте выгрузку (ETL).',
  },
  comingSoon: {
    alerts: 'Алерты скоро появятся — модуль аномалий ещё подключается.',
    ask: 'Вопросы по данным скоро появятся — этот модуль ещё подключается.',
  },
  askUsage: (p) => `Напишите вопрос после команды, например: ${p}ask сколько продали вчера?`,
  noOpenAlerts: 'Открытых алертов нет.',
  status: {
    title: 'Состояние Herald',
    lastDay: (day) => `Последний день в данных: ${day}`,
    noData: 'Данных о продажах пока нет.',
    etl: (at) => `Выгрузка (ETL) завершилась ${at}.`,
    etlUnknown: 'Нет сведений о завершённых выгрузках (ETL).',
    subscribed: (what, at, tz) => `Чат подписан: ${what}; сводка в ${at} (${tz}).`,
    quietHours: (from, to) => `Тихие часы: ${from}–${to}.`,
    notSubscribed: 'Чат не подписан на рассылку.',
    allowListed: 'Чат в списке разрешённых.',
    youAreAdmin: 'Вы администратор.',
  },
  receives: { brief: 'сводка', alerts: 'алерты', ops: 'алерты о работе Herald' },
  subscribe: {
    done: (what, at, tz) => `Готово: чат подписан (${what}), сводка в ${at} (${tz}).`,
    usage: (p) => `Формат: ${p}subscribe [brief,alerts,ops] [ЧЧ:ММ] [Часовой/пояс] [quiet ЧЧ:ММ-ЧЧ:ММ]`,
    badArgument: (arg) => `Не понимаю «${arg}».`,
    consoleNotTarget:
      'Консоль — не чат для рассылки: сюда сводки и алерты не приходят. Подпишите чат Telegram или Slack командой /subscribe в нём или из терминала: herald subscriptions add --chat ID.',
  },
  unsubscribe: { done: 'Готово: чат отписан от рассылки.', notSubscribed: 'Этот чат и так не подписан.' },
  interaction: {
    expired: 'Эта кнопка устарела: запись не найдена.',
    unknown: 'Неизвестное действие.',
    acted: (user, action, time) => `${user}: ${action} · ${time}`,
  },
  briefActions: { details: 'подробности', chart: 'график' },
  chartTitle: (day) => `Выручка по дням, до ${day}`,
};

const en: ChatText = {
  commands: {
    start: 'Start using Herald',
    help: 'What the bot can do',
    brief: 'Daily brief: /brief or /brief 2026-11-22',
    alerts: 'Open alerts',
    ask: 'Ask about the data: /ask how much did we sell yesterday?',
    sku: 'Sales of a product: /sku ARTICLE [period]',
    top: 'Top products: /top [metric] [period]',
    stock: 'Stock and days of cover: /stock [ARTICLE]',
    status: 'Data freshness, this chat’s subscription and Herald’s health',
    subscribe: 'Subscribe this chat to the brief and alerts (admins)',
    unsubscribe: 'Unsubscribe this chat (admins)',
  },
  welcome: 'Hi! I am Herald: every morning I post the sales brief, flag anomalies and answer questions about the data.',
  help: (p) =>
    [
      'Commands:',
      `${p}brief [DATE] — the brief for a day (default: the latest day with data)`,
      `${p}alerts — open alerts`,
      `${p}ask QUESTION — a question about the data (or just message the bot privately, send a voice message or a captioned photo)`,
      `${p}sku ARTICLE [period] — sales of a product (period: yesterday, week, 7d, november…)`,
      `${p}top [revenue|units|orders|returns|ad_spend|drr] [period] — top products`,
      `${p}stock [ARTICLE] — stock and days of cover`,
      `${p}status — data freshness, this chat’s subscription, Herald’s health (database, transports, model spend, alerts)`,
      `${p}subscribe [brief,alerts,ops] [HH:MM] [Area/Zone] [quiet HH:MM-HH:MM] — subscribe this chat (admins)`,
      `${p}unsubscribe — unsubscribe this chat (admins)`,
    ].join('\n'),
  unknownCommand: (name, p) => `I don't know the command "${name}". Commands: ${p}help`,
  refusal: 'Sorry, this chat is not connected to Herald. Ask an administrator to add it with /subscribe.',
  adminOnly: 'Only Herald administrators can use this command.',
  somethingWrong: 'Something went wrong. The error has been logged; please try again a little later.',
  working: 'Working on it…',
  brief: {
    badDate: (arg) => `I can't read the date "${arg}". Examples: 2026-11-22, 22.11.2026, Nov 22, yesterday, today.`,
    impossibleDate: (arg) => `There is no such day in the calendar: "${arg}".`,
    noData: (day) => `No data for ${endSentence(day)}`,
    noDataAtAll: 'There is no sales data yet. Check the ETL.',
  },
  comingSoon: {
    alerts: 'Alerts are coming soon: the anomaly module is being connected.',
    ask: 'Questions about the data are coming soon: that module is being connected.',
  },
  askUsage: (p) => `Write the question after the command, e.g. ${p}ask how much did we sell yesterday?`,
  noOpenAlerts: 'No open alerts.',
  status: {
    title: 'Herald status',
    lastDay: (day) => `Latest day in the data: ${day}`,
    noData: 'No sales data yet.',
    etl: (at) => `Last ETL run finished ${at}.`,
    etlUnknown: 'No finished ETL run is known.',
    subscribed: (what, at, tz) => `This chat is subscribed: ${what}; brief at ${at} (${tz}).`,
    quietHours: (from, to) => `Quiet hours: ${from}–${to}.`,
    notSubscribed: 'This chat is not subscribed.',
    allowListed: 'This chat is allow-listed.',
    youAreAdmin: 'You are an administrator.',
  },
  receives: { brief: 'brief', alerts: 'alerts', ops: 'Herald ops alerts' },
  subscribe: {
    done: (what, at, tz) => `Done: this chat is subscribed (${what}), brief at ${at} (${tz}).`,
    usage: (p) => `Usage: ${p}subscribe [brief,alerts,ops] [HH:MM] [Area/Zone] [quiet HH:MM-HH:MM]`,
    badArgument: (arg) => `I can't read "${arg}".`,
    consoleNotTarget:
      'The console is not a chat Herald delivers to: briefs and alerts never arrive here. Subscribe a Telegram or Slack chat with /subscribe there, or from the shell: herald subscriptions add --chat ID.',
  },
  unsubscribe: { done: 'Done: this chat is unsubscribed.', notSubscribed: 'This chat is not subscribed.' },
  interaction: {
    expired: 'This button has expired: its record was not found.',
    unknown: 'Unknown action.',
    acted: (user, action, time) => `${user}: ${action} · ${time}`,
  },
  briefActions: { details: 'details', chart: 'chart' },
  chartTitle: (day) => `Revenue by day, up to ${day}`,
};

export const CHAT_TEXT: Record<Locale, ChatText> = { ru, en };

export function chatText(locale: Locale): ChatText {
  return CHAT_TEXT[locale];
}
