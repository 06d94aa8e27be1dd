/**
 * The console shell as a new user meets it (issue 10 item 5), as a process: the first start runs
 * the day's scan as the scheduler would, so /alerts lists the open problems; /subscribe explains
 * that the console is no delivery target; nothing on the terminal is a raw JSON log line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

describe('herald start (console) on first start', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('herald_console_first');
    const store = createPostgresStore({ url: db.url, max: 1 });
    await migrate(store);
    await seedDemo(store, { seed: 1, endDay: '2026-11-22' });
    await store.close();
    env = { DATABASE_URL: db.url, HERALD_NOW: '2026-11-23T06:30:00Z', HERALD_DATA_DIR: mkdtempSync(join(tmpdir(), 'herald-console-')), HERALD_ADMINS: 'console' };
  });
  afterAll(() => db.drop());

  it('/alerts lists the open alerts of the latest day; /subscribe explains; no JSON log lines', async () => {
    const r = await runHerald(['start'], { env, input: '/alerts\n/subscribe\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Открытых алертов нет');
    expect(r.stdout).toMatch(/Консоль — не чат для рассылки/);
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\{"level"/m);
    const store = createPostgresStore({ url: db.url, max: 1 });
    try {
      const [open] = await store.query<{ n: number }>(`select count(*)::int as n from alerts where status = 'open' and scan_day = '2026-11-22'`);
      expect(open!.n).toBeGreaterThan(0);
      const [subs] = await store.query<{ n: number }>(`select count(*)::int as n from subscriptions`);
      expect(subs!.n).toBe(0);
    } finally {
      await store.close();
    }
  }, 180_000);
});
