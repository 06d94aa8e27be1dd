/**
 * `herald doctor` as a process against the real Postgres and the loopback fakes (OpenAI,
 * Telegram, Slack): all green, then each fault on its own — model endpoint down, wrong key,
 * missing column, stale ETL, Telegram token refused — exits 1 with the right ✗ line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const KEY = 'sk-doctor-good-key';
const NOW = '2026-11-23T06:30:00Z';

interface Report {
  ok: boolean;
  checks: Array<{ name: string; ok: boolean; skipped?: boolean; detail: string; fix?: string }>;
}

describe('herald doctor', () => {
  let db: TestDatabase;
  let openai: OpenAIFake;
  let telegram: TelegramFake;
  let slack: SlackFake;
  let dir: string;
  let env: Record<string, string>;

  const writeConfig = (name: string, over: { baseURL?: string; relation?: string } = {}) => {
    const path = join(dir, name);
    writeFileSync(
      path,
      JSON.stringify({
        providers: { fake: { baseURL: over.baseURL ?? openai.url, apiKeyEnv: 'OPENAI_API_KEY' } },
        models: { 'm-good': { provider: 'fake', model: 'm-good', inputPerMTok: 0.25, outputPerMTok: 2 } },
        routes: { brief: { models: ['m-good'] } },
        ...(over.relation ? { data: { relation: over.relation } } : {}),
      }),
    );
    return path;
  };
  const doctor = async (extra: Record<string, string> = {}, args: string[] = []) => {
    const r = await runHerald(['doctor', '--format', 'json', ...args], { env: { ...env, ...extra } });
    return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  };
  const failing = (report: Report) => report.checks.filter((c) => !c.ok).map((c) => c.name);

  beforeAll(async () => {
    db = await createTestDatabase('herald_doctor');
    const store = createPostgresStore({ url: db.url, max: 2 });
    await migrate(store);
    await seedDemo(store, { seed: 3, endDay: '2026-11-22', skus: 15, days: 20 });
    // A team's view that forgot a column.
    await store.query(`create view sku_daily_partial as select day, sku, title, category, units, orders, revenue, returns, stock, price, ad_spend, ad_impressions from sku_daily`);
    await store.close();
    openai = await startOpenAIFake({ apiKey: KEY });
    openai.script('m-good', { kind: 'answer', content: 'pong' });
    telegram = await startTelegramFake();
    slack = await startSlackFake();
    dir = mkdtempSync(join(tmpdir(), 'herald-doctor-'));
    env = {
      DATABASE_URL: db.url,
      HERALD_CONFIG: writeConfig('ok.json'),
      HERALD_NOW: NOW,
      OPENAI_API_KEY: KEY,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'doctor-signing-secret',
      SLACK_API_URL: slack.apiUrl,
    };
  }, 300_000);
  afterAll(async () => {
    await openai?.close();
    await telegram?.close();
    await slack?.close();
    await db?.drop();
  });

  it('is all green on a healthy setup, in text and JSON', async () => {
    const { code, report } = await doctor();
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
    const names = report.checks.map((c) => c.name);
    for (const n of ['config', 'database', 'database: migrations', 'database: advisory locks', 'database: LISTEN', 'ETL relation sku_daily', 'ETL freshness', 'model m-good (brief)', 'telegram: bot token', 'slack: bot token', 'slack: scopes']) {
      expect(names).toContain(n);
    }
    expect(openai.requests.some((r) => r.path === '/v1/models/m-good')).toBe(true);
    const text = await runHerald(['doctor'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^✓ database: LISTEN: /m);
    expect(text.stdout).toMatch(/all checks passed\n$/);
    expect(`${text.stdout}${text.stderr}`).not.toContain(KEY);
  }, 120_000);

  it('names each fault on its own line and exits 1', async () => {
    const [down, wrongKey, column, stale, token] = await Promise.all([
      doctor({ HERALD_CONFIG: writeConfig('down.json', { baseURL: 'http://127.0.0.1:9/v1' }) }),
      doctor({ OPENAI_API_KEY: 'sk-wrong-key' }),
      doctor({ HERALD_CONFIG: writeConfig('view.json', { relation: 'sku_daily_partial' }) }),
      doctor({ HERALD_NOW: '2026-11-26T12:00:00Z' }),
      doctor({ TELEGRAM_BOT_TOKEN: '999:refused-token' }),
    ]);
    for (const r of [down, wrongKey, column, stale, token]) expect(r.code).toBe(1);

    expect(failing(down.report)).toEqual(['model m-good (brief)']);
    expect(down.report.checks.find((c) => !c.ok)!.detail).toMatch(/unreachable/);
    expect(failing(wrongKey.report)).toEqual(['model m-good (brief)']);
    expect(wrongKey.report.checks.find((c) => !c.ok)).toMatchObject({ detail: expect.stringMatching(/key refused .*401/), fix: expect.stringContaining('OPENAI_API_KEY') });
    expect(JSON.stringify(wrongKey.report)).not.toContain('sk-wrong-key');
    expect(failing(column.report)).toEqual(['ETL relation sku_daily_partial']);
    expect(column.report.checks.find((c) => !c.ok)!.detail).toBe('missing column ad_clicks');
    expect(failing(stale.report)).toEqual(['ETL freshness']);
    expect(stale.report.checks.find((c) => !c.ok)!.detail).toMatch(/h ago \(limit 30 h\)/);
    expect(failing(token.report)).toEqual(['telegram: bot token']);
    expect(token.report.checks.find((c) => !c.ok)!.detail).toMatch(/refused the token \(401/);
    expect(JSON.stringify(token.report)).not.toContain('refused-token');
  }, 180_000);

  it('names the transaction pooler on port 6543 as the cause', async () => {
    const pooled = db.url.replace(':5432/', ':6543/');
    const { code, report } = await doctor({ DATABASE_URL: pooled });
    expect(code).toBe(1);
    // Nothing listens on 6543 here: the connection fails, and the pooler is still named.
    expect(report.checks.find((c) => c.name === 'database')).toMatchObject({ ok: false });
    expect(report.checks.find((c) => c.name === 'database: advisory locks')).toMatchObject({ ok: false, detail: expect.stringContaining('transaction-mode pooler'), fix: expect.stringContaining('session-mode pooler') });
    expect(report.checks.find((c) => c.name === 'database: LISTEN')).toMatchObject({ ok: false, detail: expect.stringContaining('6543') });
  }, 120_000);
});
