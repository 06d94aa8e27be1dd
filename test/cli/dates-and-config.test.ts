/**
 * What a Russian-speaking user types (issue 10 item 9): Russian and ISO dates and the words for
 * yesterday / today, in the CLI's `--date` and in chat `/brief` (through the console transport);
 * an impossible date is called impossible; configuration errors quote the bad value.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { parseUserDay } from '../../src/time/days.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const NOW = '2026-11-23T06:30:00Z'; // 09:30 in Moscow: today is 2026-11-23, yesterday 2026-11-22

describe('parseUserDay', () => {
  const today = '2026-11-23';
  it.each([
    ['2026-11-20', '2026-11-20'],
    ['20.11.2026', '2026-11-20'],
    ['20.11.26', '2026-11-20'],
    ['20/11/2026', '2026-11-20'],
    ['20.11', '2026-11-20'],
    ['24.11', '2025-11-24'], // not yet this year: the latest such day
    ['20 ноября 2026', '2026-11-20'],
    ['20 ноября', '2026-11-20'],
    ['1 мая 2026 г.', '2026-05-01'],
    ['3 марта', '2026-03-03'],
    ['Nov 20, 2026', '2026-11-20'],
    ['20 November', '2026-11-20'],
    ['вчера', '2026-11-22'],
    ['Сегодня', '2026-11-23'],
    ['позавчера', '2026-11-21'],
    ['yesterday', '2026-11-22'],
    ['today', '2026-11-23'],
  ])('reads %s as %s', (input, day) => {
    expect(parseUserDay(input, today)).toEqual({ ok: true, day });
  });

  it.each(['2026-13-45', '31.02.2026', '29.02.2026', '32 ноября', '2026-02-30'])('calls %s impossible', (input) => {
    expect(parseUserDay(input, today)).toEqual({ ok: false, reason: 'impossible' });
  });

  it.each(['завтра?', 'ноябрь', '2026/11', 'abc', '20 мартобря'])('does not read %s', (input) => {
    expect(parseUserDay(input, today)).toEqual({ ok: false, reason: 'unrecognised' });
  });
});

describe('dates typed in the CLI and in chat', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('herald_dates');
    const store = createPostgresStore({ url: db.url, max: 1 });
    await migrate(store);
    await seedDemo(store, { seed: 3, endDay: '2026-11-22', skus: 20, days: 30 });
    await store.close();
    env = { DATABASE_URL: db.url, HERALD_NOW: NOW, HERALD_DATA_DIR: mkdtempSync(join(tmpdir(), 'herald-dates-')) };
  });
  afterAll(() => db.drop());

  it('herald brief --date accepts 20.11.2026, "20 ноября" and вчера; an impossible date exits 2 saying so', async () => {
    for (const [arg, day] of [['20.11.2026', '2026-11-20'], ['20 ноября', '2026-11-20'], ['вчера', '2026-11-22'], ['yesterday', '2026-11-22']]) {
      const r = await runHerald(['brief', '--date', arg!, '--format', 'json'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).date).toBe(day);
    }
    const bad = await runHerald(['brief', '--date', '2026-13-45'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('brief: --date: "2026-13-45" is not a real date (no such day in the calendar)');
    const junk = await runHerald(['scan', '--date', 'someday'], { env });
    expect(junk.code).toBe(2);
    expect(junk.stderr.trim()).toMatch(/^scan: --date: "someday" is not a date \(examples: 2026-11-20, 20\.11\.2026, 20 ноября, вчера, yesterday\)$/);
  });

  it('chat /brief 20.11.2026, /brief вчера, an impossible date and a day without data (one full stop)', async () => {
    const r = await runHerald(['start'], { env, input: '/brief 20.11.2026\n/brief вчера\n/brief 31.02.2026\n/brief 01.01.2025\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Сводка за пт, 20 нояб.');
    expect(r.stdout).toContain('Сводка за вс, 22 нояб.');
    expect(r.stdout).toContain('Такой даты нет в календаре: «31.02.2026».');
    expect(r.stdout).toMatch(/Нет данных за ср, 1 янв\. 2025 г\.(?!\.)/);
  });
});

describe('configuration errors quote the bad value', () => {
  it('HERALD_TZ: the value read; HERALD_DATA_DIR pointing at a file: the variable, not EEXIST', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-config-'));
    const tz = await runHerald(['brief'], { env: { HERALD_TZ: 'Moscow', HERALD_DATA_DIR: dir } });
    expect(tz.code).toBe(2);
    expect(tz.stderr.trim()).toBe('config: HERALD_TZ: must be an IANA time zone such as Europe/Moscow (got "Moscow")');

    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    const dataDir = await runHerald(['brief'], { env: { HERALD_DATA_DIR: file } });
    expect(dataDir.code).toBe(2);
    expect(dataDir.stderr.trim()).toBe(`config: HERALD_DATA_DIR: "${file}" is a file, not a directory (point it at a directory; it is created when missing)`);
    expect(dataDir.stderr).not.toMatch(/EEXIST/);

    writeFileSync(join(dir, 'herald.config.json'), JSON.stringify({ thresholds: { tags: { topN: -3 } } }));
    const key = await runHerald(['brief'], { env: { HERALD_DATA_DIR: dir }, cwd: dir });
    expect(key.code).toBe(2);
    expect(key.stderr.trim()).toMatch(/thresholds\.tags\.topN: .* \(got -3\)$/);
  });
});
