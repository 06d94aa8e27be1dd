/** Texts of the console transport (the terminal shell), in Russian and English. */
import type { Locale } from '../config.js';

export interface ConsoleText {
  greeting: string;
  prompt: string;
  pressHint(n: number): string;
  noSuchButton(n: number): string;
  notACommand: string;
  chartSaved(path: string): string;
  bye: string;
  failed(reason: string): string;
}

export const consoleText: Record<Locale, ConsoleText> = {
  ru: {
    greeting: 'Herald в терминале. Команды: /brief [ГГГГ-ММ-ДД], /alerts, /status, /help; /quit — выход.',
    prompt: 'herald> ',
    pressHint: (n) => `Введите номер кнопки (1–${n}), чтобы нажать её.`,
    noSuchButton: (n) => `Нет кнопки с номером ${n}.`,
    notACommand: 'Это не команда. Наберите /help.',
    chartSaved: (path) => `График сохранён: ${path}`,
    bye: 'До встречи!',
    failed: (reason) => `⚠️ Не получилось: ${reason}`,
  },
  en: {
    greeting: 'Herald in the terminal. Commands: /brief [YYYY-MM-DD], /alerts, /status, /help; /quit to leave.',
    prompt: 'herald> ',
    pressHint: (n) => `Type a button's number (1–${n}) to press it.`,
    noSuchButton: (n) => `There is no button ${n}.`,
    notACommand: 'Not a command. Type /help.',
    chartSaved: (path) => `Chart saved: ${path}`,
    bye: 'Bye!',
    failed: (reason) => `⚠️ That failed: ${reason}`,
  },
};
