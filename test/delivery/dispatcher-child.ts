/**
 * A dispatcher in its own process, for the crash test to SIGKILL: drains the outbox of
 * DATABASE_URL into the Telegram API at TELEGRAM_API_ROOT and prints its report as one JSON line.
 *   DATABASE_URL=… TELEGRAM_API_ROOT=… TELEGRAM_BOT_TOKEN=… node bin/run-ts.js test/delivery/dispatcher-child.ts
 */
import { Api } from 'grammy';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { dispatch } from '../../src/delivery/dispatcher.js';
import { DEFAULT_LIMITS } from '../../src/delivery/platform-limits.js';
import { UNPACED } from './unpaced-limits.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { createLogger } from '../../src/log.js';
import { createTelegramSender } from '../../src/transports/telegram/telegram-sender.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`dispatcher-child: ${name} is required`);
  return value;
};

const store = createPostgresStore({ url: env('DATABASE_URL'), max: 4 });
try {
  process.stdout.write(`${JSON.stringify({ started: true })}\n`);
  const report = await dispatch({
    store,
    senders: { telegram: createTelegramSender(new Api(env('TELEGRAM_BOT_TOKEN'), { apiRoot: env('TELEGRAM_API_ROOT') })) },
    subscriptions: createSubscriptionRepository(store),
    logger: createLogger(process.env.HERALD_LOG_LEVEL ?? 'warn'),
    concurrency: Number(process.env.DISPATCH_CONCURRENCY ?? 8),
    // DISPATCH_UNPACED=1: no client-side pacing (the crash test's fake enforces no limits either).
    limits: process.env.DISPATCH_UNPACED === '1' ? UNPACED : DEFAULT_LIMITS,
  });
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await store.close();
}
