/**
 * Shared set-up of the delivery tests: a fresh migrated Postgres database, a Telegram fake, the
 * real grammY-based sender pointed at it, and a logger whose lines the test can read.
 */
import { Writable } from 'node:stream';
import { Api } from 'grammy';
import pino from 'pino';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import type { Store } from '../../src/data/store.js';
import type { Logger } from '../../src/log.js';
import { createTelegramSender } from '../../src/transports/telegram/telegram-sender.js';
import type { Sender } from '../../src/delivery/sender.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import type { TelegramFake } from '../fakes/telegram-fake.js';

export interface TestStoreOptions {
  /**
   * `synchronous_commit = off` for the database: commits do not wait for the disk. Right for tests
   * that kill the client (the server keeps every commit it acknowledged), and much faster on a
   * busy machine; wrong for anything that simulates a database crash.
   */
  asyncCommit?: boolean;
}

export async function openTestStore(options: TestStoreOptions = {}): Promise<{ store: Store; db: TestDatabase; close(): Promise<void> }> {
  const db = await createTestDatabase('herald_delivery');
  if (options.asyncCommit) {
    const admin = createPostgresStore({ url: db.url, max: 1 });
    await admin.query(`alter database ${db.name} set synchronous_commit = off`);
    await admin.close();
  }
  const store = createPostgresStore({ url: db.url, max: 4 });
  await migrate(store);
  return {
    store,
    db,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}

export function telegramSender(fake: TelegramFake): Sender {
  return createTelegramSender(new Api(fake.token, { apiRoot: fake.apiRoot }));
}

/** A pino logger writing JSON lines into `lines`. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** Rows of the outbox, for assertions. */
export async function outboxRows(store: Store) {
  return store.query<{ idempotency_key: string; status: string; attempts: number; message_id: string | null; possible_duplicate: boolean; last_error: string | null }>(
    'select idempotency_key, status, attempts, message_id, possible_duplicate, last_error from deliveries order by id',
  );
}
