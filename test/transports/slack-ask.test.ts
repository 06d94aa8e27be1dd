/**
 * Ask Herald through Slack's HTTP receiver (signed requests): a mention or a direct message that
 * is no command is a question; `/herald ask …` is acknowledged with a working note at once.
 * Without a model the question is answered with how to enable one.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAskService } from '../../src/ask/ask-service.js';
import { createChatAsk } from '../../src/ask/chat-ask.js';
import { buildBrief } from '../../src/brief/brief-service.js';
import { createChatCore } from '../../src/chat/chat-commands.js';
import { startHttpServer, type HttpServer } from '../../src/monitor/http-server.js';
import { createSlackTransport, type SlackTransport } from '../../src/transports/slack/slack-transport.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { createChatWorld, type ChatWorld } from './harness.js';
import { clockOf } from '../../src/time/clock.js';

const SECRET = 'test-signing-secret';
const CHANNEL = 'C0ASK';
const DM = 'D0ANNA';
let world: ChatWorld;
let fake: SlackFake;
let http: HttpServer;
let transport: SlackTransport;

describe.each(STORE_DRIVERS)('Slack ask on $driver (a fresh fake each)', ({ open }) => {

  beforeAll(async () => {
    [world, fake] = await Promise.all([createChatWorld({ SLACK_ALLOWED_CHANNELS: `${CHANNEL},${DM}` }, open), startSlackFake()]);
    const { store, config, logger, now, subscriptions } = world;
    const service = createAskService({ config, store, router: null, logger, clock: clockOf({ now }) });
    const core = createChatCore({ config, store, logger, clock: clockOf({ now }), subscriptions, briefs: (o) => buildBrief({ store, config, clock: clockOf({ now }) }, o), ask: createChatAsk({ service, clock: clockOf({ now }) }) });
    transport = createSlackTransport({ botToken: fake.token, signingSecret: SECRET, apiUrl: fake.apiUrl, core, store, logger, locale: 'ru', timeZone: config.timeZone });
    http = await startHttpServer({ port: 0, host: '127.0.0.1', store, logger, routes: transport.routes });
    await transport.start();
  });
  afterAll(async () => {
    await transport?.stop();
    await http?.close();
    await Promise.all([world?.cleanup(), fake?.close()]);
  });

  async function postSigned(body: string, contentType: string) {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await fetch(`${http.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      body,
    });
    return { status: res.status, text: await res.text() };
  }
  let events = 0;
  const event = (inner: Record<string, unknown>) =>
    JSON.stringify({ type: 'event_callback', token: 'legacy', team_id: 'T0HERALD', api_app_id: 'A0HERALD', event_id: `Ev0ASK${++events}`, event_time: 1, event: inner });

  it('treats a mention that is no command as a question', async () => {
    const before = fake.posted.length;
    await postSigned(event({ type: 'app_mention', user: 'U0ANNA', text: '<@UHERALDBOT> сколько продали вчера?', ts: '1700000001.000100', channel: CHANNEL, event_ts: '1700000001.000100' }), 'application/json');
    await fake.waitForPosts(before + fake.files.length + 1);
    expect(fake.posted.at(-1)!.text).toMatch(/^Вопросы свободным текстом работают, когда подключена модель/);
    expect(fake.posted.at(-1)!.text).toContain('/herald sku АРТИКУЛ [период]');
    expect(fake.posted.at(-1)!.threadTs).toBe('1700000001.000100');
  });

  it('answers a direct message, and /herald stock through the same tools', async () => {
    let before = fake.posted.length;
    await postSigned(event({ type: 'message', channel_type: 'im', user: 'U0ANNA', text: 'как дела с остатками?', ts: '1700000002.000100', channel: DM, event_ts: '1700000002.000100' }), 'application/json');
    await fake.waitForPosts(before + fake.files.length + 1);
    expect(fake.posted.at(-1)).toMatchObject({ channel: DM, text: expect.stringMatching(/^Вопросы свободным текстом работают/) });

    before = fake.posted.length;
    const slash = new URLSearchParams({
      token: 'legacy', team_id: 'T0HERALD', team_domain: 'herald', channel_id: CHANNEL, channel_name: 'shop', user_id: 'U0ANNA', user_name: 'anna',
      command: '/herald', text: 'stock B2', response_url: `${fake.origin}/_response/9`, trigger_id: '1.3.ask',
    }).toString();
    const ack = await postSigned(slash, 'application/x-www-form-urlencoded');
    expect(JSON.parse(ack.text)).toEqual({ response_type: 'ephemeral', text: 'Готовлю ответ…' });
    await fake.waitForPosts(before + fake.files.length + 1);
    expect(fake.posted.at(-1)!.text).toMatch(/B2 .+: \d+ шт\., продаётся 3 в день, хватит на [\d,]+ дн\./);
    expect(fake.posted.at(-1)!.text).toContain('Источник: stock_cover 2026-11-22.');
  });
});
