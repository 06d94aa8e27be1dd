/**
 * Issue 8, item 3: secrets are redacted by value on every path. Each configured secret is set to
 * a distinct marker, failure paths are forced through the CLI as processes on the real Postgres —
 * a provider 401 that echoes the key, a Telegram webhook handler that throws (grammY's BotError
 * carries the token in `ctx.api.token`), a Slack slash command whose reply fails, the database
 * down, transports that fail to start —
 * and then stdout, stderr and a `pg_dump` of the database are searched for the markers.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { startSlackFake } from '../fakes/slack-fake.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { cleanEnv, HERALD_BIN, REPO_ROOT, runHerald } from '../helpers/cli.js';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/** Every marker contains MARK, so one search finds any of them. */
const SECRET = {
  telegramToken: '987654:MARK-telegram-token',
  webhookSecret: 'MARK-webhook-secret',
  slackBot: 'xoxb-MARK-slack-bot',
  slackSigning: 'MARK-slack-signing',
  slackApp: 'xapp-MARK-slack-app',
  openaiKey: 'sk-MARK-openai-key',
  providerKey: 'sk-MARK-provider-key',
  dbPassword: 'MARK-db-password',
  readonlyPassword: 'MARK-readonly-password',
  supabaseKey: 'MARK-supabase-key',
};
const run = promisify(execFile);
const CHAT = 555;

