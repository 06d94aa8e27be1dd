/**
 * Slack replays through Bolt's HTTP receiver with properly signed requests, on both stores: a
 * delivery seen before — a retry (X-Slack-Retry-Num) or the same signed request again — is
 * acknowledged but acted on once, also when another replica (or the same one after a restart)
 * receives it, because the seen ids live in the database. A request dated more than five minutes
 * ahead is refused like a stale one.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/monitor/http-server.js';
import { createSlackTransport, type SlackTransport } from '../../src/transports/slack/slack-transport.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { createChatWorld, type ChatWorld } from './harness.js';

const SECRET = 'test-signing-secret';
const CHANNEL = 'C0ALLOWED';

function sign(body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

describe.each(STORE_DRIVERS)('Slack replays on $driver', (driver) => {
  let world: ChatWorld;
  let fake: SlackFake;
  /** Two replicas of Herald on one database, each with its own Bolt app and HTTP server. */
  const replicas: { transport: SlackTransport; http: HttpServer }[] = [];

  beforeAll(async () => {
    [world, fake] = await Promise.all([createChatWorld({ SLACK_ALLOWED_CHANNELS: CHANNEL }, driver.open), startSlackFake({ rateLimit: false })]);
    for (let i = 0; i < 2; i++) {
      const { store, logger, core, config } = world;
      const transport = createSlackTransport({ botToken: fake.token, signingSecret: SECRET, apiUrl: fake.apiUrl, core, store, logger, locale: 'ru', timeZone: config.timeZone });
      const http = await startHttpServer({ port: 0, host: '127.0.0.1', store, logger, routes: transport.routes });
      await transport.start();
      replicas.push({ transport, http });
    }
  });
  afterAll(async () => {
    for (const r of replicas) await r.http.close();
    await Promise.all([world?.cleanup(), fake?.close()]);
  });

  /** POSTs a signed request to replica `replica` (default the first); resolves to the HTTP status. */
  async function deliver(body: string, opts: { replica?: number; json?: boolean; timestamp?: number; headers?: Record<string, string> } = {}) {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(`${replicas[opts.replica ?? 0]!.http.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': opts.json ? 'application/json' : 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp),
        ...opts.headers,
      },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  const slash = (text: string, triggerId: string) =>
    new URLSearchParams({
      token: 'legacy', team_id: 'T0HERALD', team_domain: 'herald', channel_id: CHANNEL, channel_name: 'shop',
      user_id: 'U0ANNA', user_name: 'anna', command: '/herald', text, response_url: `${fake.origin}/_response/${triggerId}`, trigger_id: triggerId,
    }).toString();

  /** Resolves once the replica has logged that it dropped the delivery claimed under `key`. */
  const ignored = (key: string) => world.waitForLog((l) => l.msg === 'slack: repeated request ignored' && l.key === key);
  const helpPosts = (from: number) => fake.posted.slice(from).filter((m) => /Команды:/.test(m.text));

  it('acts on a slash command once when Slack retries it, or the same trigger_id comes again, on either replica', async () => {
    const before = fake.posted.length;
    const body = slash('help', '1001.2.aaa');
    expect(await deliver(body)).toBe(200);
    await fake.waitForPosts(before + fake.files.length + 1);
    // Each answer comes only after the duplicate was claimed and dropped: the ack is its last act.
    expect(await deliver(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).toBe(200);
    expect(await deliver(body, { replica: 1 })).toBe(200);
    await ignored('trigger:1001.2.aaa');
    expect(world.logs.filter((l) => l.msg === 'slack: repeated request ignored' && l.key === 'trigger:1001.2.aaa')).toHaveLength(2);
    expect(helpPosts(before)).toHaveLength(1);

    // The same command typed again is a new invocation (a new trigger_id): answered again.
    expect(await deliver(slash('help', '1001.2.bbb'), { replica: 1 })).toBe(200);
    await fake.waitForPosts(before + fake.files.length + 2);
    expect(helpPosts(before)).toHaveLength(2);
  });

  it('acts on a button press once when the same interaction payload comes twice', async () => {
    // A button from a brief of a day long gone: the core refuses it with an ephemeral note.
    const payload = {
      type: 'block_actions', user: { id: 'U0ANNA', username: 'anna', name: 'anna', team_id: 'T0HERALD' }, api_app_id: 'A0HERALD', token: 'legacy',
      container: { type: 'message', message_ts: '1700000000.000900', channel_id: CHANNEL, is_ephemeral: false }, trigger_id: '1002.2.ccc',
      team: { id: 'T0HERALD', domain: 'herald' }, channel: { id: CHANNEL, name: 'shop' },
      message: { type: 'message', ts: '1700000000.000900', text: 'Сводка', blocks: [] }, response_url: `${fake.origin}/_response/btn`,
      actions: [{ type: 'button', action_id: 'brief:2019-01-01:details', block_id: 'b1', text: { type: 'plain_text', text: 'Подробнее' }, value: 'brief:2019-01-01:details', action_ts: '1700000001.000100' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const ephemeral = fake.ephemeral.length;
    expect(await deliver(body)).toBe(200);
    await fake.waitFor(() => fake.ephemeral.length > ephemeral, { what: 'the ephemeral refusal' });
    expect(await deliver(body, { replica: 1 })).toBe(200);
    await ignored('trigger:1002.2.ccc');
    expect(fake.ephemeral.slice(ephemeral).map((e) => e.text)).toEqual([expect.stringMatching(/устарела/)]);
  });

  it('acts on an Events API retry (same event_id) once, whichever replica gets it', async () => {
    const event = {
      type: 'event_callback', token: 'legacy', team_id: 'T0HERALD', api_app_id: 'A0HERALD', event_id: `Ev0REPLAY${driver.driver}`, event_time: 1,
      event: { type: 'app_mention', user: 'U0ANNA', text: '<@UHERALDBOT> help', ts: '1700000000.000300', channel: CHANNEL, event_ts: '1700000000.000300' },
    };
    const body = JSON.stringify(event);
    const before = fake.posted.length;
    expect(await deliver(body, { json: true })).toBe(200);
    await fake.waitForPosts(before + fake.files.length + 1);
    expect(await deliver(body, { json: true, replica: 1, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).toBe(200);
    await ignored(event.event_id);
    expect(helpPosts(before)).toHaveLength(1);
  });

  it('remembers what it handled across a restart: a new app on the same database ignores the replay', async () => {
    const before = fake.posted.length;
    const body = slash('help', '1003.2.ddd');
    expect(await deliver(body)).toBe(200);
    await fake.waitForPosts(before + fake.files.length + 1);
    const { store, logger, core, config } = world;
    const restarted = createSlackTransport({ botToken: fake.token, signingSecret: SECRET, apiUrl: fake.apiUrl, core, store, logger, locale: 'ru', timeZone: config.timeZone });
    const http = await startHttpServer({ port: 0, host: '127.0.0.1', store, logger, routes: restarted.routes });
    try {
      await restarted.start();
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await fetch(`${http.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
        body,
      });
      expect(res.status).toBe(200);
      await ignored('trigger:1003.2.ddd');
      expect(helpPosts(before)).toHaveLength(1);
    } finally {
      await http.close();
    }
  });

  it('refuses a request dated more than five minutes ahead with 401, like a stale one, and does nothing', async () => {
    const responses = world.logs.length;
    const before = fake.posted.length;
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    expect(await deliver(slash('help', '1004.2.eee'), { timestamp: ahead })).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(await deliver(slash('help', '1004.2.fff'), { timestamp: stale })).toBe(401);
    // A 401 is answered before Bolt parses the request: nothing was dispatched to any handler.
    expect(fake.posted.length).toBe(before);
    expect(world.logs.slice(responses).some((l) => l.msg === 'slack: repeated request ignored')).toBe(false);
  });

  it('accepts a timestamp exactly five minutes ahead of its clock and refuses one a second later', async () => {
    const base = Math.floor(Date.now() / 1000);
    const { store, logger, core, config } = world;
    const transport = createSlackTransport({
      botToken: fake.token, signingSecret: SECRET, apiUrl: fake.apiUrl, core, store, logger, locale: 'ru', timeZone: config.timeZone, clock: () => base * 1000,
    });
    const http = await startHttpServer({ port: 0, host: '127.0.0.1', store, logger, routes: transport.routes });
    try {
      await transport.start();
      const post = async (timestamp: number) => {
        const body = JSON.stringify({ type: 'url_verification', token: 'legacy', challenge: `c${timestamp}` });
        const res = await fetch(`${http.url}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
          body,
        });
        return [res.status, await res.text()];
      };
      expect(await post(base + 300)).toEqual([200, JSON.stringify({ challenge: `c${base + 300}` })]);
      expect(await post(base + 301)).toEqual([401, '']);
    } finally {
      await http.close();
    }
  });
});
