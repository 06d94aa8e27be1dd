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
  /** `/voice FILE` and `/photo FILE caption`: the file could not be read. */
  noFile(path: string): string;
  mediaUsage: string;
}

export const consoleText: Record<Locale, ConsoleText> = {
  ru: {
    greeting: 'Herald в терминале. Команды: /brief [ГГГГ-ММ-ДД], /alerts, /status, /help; вопрос можно написать просто текстом, /voice ФАЙЛ, /photo ФАЙЛ подпись; /quit — выход.',
    prompt: 'herald> ',
    pressHint: (n) => `Введите номер кнопки (1–${n}), чтобы нажать её.`,
    noSuchButton: (n) => `Нет кнопки с номером ${n}.`,
    notACommand: 'Это не команда. Наберите /help.',
    chartSaved: (path) => `График сохранён: ${path}`,
    bye: 'До встречи!',
    failed: (reason) => `⚠️ Не получилось: ${reason}`,
    noFile: (path) => `Не могу прочитать файл ${path}.`,
    mediaUsage: 'Формат: /voice ФАЙЛ или /photo ФАЙЛ подпись-вопрос',
  },
  en: {
    greeting: 'Herald in the terminal. Commands: /brief [YYYY-MM-DD], /alerts, /status, /help; type a question as plain text, /voice FILE, /photo FILE caption; /quit to leave.',
    prompt: 'herald> ',
    pressHint: (n) => `Type a button's number (1–${n}) to press it.`,
    noSuchButton: (n) => `There is no button ${n}.`,
    notACommand: 'Not a command. Type /help.',
    chartSaved: (path) => `Chart saved: ${path}`,
    bye: 'Bye!',
    failed: (reason) => `⚠️ That failed: ${reason}`,
    noFile: (path) => `Cannot read the file ${path}.`,
    mediaUsage: 'Usage: /voice FILE or /photo FILE caption-question',
  },
};
