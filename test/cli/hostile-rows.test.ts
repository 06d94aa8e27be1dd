/**
 * Issue 8, item 5: hostile ETL rows are bad rows (SPEC section 4) — reported on stderr with their
 * key and in the brief's `badRows`, skipped, never summed, never a crash — for `herald brief` and
 * `herald scan` as processes on the real Postgres: a revenue beyond a double (1e309), NULLs in
 * required columns (day, sku, units, revenue) through a team's own view, and text that is not
 * UTF-8 in a SQL_ASCII database (which stores any bytes; a UTF8 database refuses them).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { insertSkuDaily } from '../../src/data/sku-daily-insert.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { DATE, series } from '../insights/anomalies/series.js';

const HERALD = resolve('bin/herald.js');
const SLOW = 150_000;
const GOOD = ['P1', 'P2', 'P3'].flatMap((sku) => series({ sku }));
const goodRevenue = GOOD.filter((r) => r.day === DATE).reduce((n, r) => n + r.revenue, 0);

function herald(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [HERALD, ...args],
      { timeout: SLOW - 20_000, env: { PATH: process.env.PATH, HERALD_NOW: '2026-11-23T06:30:00Z', HERALD_LOG_LEVEL: 'error', HERALD_DATA_DIR: '/nonexistent-herald-dir', ...env } },
      (err, stdout, stderr) => done({ code: err ? (err.killed ? -1 : Number(err.code ?? 1)) : 0, stdout, stderr }),
    );
  });
}

interface BadRowJson {
  day: string | null;
  sku: string | null;
  reason: string;
}

describe('hostile rows in a team\'s own view', () => {
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('herald_hostile_rows');
    const store = createPostgresStore({ url: db.url, max: 1 });
    try {
      await migrate(store);
      await insertSkuDaily(store, GOOD);
      // The team's ETL has no NOT NULL constraints: the view unions it with the clean rows.
      await store.exec(`
        create table etl_extra (day date, sku text, title text, category text, units integer, orders integer, revenue numeric,
          returns integer, stock integer, price numeric, ad_spend numeric, ad_clicks integer, ad_impressions integer);
        insert into etl_extra values
          ('${DATE}', 'HUGE', 'Огромная выручка', null, 1, 1, 1e309, 0, 10, 500, 0, null, null),
          ('${DATE}', null, 'Без артикула', null, 5, 5, 5000, 0, 10, 1000, 0, null, null),
          ('${DATE}', 'NOUNITS', 'Без штук', null, null, 1, 700, 0, 10, 700, 0, null, null),
          ('${DATE}', 'NOREV', 'Без выручки', null, 2, 2, null, 0, 10, 500, 0, null, null),
          (null, 'NODAY', 'Без дня', null, 3, 3, 1500, 0, 10, 500, 0, null, null),
          ('${DATE}', 'MANGLED', 'Кру\uFFFDжка', null, 1, 1, 300, 0, 10, 300, 0, null, null);
        create view shop_daily as select * from sku_daily union all select * from etl_extra;`);
    } finally {
      await store.close();
    }
    const dir = mkdtempSync(join(tmpdir(), 'herald-hostile-rows-'));
    const config = join(dir, 'herald.config.json');
    writeFileSync(config, JSON.stringify({ data: { relation: 'shop_daily' } }));
    env = { DATABASE_URL: db.url, HERALD_CONFIG: config };
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('briefs the day: every hostile row reported with its key and skipped, the totals those of the clean rows', async () => {
    const r = await herald(env, 'brief', '--date', DATE, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const brief = JSON.parse(r.stdout);
    const bad = brief.badRows as BadRowJson[];
    const reasonOf = (sku: string | null) => bad.find((b) => b.sku === sku)?.reason;
    expect(reasonOf('HUGE')).toMatch(/^revenue is not a finite number/);
    expect(reasonOf(null)).toBe('sku is NULL');
    expect(reasonOf('NOUNITS')).toBe('units is NULL');
    expect(reasonOf('NOREV')).toBe('revenue is NULL');
    expect(bad.find((b) => b.sku === 'NODAY')).toMatchObject({ day: null, reason: 'day is NULL' });
    expect(reasonOf('MANGLED')).toBe('title is not valid UTF-8 text');
    expect(bad).toHaveLength(6);
    expect(brief.totals.revenue).toBe(goodRevenue);
    expect(brief.items.map((i: { sku: string }) => i.sku)).not.toEqual(expect.arrayContaining(['HUGE']));
    expect(r.stderr).toContain(`brief: skipped bad row day=${DATE} sku=HUGE: revenue is not a finite number`);
    expect(r.stderr).toContain(`brief: skipped bad row day=${DATE} sku=null: sku is NULL`);
    expect(r.stderr).toContain('brief: skipped bad row day=null sku=NODAY: day is NULL');
  }, SLOW);

  it('scans the day: the same rows reported and skipped, no alert about them', async () => {
    const r = await herald(env, 'scan', '--date', DATE, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    for (const sku of ['HUGE', 'null', 'NOUNITS', 'NOREV', 'MANGLED']) expect(r.stderr).toContain(`scan: skipped bad row day=${DATE} sku=${sku}: `);
    expect(r.stderr).toContain('scan: skipped bad row day=null sku=NODAY: day is NULL');
    const skus = JSON.parse(r.stdout).alerts.map((a: { sku: string | null }) => a.sku);
    for (const sku of ['HUGE', 'NOUNITS', 'NOREV', 'NODAY', 'MANGLED']) expect(skus).not.toContain(sku);
  }, SLOW);
});

describe('bytes that are not UTF-8 in a SQL_ASCII database', () => {
  const name = `herald_ascii_${randomBytes(5).toString('hex')}`;
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const admin = () => postgres(ADMIN_URL, { max: 1, onnotice: () => {} });

  beforeAll(async () => {
    const sql = admin();
    try {
      await sql.unsafe(`create database ${name} encoding 'SQL_ASCII' lc_collate 'C' lc_ctype 'C' template template0`);
    } finally {
      await sql.end();
    }
    const store = createPostgresStore({ url, max: 1 });
    try {
      await migrate(store);
      await insertSkuDaily(store, GOOD);
      // Bytes 0xff 0xfe: not UTF-8. Postgres refuses to send them to a UTF-8 client, failing the query.
      await store.exec(`insert into sku_daily (day, sku, title, units, orders, revenue, returns, ad_spend)
        values ('${DATE}', 'LATIN', E'Caf\\xe9 \\xff\\xfe', 1, 1, 100, 0, 0)`);
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(async () => {
    const sql = admin();
    try {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await sql.end();
    }
  });

  it('briefs the day with that row reported and skipped, and Cyrillic titles intact', async () => {
    const r = await herald({ DATABASE_URL: url }, 'brief', '--date', DATE, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const brief = JSON.parse(r.stdout);
    expect(brief.badRows).toEqual([{ day: DATE, sku: 'LATIN', reason: 'title is not valid UTF-8 text' }]);
    expect(brief.totals.revenue).toBe(goodRevenue);
    expect(brief.items[0].title).toBe('Кружка керамическая');
    expect(r.stderr).toContain(`brief: skipped bad row day=${DATE} sku=LATIN: title is not valid UTF-8 text`);
  }, SLOW);
});
