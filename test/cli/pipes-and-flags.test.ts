/**
 * The CLI's edges (issue 8, item 12): a reader that closes the pipe early (`herald brief | head -1`)
 * ends the command quietly — no stack trace, exit 0 — and a flag missing its value is one line on
 * stderr with exit 2, for every command.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const DAY = '2026-11-22';

describe('a closed stdout', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let csv: string;

  beforeAll(async () => {
    db = await createTestDatabase('herald_pipes');
    const store = createPostgresStore({ url: db.url, max: 1 });
    try {
      await migrate(store);
      await seedDemo(store, { seed: 3, endDay: DAY, skus: 20, days: 30 });
    } finally {
      await store.close();
    }
    env = { DATABASE_URL: db.url, HERALD_NOW: '2026-11-23T06:30:00Z', HERALD_DATA_DIR: '/nonexistent-herald-dir' };
    csv = join(mkdtempSync(join(tmpdir(), 'herald-pipes-')), 'series.csv');
    const start = Date.parse('2020-01-01T00:00:00Z');
    const rows = Array.from({ length: 5000 }, (_, i) => `${new Date(start + i * 300_000).toISOString().slice(0, 19).replace('T', ' ')},${i % 97}`);
    writeFileSync(csv, `timestamp,value\n${rows.join('\n')}\n`);
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  const quiet = (r: { code: number | null; stderr: string }) => {
    expect(r.stderr).not.toMatch(/EPIPE|node:events|Unhandled|at .*\(node:/);
    expect(r.code, r.stderr).toBe(0);
  };

  it('ends `brief --format json` quietly', async () => {
    quiet(await runHerald(['brief', '--date', DAY, '--format', 'json'], { env, closeStdout: true }));
  });

  it('ends `brief --format slack-blocks` quietly', async () => {
    quiet(await runHerald(['brief', '--date', DAY, '--format', 'slack-blocks'], { env, closeStdout: true }));
  });

  it('ends `detect FILE` quietly although it awaits each write', async () => {
    quiet(await runHerald(['detect', csv], { env, closeStdout: true }));
  });

  it('ends `scan` and `calls` quietly', async () => {
    quiet(await runHerald(['scan', '--date', DAY, '--format', 'json'], { env, closeStdout: true }));
    quiet(await runHerald(['calls', '--format', 'json'], { env, closeStdout: true }));
  });
});

describe('a flag missing its value', () => {
  const env = { HERALD_DATA_DIR: '/nonexistent-herald-dir' };
  const cases: string[][] = [
    ['brief', '--date'],
    ['brief', '--format', '--date', DAY],
    ['scan', '--format', '--locale', 'en'],
    ['detect', 'file.csv', '--format'],
    ['send', 'brief', '--date'],
  ];

  for (const args of cases) {
    it(`is one line naming the flag and exit 2: herald ${args.join(' ')}`, async () => {
      const r = await runHerald(args, { env });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      const flag = args.find((a, i) => a.startsWith('--') && (args[i + 1] === undefined || args[i + 1]!.startsWith('--')))!;
      expect(lines[0]).toContain(`${flag} needs a value`);
    });
  }
});
