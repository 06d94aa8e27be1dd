import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Api, GrammyError, InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from './telegram-fake.js';

describe('Telegram Bot API fake (driven by grammY)', () => {
  let fake: TelegramFake;
  let api: Api;

  beforeAll(async () => {
    fake = await startTelegramFake({ blockedChats: [666], missingChats: [404], maxPollMs: 2000 });
    api = new Api(fake.token, { apiRoot: fake.apiRoot });
  });
  afterAll(async () => fake.close());

  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    return err as GrammyError;
  };

  it('answers getMe and records an HTML message as Telegram parses it', async () => {
    expect((await api.getMe()).is_bot).toBe(true);
    const msg = await api.sendMessage(1, '<b>Выручка</b> &lt;5&gt; &amp; <a href="https://x.io?a=1&amp;b=2">ссылка</a>', { parse_mode: 'HTML' });
    expect(msg.message_id).toBe(1);
    expect(fake.sent.at(-1)?.text).toBe('Выручка <5> & ссылка');
  });

  it('rejects HTML Telegram cannot parse, naming the problem', async () => {
    expect((await failure(api.sendMessage(1, '<div>x</div>', { parse_mode: 'HTML' }))).description).toMatch(/can't parse entities: Unsupported start tag "div"/);
    expect((await failure(api.sendMessage(1, '<b>x<i>y</b></i>', { parse_mode: 'HTML' }))).description).toMatch(/Unmatched end tag/);
    expect((await failure(api.sendMessage(1, '<b>open', { parse_mode: 'HTML' }))).description).toMatch(/Can't find end tag corresponding to start tag "b"/);
    expect((await failure(api.sendMessage(1, 'a &nbsp; b', { parse_mode: 'HTML' }))).error_code).toBe(400);
    expect((await failure(api.sendMessage(1, 'A & B', { parse_mode: 'HTML' }))).error_code).toBe(400);
  });

  it('counts length after entity parsing: 4096 fits, 4097 is too long', async () => {
    await api.sendMessage(2, '&amp;'.repeat(4096), { parse_mode: 'HTML' });
    const err = await failure(api.sendMessage(3, 'я'.repeat(4097)));
    expect(err.description).toBe('Bad Request: message is too long');
  });

  it('accepts 64 bytes of callback_data and rejects 65', async () => {
    const ok = 'a'.repeat(64);
    await api.sendMessage(4, 'x', { reply_markup: { inline_keyboard: [[{ text: 'ok', callback_data: ok }]] } });
    const err = await failure(api.sendMessage(4, 'x', { reply_markup: { inline_keyboard: [[{ text: 'no', callback_data: `${ok}b` }]] } }));
    expect(err.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('answers blocked and missing chats like Telegram', async () => {
    const blocked = await failure(api.sendMessage(666, 'x'));
    expect([blocked.error_code, blocked.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
    expect((await failure(api.sendMessage(404, 'x'))).description).toBe('Bad Request: chat not found');
  });

  it('answers 429 with retry_after once a chat exceeds its burst', async () => {
    for (let i = 0; i < 3; i++) await api.sendMessage(5, `m${i}`);
    const err = await failure(api.sendMessage(5, 'm3'));
    expect(err.error_code).toBe(429);
    expect(err.parameters.retry_after).toBeGreaterThanOrEqual(1);
    expect(fake.stats.rateLimited).toBe(1);
  });

  it('limits a group chat to 20 messages a minute', async () => {
    const group = await startTelegramFake({ rateLimits: { perChat: { limit: 100, windowMs: 1000 } } });
    const g = new Api(group.token, { apiRoot: group.apiRoot });
    for (let i = 0; i < 20; i++) await g.sendMessage(-100777, `m${i}`);
    const err = await failure(g.sendMessage(-100777, 'm20'));
    expect(err.parameters.retry_after).toBeGreaterThan(50);
    await group.close();
  });

  it('uploads a photo as multipart with its caption', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    await api.sendPhoto(6, new InputFile(png, 'chart.png'), { caption: '<i>график</i>', parse_mode: 'HTML' });
    expect(fake.sent.at(-1)).toMatchObject({ method: 'sendPhoto', text: 'график', photo: { filename: 'chart.png', size: 8 } });
    expect((await failure(api.sendPhoto(6, new InputFile(png, 'c.png'), { caption: 'x'.repeat(1025) }))).description).toBe('Bad Request: message caption is too long');
  });

  it('edits a message and refuses an identical edit', async () => {
    const msg = await api.sendMessage(7, 'before');
    await api.editMessageText(7, msg.message_id, 'after — ✅ Иван');
    expect(fake.edits.at(-1)?.text).toBe('after — ✅ Иван');
    expect((await failure(api.editMessageText(7, msg.message_id, 'after — ✅ Иван'))).description).toMatch(/message is not modified/);
  });

  it('keeps commands per language and webhook info', async () => {
    await api.setMyCommands([{ command: 'brief', description: 'Сводка' }], { language_code: 'ru' });
    expect(await api.getMyCommands({ language_code: 'ru' })).toEqual([{ command: 'brief', description: 'Сводка' }]);
    expect(await api.getMyCommands()).toEqual([]);
    await api.setWebhook('http://127.0.0.1:1/hook', { secret_token: 's3cret' });
    expect((await api.getWebhookInfo()).url).toBe('http://127.0.0.1:1/hook');
    expect((await failure(api.getUpdates())).error_code).toBe(409);
    await api.deleteWebhook();
  });

  it('serves updates by offset and wakes a long poll when one is pushed', async () => {
    await fake.pushUpdate({ message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: '/start' } });
    const first = await api.getUpdates({ offset: 0, timeout: 0 });
    expect(first).toHaveLength(1);
    const next = first[0]!.update_id + 1;
    const poll = api.getUpdates({ offset: next, timeout: 30 });
    // Pushed once the poll is parked at the fake, so it is the push that wakes it.
    await fake.longPollWaiting();
    await fake.pushUpdate({ message: { message_id: 2, date: 0, chat: { id: 1, type: 'private' }, text: '/help' } });
    const second = await poll;
    expect(second.map((u) => u.update_id)).toEqual([next]);
    expect(await api.getUpdates({ offset: next + 1, timeout: 0 })).toEqual([]);
  });

  it('runs standalone and reports stats over HTTP', async () => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'test/fakes/telegram-fake.ts', '--port', '0', '--rate-limits', 'off'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
      const { apiRoot, token } = JSON.parse(line) as { apiRoot: string; token: string };
      const remote = new Api(token, { apiRoot });
      for (let i = 0; i < 5; i++) await remote.sendMessage(-100123, `m${i}`);
      const stats = (await (await fetch(`${apiRoot}/_fake/stats`)).json()) as { countsByChat: Record<string, number>; rateLimited: number };
      expect(stats).toMatchObject({ countsByChat: { '-100123': 5 }, rateLimited: 0 });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
