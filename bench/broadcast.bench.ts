/**
 * `npm run bench:broadcast`: the morning brief to 1,000 Telegram chats through the Bot API fake
 * enforcing Telegram's limits (30 msg/s per bot in a sliding one-second window, 1/s per chat,
 * 20/min per group), with the outbox in a fresh database on the machine's Postgres (dropped after).
 * Prints one JSON line on stdout — {messages, seconds, msgPerSec, rateLimited, lost, duplicated} —
 * and a human line on stderr. Goal: ≥ 28.5 msg/s (95 % of the ceiling), 0 lost, 0 duplicated.
 *   npm run bench:broadcast -- [--chats 1000] [--latency 40] [--concurrency 16]
 */
import { parseArgs } from 'node:util';
import { Api } from 'grammy';
import pino from 'pino';
import { migrate } from '../src/data/migrate.js';
import { createPostgresStore } from '../src/data/postgres-store.js';
import { dispatch } from '../src/delivery/dispatcher.js';
import { enqueueBrief } from '../src/brief/enqueue-brief.js';
import { createSubscriptionRepository } from '../src/delivery/subscriptions.js';
import { createTelegramSender } from '../src/transports/telegram/telegram-sender.js';
import { startTelegramFake } from '../test/fakes/telegram-fake.js';
import { makeBrief } from '../test/fixtures/brief-fixture.js';
import { createTestDatabase } from '../test/helpers/databases.js';

const { values } = parseArgs({
  options: { chats: { type: 'string', default: '1000' }, latency: { type: 'string', default: '40' }, concurrency: { type: 'string', default: '16' } },
});
const chats = Number(values.chats);

const db = await createTestDatabase('herald_bench_broadcast');
const store = createPostgresStore({ url: db.url, max: 6 });
const fake = await startTelegramFake({ rateLimits: true, latencyMs: Number(values.latency) });
try {
  await migrate(store);
  // Seven in ten are private chats, the rest supergroups (negative ids, 20 messages a minute each).
  await store.query(
    `insert into subscriptions (transport, chat_id, added_by)
     select 'telegram', case when i % 10 < 7 then (100000 + i)::text else '-100' || (200000 + i)::text end, 'bench'
     from generate_series(1, $1::int) as i`,
    [chats],
  );
  const subscriptions = await createSubscriptionRepository(store).list({ receives: 'brief', activeOnly: true });
  const brief = makeBrief();
  const { enqueued } = await enqueueBrief(store, { brief, subscriptions, locale: 'ru', at: new Date() });
  const planned = await store.query<{ chat_id: string; parts: number }>(`select chat_id, count(*)::int as parts from deliveries group by chat_id`);
  const messages = planned.reduce((n, r) => n + r.parts, 0);

  const started = performance.now();
  const report = await dispatch({
    store,
    senders: { telegram: createTelegramSender(new Api(fake.token, { apiRoot: fake.apiRoot })) },
    subscriptions: createSubscriptionRepository(store),
    logger: pino({ level: 'warn' }, pino.destination(2)),
    concurrency: Number(values.concurrency),
  });
  const seconds = (performance.now() - started) / 1000;

  const counts = fake.countsByChat();
  const lost = planned.reduce((n, r) => n + Math.max(0, r.parts - (counts.get(r.chat_id) ?? 0)), 0);
  const duplicated = planned.reduce((n, r) => n + Math.max(0, (counts.get(r.chat_id) ?? 0) - r.parts), 0);
  const result = {
    messages: report.sent,
    seconds: Number(seconds.toFixed(2)),
    msgPerSec: Number((report.sent / seconds).toFixed(2)),
    rateLimited: fake.stats.rateLimited,
    lost,
    duplicated,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stderr.write(
    `broadcast: ${enqueued.length} chats, ${messages} messages in ${result.seconds} s = ${result.msgPerSec} msg/s ` +
      `(ceiling 30, goal ≥ 28.5); 429s ${result.rateLimited}, lost ${lost}, duplicated ${duplicated}, failed ${report.failed}\n`,
  );
} finally {
  await fake.close();
  await store.close();
  await db.drop();
}