/** The machine's Postgres with the marker as password (trust auth ignores it; Herald must not print it). */
function urlWithPassword(database: string, password: string, port = 5432): string {
  const u = new URL(ADMIN_URL.replace(/\/[^/]*$/, `/${database}`));
  u.password = password;
  u.port = String(port);
  return u.toString();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A long-running `herald` process whose output can be awaited line by line. */
function spawnHerald(args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [HERALD_BIN, ...args], { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of waiters.splice(0)) w();
  });
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    /** Resolves when stderr matches; fails after `ms` with what was seen. */
    waitFor(pattern: RegExp, ms = 90_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stderr so far:\n${stderr}`)), ms);
        const check = () => {
          if (pattern.test(stderr)) {
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`herald exited (${child.exitCode}) before ${pattern}; stderr:\n${stderr}`));
          } else waiters.push(check);
        };
        check();
      });
    },
    async stop(): Promise<number | null> {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('secrets never leave Herald', () => {
  let db: TestDatabase;
  let openai: OpenAIFake;
  let telegram: TelegramFake;
  let configPath: string;
  /** Everything Herald printed, over all scenarios. */
  const printed: string[] = [];

  const baseEnv = () => ({
    DATABASE_URL: urlWithPassword(db.name, SECRET.dbPassword),
    HERALD_READONLY_DATABASE_URL: urlWithPassword(db.name, SECRET.readonlyPassword),
    HERALD_CONFIG: configPath,
    HERALD_NOW: '2026-11-23T06:30:00Z',
    OPENAI_API_KEY: SECRET.openaiKey,
    OPENAI_BASE_URL: openai.url,
    FAKE_API_KEY: SECRET.providerKey,
    SLACK_APP_TOKEN: SECRET.slackApp,
    HERALD_LOG_LEVEL: 'debug',
  });

  beforeAll(async () => {
    db = await createTestDatabase('herald_secrets');
    const store = createPostgresStore({ url: db.url, max: 2 });
    await migrate(store);
    await seedDemo(store, { seed: 7, endDay: '2026-11-22', skus: 20, days: 21 });
    await store.close();
    openai = await startOpenAIFake();
    // Both providers answer 401 and echo the key they were sent, as several OpenAI-compatible servers do.
    openai.script('m-provider', { kind: 'error', status: 401, message: `Incorrect API key provided: ${SECRET.providerKey}. You can find your API key in your dashboard.` });
    openai.script('m-openai', { kind: 'error', status: 401, message: `Incorrect API key provided: ${SECRET.openaiKey}.` });
    telegram = await startTelegramFake({ token: SECRET.telegramToken, rateLimits: false });
    const dir = mkdtempSync(join(tmpdir(), 'herald-secrets-'));
    configPath = join(dir, 'herald.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        providers: { fake: { baseURL: openai.url, apiKeyEnv: 'FAKE_API_KEY' } },
        models: {
          'm-provider': { provider: 'fake', model: 'm-provider', inputPerMTok: 1, outputPerMTok: 2 },
          'm-openai': { provider: 'openai', model: 'm-openai', inputPerMTok: 1, outputPerMTok: 2 },
        },
        routes: { brief: { models: ['m-provider', 'm-openai'], retries: 0 } },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await openai?.close();
    await telegram?.close();
    await db?.drop();
  });

  it('keeps a provider key echoed by a 401 out of the call log, `herald calls` and the output', async () => {
    const brief = await runHerald(['brief', '--format', 'json'], { env: baseEnv() });
    printed.push(brief.stdout, brief.stderr);
    expect(brief.code).toBe(0);
    expect(JSON.parse(brief.stdout).narrativeSource).toBe('template');
    expect(openai.requests.map((r) => r.model)).toEqual(['m-provider', 'm-openai']);

    const calls = await runHerald(['calls', '--format', 'json'], { env: baseEnv() });
    printed.push(calls.stdout, calls.stderr);
    expect(calls.code).toBe(0);
    const rows = JSON.parse(calls.stdout) as Array<{ model: string; error: string }>;
    expect(rows.map((r) => [r.model, r.error])).toEqual([
      ['m-provider', expect.stringContaining('Incorrect API key provided: [secret]')],
      ['m-openai', expect.stringContaining('Incorrect API key provided: [secret]')],
    ]);
    const text = await runHerald(['calls'], { env: baseEnv() });
    printed.push(text.stdout, text.stderr);
  }, 240_000);

  it('keeps the bot token out of the log when a Telegram webhook handler throws', async () => {
    const port = await freePort();
    const herald = spawnHerald(['start'], {
      ...baseEnv(),
      HERALD_LOG_LEVEL: 'info',
      PORT: String(port),
      TELEGRAM_BOT_TOKEN: SECRET.telegramToken,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
      TELEGRAM_WEBHOOK_SECRET: SECRET.webhookSecret,
      TELEGRAM_ALLOWED_CHATS: String(CHAT),
    });
    try {
      await herald.waitFor(/telegram: started/);
      expect(telegram.webhook()).toMatchObject({ secretToken: SECRET.webhookSecret });
      // The reply fails, so the handler throws and grammY's BotError (with ctx.api.token) is logged.
      telegram.inject({ code: 400, description: 'Bad Request: message is too long', method: 'sendMessage' }, 5);
      const status = await telegram.pushUpdate({
        update_id: 1,
        message: {
          message_id: 1, date: 1_795_000_000, chat: { id: CHAT, type: 'private' },
          from: { id: CHAT, is_bot: false, first_name: 'Анна', language_code: 'ru' },
          text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }],
        },
      });
      expect(status).toBe(500);
      await herald.waitFor(/handler failed|update handling failed/);
    } finally {
      await herald.stop();
      printed.push(herald.stdout, herald.stderr);
    }
    expect(herald.stderr).toContain('[secret]');
  }, 240_000);

  it('keeps the Slack tokens and signing secret out of the log when a slash command handler fails', async () => {
    const slack = await startSlackFake({ token: SECRET.slackBot, outsideChannels: ['C0SHOP'] });
    const port = await freePort();
    const herald = spawnHerald(['start'], {
      ...baseEnv(),
      HERALD_LOG_LEVEL: 'debug',
      PORT: String(port),
      SLACK_BOT_TOKEN: SECRET.slackBot,
      SLACK_SIGNING_SECRET: SECRET.slackSigning,
      SLACK_API_URL: slack.apiUrl,
      SLACK_ALLOWED_CHANNELS: 'C0SHOP',
      SLACK_APP_TOKEN: '',
    });
    try {
      await herald.waitFor(/slack: started/);
      // The bot was never invited to the channel: posting the reply fails (not_in_channel) and the handler's error is logged.
      const body = new URLSearchParams({
        token: 'legacy', team_id: 'T0HERALD', team_domain: 'herald', channel_id: 'C0SHOP', channel_name: 'shop', user_id: 'U0ANNA',
        user_name: 'anna', command: '/herald', text: 'help', response_url: `http://127.0.0.1:${await freePort()}/commands/1`, trigger_id: '1.3.1',
      }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SECRET.slackSigning).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
        body,
      });
      expect(res.status).toBe(200);
      await herald.waitFor(/"level":50/);
    } finally {
      await herald.stop();
      await slack.close();
      printed.push(herald.stdout, herald.stderr);
    }
  }, 240_000);

  it('keeps the secrets out of the one-line errors when the database is down or a transport fails to start', async () => {
    const down = await runHerald(['brief'], {
      env: { ...baseEnv(), DATABASE_URL: urlWithPassword('nowhere', SECRET.dbPassword, await freePort()), SUPABASE_URL: 'http://127.0.0.1:9/', SUPABASE_KEY: SECRET.supabaseKey },
    });
    printed.push(down.stdout, down.stderr);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^database: cannot connect/);

    // Telegram refuses the token (401 at getMe): the start fails with one line.
    const refusing = await startTelegramFake({ rateLimits: false });
    try {
      const start = await runHerald(['start'], {
        env: {
          ...baseEnv(), PORT: String(await freePort()), TELEGRAM_BOT_TOKEN: SECRET.telegramToken, TELEGRAM_API_ROOT: refusing.apiRoot,
          SLACK_BOT_TOKEN: SECRET.slackBot, SLACK_SIGNING_SECRET: SECRET.slackSigning,
        },
      });
      printed.push(start.stdout, start.stderr);
      expect(start.code).toBe(1);
      expect(start.stderr).toMatch(/start: a chat transport failed to start/);
    } finally {
      await refusing.close();
    }

    // Slack refuses the bot token (invalid_auth at auth.test).
    const slack = await startSlackFake();
    try {
      const start = await runHerald(['start'], {
        env: { ...baseEnv(), PORT: String(await freePort()), SLACK_BOT_TOKEN: SECRET.slackBot, SLACK_SIGNING_SECRET: SECRET.slackSigning, SLACK_API_URL: slack.apiUrl },
      });
      printed.push(start.stdout, start.stderr);
      expect(start.code).toBe(1);
    } finally {
      await slack.close();
    }
  }, 240_000);

  it('finds no marker in anything printed nor in a pg_dump of the database', async () => {
    expect(printed.length).toBeGreaterThanOrEqual(16);
    const all = printed.join('\n');
    expect(all.match(/.{0,60}MARK.{0,60}/g) ?? []).toEqual([]);
    const dump = await run('/usr/bin/pg_dump', ['--data-only', '-h', '127.0.0.1', '-U', 'postgres', db.name], { maxBuffer: 256 * 1024 * 1024 });
    expect(dump.stdout).toContain('llm_calls');
    expect(dump.stdout).toContain('[secret]');
    expect(dump.stdout.match(/.{0,60}MARK.{0,60}/g) ?? []).toEqual([]);
  }, 120_000);
});
