/**
 * The buttons under a brief. Their data is a compact `kind:id:action` string (`brief:2026-11-22:chart`)
 * that both platforms carry back on a press: Telegram as callback_data (at most 64 bytes), Slack as
 * the button's action_id and value.
 */
import type { Locale } from '../config.js';
import type { Brief } from '../insights/types.js';
import { briefText } from '../locales/brief.js';

export interface ButtonSpec {
  label: string;
  /** Returned on a press; at most 64 bytes, because Telegram allows 64 bytes of callback_data. */
  data: string;
}

export type BriefAction = 'details' | 'chart';

/** Telegram's callback_data limit, in bytes of UTF-8. */
export const CALLBACK_DATA_MAX_BYTES = 64;

export function briefButtonData(date: string, action: BriefAction): string {
  const data = `brief:${date}:${action}`;
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) {
    throw new Error(`button data over ${CALLBACK_DATA_MAX_BYTES} bytes: ${data}`);
  }
  return data;
}

export function briefButtons(brief: Brief, locale: Locale): ButtonSpec[] {
  const t = briefText[locale].buttons;
  return [
    { label: t.details, data: briefButtonData(brief.date, 'details') },
    { label: t.chart, data: briefButtonData(brief.date, 'chart') },
  ];
}
