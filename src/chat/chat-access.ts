/**
 * Who gets answers. A chat is served when it is allow-listed (TELEGRAM_ALLOWED_CHATS,
 * SLACK_ALLOWED_CHANNELS, `access` in the config) or an admin subscribed it; an admin
 * (HERALD_ADMINS) is served anywhere, so they can `/subscribe` a new chat. Anyone else is told
 * once, politely, and then ignored: the refusal is remembered in `refused_chats`, so a busy group
 * is not spammed with refusals, not even after a restart.
 */
import type { Config } from '../config.js';
import type { Store } from '../data/store.js';
import type { TransportKind } from '../messages/message.js';
import type { Logger } from '../log.js';
import type { ChatSubscriptions } from '../messages/subscription.js';
import type { ChatContext } from '../messages/reply.js';

export type AccessDecision =
  | { kind: 'allowed'; admin: boolean; allowListed: boolean }
  /** First contact from a chat that is not allowed: say the refusal once. */
  | { kind: 'refuse' }
  /** Already refused once: stay silent. */
  | { kind: 'ignore' };

export interface AccessPolicy {
  check(ctx: Pick<ChatContext, 'transport' | 'chatId' | 'userId'>): Promise<AccessDecision>;
  isAdmin(userId: string): boolean;
}

export interface AccessPolicyOptions {
  access: Config['access'];
  subscriptions: ChatSubscriptions;
  store: Store;
  logger: Logger;
}

export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const admins = new Set(options.access.admins);
  const allowList: Record<TransportKind, Set<string>> = {
    telegram: new Set(options.access.telegramChats),
    slack: new Set(options.access.slackChannels),
    console: new Set(),
  };
  const isAdmin = (userId: string) => admins.has(userId);
  return {
    isAdmin,
    async check({ transport, chatId, userId }) {
      const allowListed = transport === 'console' || allowList[transport].has(chatId);
      const admin = transport === 'console' || isAdmin(userId);
      if (allowListed || admin) return { kind: 'allowed', admin, allowListed };
      const subscription = await options.subscriptions.find(transport, chatId);
      if (subscription?.active) return { kind: 'allowed', admin, allowListed: false };
      const inserted = await options.store.query(
        `insert into refused_chats (transport, chat_id) values ($1, $2)
         on conflict (transport, chat_id) do nothing returning chat_id`,
        [transport, chatId],
      );
      options.logger.info({ transport, chatId, userId, firstTime: inserted.length > 0 }, 'access: chat not allowed');
      return inserted.length > 0 ? { kind: 'refuse' } : { kind: 'ignore' };
    },
  };
}
