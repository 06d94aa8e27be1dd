/**
 * Starting the chat transports: a platform that cannot be reached fails `herald start` after the
 * start time-out (HERALD_TRANSPORT_START_TIMEOUT_MS) with one line naming the URL and the cause,
 * instead of hanging while /healthz says all is well; /readyz stays 503 until every configured
 * transport has started.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { startHttpServer } from '../../src/monitor/http-server.js';
import { startChatTransports } from '../../src/herald/start-transports.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, STORE_DRIVERS, type TestDatabase } from '../helpers/databases.js';
import { createChatWorld, type ChatWorld } from './harness.js';
import { clockOf } from '../../src/time/clock.js';

/** Each `herald` process starts tsx and compiles on the way: seconds apiece on a busy machine. */
const SLOW = 120_000;

/** A port nothing listens on: connecting to it is refused at once. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('herald start with an unreachable platform (as a process)', () => {
  let db: TestDatabase;
  let port: number;
  // The time-out leaves the first (refused) attempt time to come back on a loaded machine.
  const start = (env: Record<string, string>) =>
    runHerald(['start'], {
      timeoutMs: SLOW - 20_000,
      env: { DATABASE_URL: db.url, PORT: '0', HERALD_LOG_LEVEL: 'error', HERALD_TRANSPORT_START_TIMEOUT_MS: '5000', ...env },
    });

  beforeAll(async () => {
    db = await createTestDatabase('herald_start');
    const store = createPostgresStore({ url: db.url });
    await migrate(store);
    await store.close();
    port = await closedPort();
  });
  afterAll(async () => db?.drop());

  it('exits 1 with one line naming Slack\'s URL and ECONNREFUSED, instead of retrying auth.test for half an hour', async () => {
    const r = await start({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_API_URL: `http://127.0.0.1:${port}/api/` });
    expect(r.stderr.trim()).toBe(`start: cannot reach Slack at http://127.0.0.1:${port}/api/: ECONNREFUSED`);
    expect(r.code).toBe(1);
  }, SLOW);

  it('exits 1 with the same kind of line for Telegram, not "Aborted delay"', async () => {
    const r = await start({ TELEGRAM_BOT_TOKEN: '123456:TEST-fake-token', TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` });
    expect(r.stderr.trim()).toBe(`start: cannot reach Telegram at http://127.0.0.1:${port}: ECONNREFUSED`);
    expect(r.code).toBe(1);
  }, SLOW);
});

describe.each(STORE_DRIVERS)('readiness while the transports start, on $driver', ({ open }) => {
  let world: ChatWorld;
  let slack: SlackFake;
  let telegram: TelegramFake;

  beforeAll(async () => {
    [world, slack, telegram] = await Promise.all([createChatWorld({}, open), startSlackFake(), startTelegramFake({ rateLimits: false })]);
  });
  afterAll(async () => Promise.all([world?.cleanup(), slack?.close(), telegram?.close()]));

  it('answers /readyz 503 naming the transport still starting, and 200 once all have started', async () => {
    const config = loadConfig({
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot,
        SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_API_URL: slack.apiUrl,
      },
      cwd: '/nonexistent-herald-dir',
    });
    const http = await startHttpServer({ port: 0, host: '127.0.0.1', store: world.store, logger: world.logger });
    const readyz = async () => {
      const res = await fetch(`${http.url}/readyz`);
      return [res.status, (await res.text()).trim()];
    };
    const getMe = telegram.hold('getMe');
    const authTest = slack.hold('auth.test');
    const starting = startChatTransports({ config, store: world.store, logger: world.logger, core: world.core, clock: clockOf({ now: world.now }), http });
    try {
      await getMe.reached;
      expect(await readyz()).toEqual([503, 'starting: telegram, slack']);
      expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
      getMe.release();
      await authTest.reached;
      expect(await readyz()).toEqual([503, 'starting: slack']);
      authTest.release();
      await starting;
      expect(await readyz()).toEqual([200, 'ready']);
    } finally {
      getMe.release();
      authTest.release();
      await starting.then((s) => s.stop(), () => undefined);
      await http.close();
    }
  });

  it('waits out a short Slack outage at start: 503s, then auth.test answers', async () => {
    const config = loadConfig({
      env: { SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_API_URL: slack.apiUrl, PORT: '0' },
      cwd: '/nonexistent-herald-dir',
    });
    const calls = slack.stats.calls.get('auth.test') ?? 0;
    slack.failNext('auth.test', 503, 2);
    const started = await startChatTransports({ config, store: world.store, logger: world.logger, core: world.core, clock: clockOf({ now: world.now }) });
    try {
      expect(slack.stats.calls.get('auth.test')).toBe(calls + 3);
      expect((await fetch(`${started.http.url}/readyz`)).status).toBe(200);
    } finally {
      await started.stop();
    }
  });

  it.each([
    ['Slack', 'auth.test'],
    ['Telegram', 'getMe'],
  ] as const)('says "no answer" when %s takes the whole time-out over %s', async (platform, method) => {
    const env: Record<string, string> =
      platform === 'Slack'
        ? { SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_API_URL: slack.apiUrl }
        : { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot };
    const config = loadConfig({ env: { ...env, PORT: '0', HERALD_TRANSPORT_START_TIMEOUT_MS: '300' }, cwd: '/nonexistent-herald-dir' });
    const held = (platform === 'Slack' ? slack : telegram).hold(method);
    try {
      const url = platform === 'Slack' ? slack.apiUrl : telegram.apiRoot;
      await expect(startChatTransports({ config, store: world.store, logger: world.logger, core: world.core, clock: clockOf({ now: world.now }) })).rejects.toThrow(
        `cannot reach ${platform} at ${url}: no answer in 300 ms`,
      );
      await held.reached;
    } finally {
      held.release();
    }
  });

  it('gives Socket Mode the same deadline when apps.connections.open does not answer', async () => {
    const config = loadConfig({
      env: { SLACK_BOT_TOKEN: slack.token, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.apiUrl, PORT: '0', HERALD_TRANSPORT_START_TIMEOUT_MS: '500' },
      cwd: '/nonexistent-herald-dir',
    });
    const open = slack.hold('apps.connections.open');
    try {
      await expect(startChatTransports({ config, store: world.store, logger: world.logger, core: world.core, clock: clockOf({ now: world.now }) })).rejects.toThrow(
        /^cannot reach Slack at http:\/\/127\.0\.0\.1:\d+\/api\/: Socket Mode did not connect in 500 ms$/,
      );
      await open.reached;
    } finally {
      open.release();
    }
  });

  it('fails the start with the platform, its URL and the HTTP status when the API keeps answering 5xx', async () => {
    const config = loadConfig({
      env: { SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_API_URL: slack.apiUrl, PORT: '0', HERALD_TRANSPORT_START_TIMEOUT_MS: '3000' },
      cwd: '/nonexistent-herald-dir',
    });
    slack.failNext('auth.test', 503, 1000);
    try {
      await expect(startChatTransports({ config, store: world.store, logger: world.logger, core: world.core, clock: clockOf({ now: world.now }) })).rejects.toThrow(
        `cannot reach Slack at ${slack.apiUrl}: HTTP 503`,
      );
    } finally {
      slack.failNext('auth.test', 503, 0);
    }
  });
});
