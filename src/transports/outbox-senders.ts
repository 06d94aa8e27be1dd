/**
 * The delivery outbox's senders for every platform whose credentials are set, without starting
 * the chat transports — for one-shot dispatchers such as `herald send`. Like the senders of
 * `startChatTransports`, they carry no auto-retry: the dispatcher paces sends and must see every 429.
 */
import { Api } from 'grammy';
import type { Config } from '../config.js';
import type { Sender } from '../delivery/sender.js';
import { createSlackSender, createSlackSenderClient } from './slack/slack-sender.js';
import { createTelegramSender } from './telegram/telegram-sender.js';

export function createOutboxSenders(config: Pick<Config, 'telegram' | 'slack'>): Sender[] {
  const senders: Sender[] = [];
  if (config.telegram) {
    const tg = config.telegram;
    senders.push(createTelegramSender(new Api(tg.token, tg.apiRoot ? { apiRoot: tg.apiRoot } : {})));
  }
  if (config.slack) {
    const sl = config.slack;
    senders.push(createSlackSender(createSlackSenderClient(sl.botToken, sl.apiUrl ? { apiUrl: sl.apiUrl } : {})));
  }
  return senders;
}
