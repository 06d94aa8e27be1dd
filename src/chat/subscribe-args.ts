/**
 * `/subscribe [brief,alerts,ops] [HH:MM] [Area/Zone] [quiet HH:MM-HH:MM]`, words in any order; what
 * is left out keeps the default (brief and alerts — `all` means those two; `ops` is asked for by name — the configured brief time and the shop's zone).
 */
import { isTimeZone } from '../time/days.js';
import type { QuietHours, Receivable } from '../messages/subscription.js';

export interface SubscribeArgs {
  receives: Receivable[];
  briefAt: string;
  timeZone: string;
  quietHours: QuietHours | null;
}

export type ParsedSubscribeArgs = { ok: true; value: SubscribeArgs } | { ok: false; bad: string };

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const RANGE = /^(([01]\d|2[0-3]):[0-5]\d)-(([01]\d|2[0-3]):[0-5]\d)$/;

export function parseSubscribeArgs(words: string[], defaults: Omit<SubscribeArgs, 'quietHours'>): ParsedSubscribeArgs {
  const value: SubscribeArgs = { ...defaults, receives: [...defaults.receives], quietHours: null };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    const kinds = lower.split(',');
    if (kinds.every((k) => k === 'brief' || k === 'alerts' || k === 'ops' || k === 'all')) {
      value.receives = kinds.includes('all') ? ['brief', 'alerts'] : [...new Set(kinds as Receivable[])];
    } else if (HHMM.test(word)) {
      value.briefAt = word;
    } else if (lower === 'quiet' || lower.startsWith('quiet=')) {
      const range = lower === 'quiet' ? words[++i] : lower.slice('quiet='.length);
      const m = range ? RANGE.exec(range) : null;
      if (!m) return { ok: false, bad: range ?? word };
      value.quietHours = { from: m[1]!, to: m[3]! };
    } else if (isZoneWord(word)) {
      value.timeZone = word;
    } else {
      return { ok: false, bad: word };
    }
  }
  return { ok: true, value };
}

/** A zone name (`Area/City`), not just any word Intl would accept. */
function isZoneWord(word: string): boolean {
  return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(word) && isTimeZone(word);
}
