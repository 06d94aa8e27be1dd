/**
 * Issue 8, item 7: on a server database only `herald db migrate` and `herald start` run DDL. A
 * runtime role with SELECT on the ETL relations and DML on Herald's tables — no CREATE on the
 * schema — runs brief, scan, calls and the console `start`; a database whose schema is behind (or
 * was never migrated) makes the other commands exit 1 with "run herald db migrate".
 */
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { listMigrations, migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { runHerald } from '../helpers/cli.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const DAY = '2026-11-22';
const NOW = '2026-11-23T06:30:00Z';
/** Each CLI process starts tsx and compiles on the way: seconds apiece on a busy machine. */
const SLOW = 150_000;

async function admin(url: string, text: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(text).simple();
  } finally {
    await sql.end();
  }
}

describe('a runtime role without CREATE on the schema', () => {
  let db: TestDatabase;
  let role: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('herald_privileges');
    const store = createPostgresStore({ url: db.url, max: 1 });
    try {
      await migrate(store);
      await seedDemo(store, { seed: 5, endDay: DAY, skus: 20, days: 30 });
    } finally {
      await store.close();
    }
    role = `herald_rt_${randomBytes(4).toString('hex')}`;
    await admin(
      db.url,
      `create role ${role} login;
       grant connect on database ${db.name} to ${role};
       revoke create on schema public from public;
       grant usage on schema public to ${role};
       grant select, insert, update, delete on all tables in schema public to ${role};
       revoke insert, update, delete on sku_daily, etl_runs from ${role};
       grant usage, select on all sequences in schema public to ${role}`,
    );
    const url = new URL(db.url);
    url.username = role;
    env = { DATABASE_URL: url.href, HERALD_NOW: NOW, HERALD_DATA_DIR: '/nonexistent-herald-dir', HERALD_LOCALE: 'en' };
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
    if (role) await admin(ADMIN_URL, `drop role if exists ${role}`);
  });

  it('cannot create anything (the premise)', async () => {
    await expect(admin(env.DATABASE_URL!, 'create table herald_probe (x int)')).rejects.toThrow(/permission denied for schema public/);
  });

  it('runs brief', async () => {
    const brief = await runHerald(['brief', '--date', DAY, '--format', 'json'], { env });
    expect(brief.code, brief.stderr).toBe(0);
    expect(JSON.parse(brief.stdout).date).toBe(DAY);
  }, SLOW);

  it('runs scan, which stores alerts', async () => {
    const scan = await runHerald(['scan', '--date', DAY, '--format', 'json'], { env });
    expect(scan.code, scan.stderr).toBe(0);
    expect(JSON.parse(scan.stdout).date).toBe(DAY);
  }, SLOW);

  it('runs calls', async () => {
    const calls = await runHerald(['calls', '--format', 'json'], { env });
    expect(calls.code, calls.stderr).toBe(0);
    expect(JSON.parse(calls.stdout)).toEqual([]);
  }, SLOW);

  it('runs `start` on an up-to-date schema (the release step migrated it)', async () => {
    const r = await runHerald(['start', '--console'], { env, input: `/brief ${DAY}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Revenue/);
  }, SLOW);
});

describe('a server database behind the code', () => {
  let behind: TestDatabase;
  let fresh: TestDatabase;

  beforeAll(async () => {
    [behind, fresh] = await Promise.all([createTestDatabase('herald_behind'), createTestDatabase('herald_fresh')]);
    const store = createPostgresStore({ url: behind.url, max: 1 });
    try {
      await migrate(store);
      const last = listMigrations().at(-1)!;
      await store.query('delete from herald_migrations where version = $1', [last.version]);
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all([behind?.drop(), fresh?.drop()]);
  });

  it('makes brief exit 1 with "run herald db migrate" naming the pending migration', async () => {
    const r = await runHerald(['brief', '--format', 'json'], { env: { DATABASE_URL: behind.url, HERALD_NOW: NOW } });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(listMigrations().at(-1)!.name);
    expect(r.stderr).toMatch(/run herald db migrate\n$/);
  }, SLOW);

  it('makes scan exit 1 on a database never migrated, and creates nothing there', async () => {
    const r = await runHerald(['scan'], { env: { DATABASE_URL: fresh.url, HERALD_NOW: NOW } });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/no herald_migrations table.*run herald db migrate\n$/);
    const sql = postgres(fresh.url, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql`select tablename from pg_tables where schemaname = 'public'`;
      expect(tables).toEqual([]);
    } finally {
      await sql.end();
    }
  }, SLOW);

  it('is brought up to date by `herald db migrate`, after which scan gets past the check', async () => {
    const migrated = await runHerald(['db', 'migrate'], { env: { DATABASE_URL: fresh.url } });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stderr).toMatch(/^applied 001_init\n/);
    const r = await runHerald(['scan'], { env: { DATABASE_URL: fresh.url, HERALD_NOW: NOW } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no rows/);
  }, SLOW);
});
