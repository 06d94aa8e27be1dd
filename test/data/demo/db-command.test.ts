import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { dbCommand } from '../../../src/cli/db.js';
import { RuntimeError, UsageError, type CommandContext } from '../../../src/cli/command.js';
import { loadConfig } from '../../../src/config.js';
import { openStore } from '../../../src/data/open-store.js';
import type { Store } from '../../../src/data/store.js';
import { createLogger } from '../../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { fixedClock } from '../../../src/time/clock.js';

/** The context `src/main.ts` builds, on a real Postgres database; stderr is captured. */
function context(url: string, cwd: string) {
  let err = '';
  let store: Promise<Store> | undefined;
  const stderr = new Writable({
    write(chunk, _enc, done) {
      err += String(chunk);
      done();
    },
  });
  const config = loadConfig({ env: { DATABASE_URL: url }, cwd });
  const ctx: CommandContext = {
    stdout: new PassThrough(),
    stderr,
    stdin: new PassThrough(),
    config: async () => config,
    database: () => config.database,
    store: () => (store ??= openStore({ url, dataDir: join(cwd, '.herald'), command: 'db' })),
    logger: () => createLogger('silent'),
    clock: fixedClock(new Date('2026-11-23T06:00:00Z')),
    now: () => new Date('2026-11-23T06:00:00Z'),
    herald: () => Promise.reject(new Error('herald db never builds the graph')),
  };
  return {
    ctx,
    stderr: () => err,
    close: async () => (await store)?.close(),
  };
}

describe('herald db', () => {
  let db: TestDatabase;
  let cwd: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    cwd = mkdtempSync(join(tmpdir(), 'herald-db-'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const c = context(db.url, cwd);
    try {
      const code = await dbCommand.run(args, c.ctx);
      return { code, stderr: c.stderr() };
    } finally {
      await c.close();
    }
  };
  const query = async <T extends Record<string, unknown>>(sql: string) => {
    const c = context(db.url, cwd);
    try {
      return await (await c.ctx.store()).query<T>(sql);
    } finally {
      await c.close();
    }
  };

  it('migrate lists the migrations it applied, then says it is up to date', async () => {
    const first = await run(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^applied 001_init\napplied 002_demo\n/);
    expect(await run(['migrate'])).toMatchObject({ code: 0, stderr: 'migrations: up to date\n' });
  });

  it('seed-demo loads the demo shop ending yesterday and prints one line', async () => {
    const out = await run(['seed-demo', '--seed', '3', '--skus', '30', '--days', '40']);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/^demo data: \d+ rows \(30 SKUs × 40 days to 2026-11-22, seed 3\), \d+ labelled incidents in [\d.]+ s\n$/);
    const [row] = await query<{ skus: number; last: string }>('select count(distinct sku)::int as skus, max(day)::text as last from sku_daily');
    expect(row).toEqual({ skus: 30, last: '2026-11-22' });
  });

  it('rejects bad flag values naming the flag', async () => {
    await expect(run(['seed-demo', '--skus', 'many'])).rejects.toThrow(UsageError);
    await expect(run(['seed-demo', '--skus', '0'])).rejects.toThrow(/--skus: "0"/);
    await expect(run(['seed-demo', '--end-day', '2026-02-30'])).rejects.toThrow(/--end-day: "2026-02-30"/);
    await expect(run(['seed-demo', '--bogus'])).rejects.toThrow(/bogus/);
    await expect(run(['wipe'])).rejects.toThrow(/unknown subcommand "wipe"/);
  });

  it('refuses to replace rows it did not load unless forced', async () => {
    await query(`delete from herald_meta`);
    await expect(run(['seed-demo', '--skus', '10', '--days', '10'])).rejects.toThrow(RuntimeError);
    await expect(run(['seed-demo', '--skus', '10', '--days', '10'])).rejects.toThrow(/sku_daily holds \d+ rows .* --force/);
    expect((await run(['seed-demo', '--skus', '10', '--days', '10', '--force'])).code).toBe(0);
  });
});
