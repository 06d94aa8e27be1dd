/**
 * The platforms' sending limits, as rate-limiter keys per message. Telegram: about 30 messages a
 * second per bot, one a second per chat, 20 a minute per group; Slack: about one a second per
 * channel (chat.postMessage's "special" tier). We pace a little under each ceiling — 29 in any
 * second, at least 30 ms apart — because the server measures arrival times: with one message of
 * headroom, jitter of up to the 30 ms spacing cannot squeeze 31 arrivals into its second, and a
 * 429 costs a whole second of that chat. (Spacing them the full 1000/29 ms would leave no slack:
 * every late timer would then slow the whole broadcast.)
 * https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 * https://api.slack.com/methods/chat.postMessage#rate_limiting
 */
import type { LimitKey, LimitRule } from './rate-limiter.js';
import type { TransportKind } from '../messages/message.js';

export interface PlatformLimits {
  telegram: {
    /** Whole bot (default 29 per 1000 ms, sends at least 30 ms apart). */
    bot: LimitRule[];
    /** One chat (default 1 per 1000 ms). */
    chat: LimitRule[];
    /** A group chat, negative id (default 20 per 61 000 ms: a minute plus a second of margin). */
    group: LimitRule[];
  };
  slack: {
    /** One channel (default 1 per 1000 ms). */
    channel: LimitRule[];
    /** The workspace (default none beyond the channel's: Slack does not publish one for posting). */
    workspace: LimitRule[];
  };
}

export const DEFAULT_LIMITS: PlatformLimits = {
  telegram: {
    bot: [{ limit: 29, windowMs: 1000 }, { limit: 1, windowMs: 30 }],
    chat: [{ limit: 1, windowMs: 1000 }],
    group: [{ limit: 20, windowMs: 61_000 }],
  },
  slack: {
    channel: [{ limit: 1, windowMs: 1000 }],
    workspace: [],
  },
};

/** The keys one message to `chatId` counts against. The first key is the chat's own. */
export function limitKeys(limits: PlatformLimits, transport: TransportKind, chatId: string): LimitKey[] {
  switch (transport) {
    case 'telegram': {
      const keys: LimitKey[] = [{ id: `tg:chat:${chatId}`, rules: limits.telegram.chat }, { id: 'tg:bot', rules: limits.telegram.bot }];
      if (chatId.startsWith('-')) keys.push({ id: `tg:group:${chatId}`, rules: limits.telegram.group });
      return keys;
    }
    case 'slack':
      return [{ id: `slack:channel:${chatId}`, rules: limits.slack.channel }, { id: 'slack:workspace', rules: limits.slack.workspace }];
    case 'console':
      return [];
    default: {
      const never: never = transport;
      throw new Error(`unknown transport ${String(never)}`);
    }
  }
}

/** The platform-wide key of a transport, paused when 429s come in a row (the limit hit was global). */
export function platformKeyId(transport: TransportKind): string | null {
  return transport === 'telegram' ? 'tg:bot' : transport === 'slack' ? 'slack:workspace' : null;
}
