/**
 * Herald's Slack transport in Socket Mode (SLACK_APP_TOKEN), end to end: Bolt's SocketModeReceiver
 * calls apps.connections.open on the loopback fake with the app-level token, connects to the
 * WebSocket it returns, and receives envelopes there; replies go back over the Web API fake.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrief } from '../../src/brief/brief-service.js';
import { createChatCore } from '../../src/chat/chat-commands.js';
import { createSlackTransport, type SlackTransport } from '../../src/transports/slack/slack-transport.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { createChatWorld, LAST_DAY, type ChatWorld } from './harness.js';
import { recordingCore, type RecordingCore } from './recording-core.js';
import { clockOf } from '../../src/time/clock.js';

const CHANNEL = 'C0ALLOWED';
let world: ChatWorld;
let fake: SlackFake;
let transport: SlackTransport;
/** The brief waits for this gate, so a test can see the ack arrive before the work. */
let gate: Promise<void> = Promise.resolve();
/** The real core, remembering every command it finished with its answer (null: stay silent). */
let recorded: RecordingCore;

describe.each(STORE_DRIVERS)('Slack Socket Mode on $driver (a fresh fake each)', ({ open }) => {

  beforeAll(async () => {
    [world, fake] = await Promise.all([createChatWorld({ SLACK_ALLOWED_CHANNELS: CHANNEL }, open), startSlackFake()]);
    const { store, config, logger, now, subscriptions } = world;
    recorded = recordingCore(createChatCore({
      config, store, logger, clock: clockOf({ now }), subscriptions,
      briefs: async (o) => {
        await gate;
        return buildBrief({ store, config, clock: clockOf({ now }) }, o);
      },
    }));
    transport = createSlackTransport({ botToken: fake.token, appToken: fake.appToken, apiUrl: fake.apiUrl, core: recorded.core, store, logger, locale: 'ru', timeZone: config.timeZone });
    await transport.start();
  });
  afterAll(async () => {
    await transport?.stop();
    // Bolt's stop() starts the close handshake without waiting for it; let it finish before the fake goes.
    if (fake) await fake.waitFor(() => fake.socketMode.connections === 0, { what: 'the app to close its Socket Mode connection' });
    await Promise.all([world?.cleanup(), fake?.close()]);
  });

  /** Messages and files delivered so far: what `fake.waitForPosts(count)` counts. */
  const delivered = () => fake.posted.length + fake.files.length;

  /** Slack makes a new trigger_id for every invocation; a repeated one is a replay. */
  let triggers = 0;
  const slashCommand = (text: string, channel = CHANNEL) => ({
    token: 'legacy', team_id: 'T0HERALD', team_domain: 'herald', channel_id: channel, channel_name: 'shop',
    user_id: 'U0ANNA', user_name: 'anna', command: '/herald', text, api_app_id: 'A0HERALD', is_enterprise_install: 'false',
    response_url: `${fake.origin}/_response/1`, trigger_id: `1.2.${++triggers}`,
  });

  describe('Slack Socket Mode fake', () => {
    it('opens connections only for the app-level token, in the Authorization header', async () => {
      const open = async (headers: Record<string, string>, body = '') => {
        const res = await fetch(`${fake.apiUrl}apps.connections.open`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
        return (await res.json()) as { ok: boolean; error?: string; url?: string };
      };
      expect(await open({ authorization: `Bearer ${fake.token}` })).toEqual({ ok: false, error: 'not_allowed_token_type' });
      expect(await open({}, `token=${fake.appToken}`)).toEqual({ ok: false, error: 'not_authed' });
      expect(await open({ authorization: 'Bearer xapp-wrong' })).toEqual({ ok: false, error: 'invalid_auth' });
      const opened = await open({ authorization: `Bearer ${fake.appToken}` });
      expect(opened).toEqual({ ok: true, url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[^&]+&app_id=A0HERALD$/) });
    });

    it('refuses a WebSocket upgrade with a ticket that was never issued', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${fake.origin}/link/?ticket=forged&app_id=A0HERALD`, {
          headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(401);
    });
  });

  describe('Slack app over Socket Mode', () => {
    it('connects at start with the app token: no HTTP route, one live connection', () => {
      expect(transport.routes).toEqual([]);
      expect(fake.socketMode.connections).toBe(1);
      expect(fake.socketMode.opened).toBeGreaterThanOrEqual(1);
    });

    it('acknowledges /herald brief at once and posts the brief after the ack', async () => {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      const before = fake.posted.length;
      const seen = delivered();
      const ack = await fake.socketMode.slashCommand(slashCommand('brief'));
      expect(ack).toMatchObject({ type: 'slash_commands', payload: {} });
      expect(ack.ms).toBeLessThan(3000);
      expect(delivered()).toBe(seen);
      release();
      await fake.waitForPosts(seen + 1);
      const brief = fake.posted.slice(before);
      expect(brief.every((m) => m.channel === CHANNEL)).toBe(true);
      const actions = brief.flatMap((m) => m.blocks).filter((b) => b.type === 'actions');
      expect(JSON.stringify(actions)).toContain(`"action_id":"brief:${LAST_DAY}:chart"`);
    });

    it('handles a button click: acks, uploads the chart and updates the message with who and when', async () => {
      const message = fake.posted.findLast((m) => m.blocks.some((b) => b.type === 'actions'))!;
      const data = `brief:${LAST_DAY}:chart`;
      const seen = delivered();
      const updates = fake.updates.length;
      const ack = await fake.socketMode.interactive({
        type: 'block_actions',
        user: { id: 'U0ANNA', username: 'anna', name: 'anna', team_id: 'T0HERALD' },
        api_app_id: 'A0HERALD',
        token: 'legacy',
        container: { type: 'message', message_ts: message.ts, channel_id: CHANNEL, is_ephemeral: false },
        trigger_id: `1.2.${++triggers}`,
        team: { id: 'T0HERALD', domain: 'herald' },
        channel: { id: CHANNEL, name: 'shop' },
        message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
        response_url: `${fake.origin}/_response/2`,
        actions: [{ type: 'button', action_id: data, block_id: 'b1', text: { type: 'plain_text', text: 'График' }, value: data, action_ts: '1' }],
      });
      expect(ack).toMatchObject({ type: 'interactive', payload: {} });
      expect(ack.ms).toBeLessThan(3000);
      await fake.waitForPosts(seen + 1);
      await fake.waitFor(() => fake.updates.length > updates, { what: 'chat.update of the pressed message' });
      const update = fake.updates.at(-1)!;
      expect(update.ts).toBe(message.ts);
      expect(update.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'anna: график · 09:30' }] });
      expect(fake.files.at(-1)).toMatchObject({ channel: CHANNEL, filename: `revenue-${LAST_DAY}.png` });
    });

    it('answers an @mention delivered as events_api in its thread, and a redelivery (retry_attempt) once', async () => {
      const callback = {
        type: 'event_callback', token: 'legacy', team_id: 'T0HERALD', api_app_id: 'A0HERALD', event_id: 'Ev0SOCKET1', event_time: 1,
        event: { type: 'app_mention', user: 'U0ANNA', text: '<@UHERALDBOT> help', ts: '1700000000.000200', channel: CHANNEL, event_ts: '1700000000.000200' },
      };
      const before = fake.posted.length;
      const seen = delivered();
      expect(await fake.socketMode.event(callback)).toMatchObject({ type: 'events_api' });
      await fake.waitForPosts(seen + 1);
      const ignored = () => world.logs.filter((l) => l.msg === 'slack: repeated request ignored' && l.key === 'Ev0SOCKET1').length;
      expect(await fake.socketMode.event(callback, { retryAttempt: 1, retryReason: 'timeout' })).toMatchObject({ type: 'events_api' });
      await world.waitForLog((l) => l.msg === 'slack: repeated request ignored' && l.key === 'Ev0SOCKET1');
      expect(ignored()).toBe(1);
      expect(world.logs.find((l) => l.msg === 'slack: repeated request ignored' && l.key === 'Ev0SOCKET1')).toMatchObject({ retryNum: 1, retryReason: 'timeout' });
      expect(fake.posted.slice(before).map((m) => [m.text, m.threadTs])).toEqual([[expect.stringMatching(/Команды:/), '1700000000.000200']]);
    });

    it('refuses a channel that is not allowed once', async () => {
      const before = fake.posted.length;
      const seen = delivered();
      const stranger = () => recorded.handled.filter((h) => h.kind === 'command' && h.chatId === 'C0STRANGER');
      await fake.socketMode.slashCommand(slashCommand('brief', 'C0STRANGER'));
      await fake.waitForPosts(seen + 1);
      await fake.socketMode.slashCommand(slashCommand('help', 'C0STRANGER'));
      await recorded.waitFor(() => stranger().length === 2, { what: 'both commands from the stranger channel' });
      expect(stranger().map((h) => h.kind === 'command' && h.reply === null)).toEqual([false, true]);
      expect(fake.posted.slice(before).map((m) => [m.channel, m.text])).toEqual([['C0STRANGER', expect.stringMatching(/не подключён/)]]);
    });

    it('acknowledges every envelope it was sent, and sends nothing else', () => {
      expect(fake.socketMode.acks.map((a) => a.type)).toEqual(['slash_commands', 'interactive', 'events_api', 'events_api', 'slash_commands', 'slash_commands']);
      expect(fake.socketMode.unexpected).toEqual([]);
    });
  });
});
