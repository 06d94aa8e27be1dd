import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { openTestStore } from './helpers.js';

const HERALD = resolve('bin/herald.js');
/** Each `herald` process starts tsx and compiles on the way: seconds apiece on a busy machine. */
const SLOW = 150_000;

describe('herald subscriptions / herald send (as processes)', () => {
  let store: Store;
  let url: string;
  let close: () => Promise<void>;
  let fake: TelegramFake;
  let cwd: string;

  const herald = (...args: string[]) => heraldWith({}, ...args);
  const heraldWith = (env: Record<string, string>, ...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [HERALD, ...args],
        {
          cwd,
          timeout: SLOW - 20_000,
          env: {
            PATH: process.env.PATH, DATABASE_URL: url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot,
            HERALD_LOCALE: 'en', HERALD_NOW: '2026-11-23T06:00:00Z', HERALD_LOG_LEVEL: 'error', PORT: '0', ...env,
          },
        },
        // A process killed at the timeout (a hang) reports -1, never a real exit code.
        (err, stdout, stderr) => done({ code: err ? (err.killed ? -1 : Number(err.code ?? 1)) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    let db;
    ({ store, db, close } = await openTestStore({ asyncCommit: true }));
    url = db.url;
    // Eight days of three products: enough for a brief with its comparisons.
    await store.query(
      `insert into sku_daily (day, sku, title, units, orders, revenue, returns, stock, price, ad_spend)
       select d::date, 'SKU-' || s, 'Товар ' || s, 3 + s, 3 + s, (3 + s) * 1000 + extract(day from d) * 10, 0, 50, 1000, 100
       from generate_series('2026-11-15'::date, '2026-11-22'::date, '1 day') as d, generate_series(1, 3) as s`,
    );
    fake = await startTelegramFake({ blockedChats: ['666'] });
    cwd = mkdtempSync(join(tmpdir(), 'herald-send-'));
  });
  afterAll(async () => {
    await fake?.close();
    await close?.();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('adds, lists and removes subscriptions, negative Telegram ids included', async () => {
    const added = await herald('subscriptions', 'add', '--chat', '-100123', '--receives', 'brief', '--at', '08:30', '--tz', 'Asia/Yekaterinburg');
    expect(added).toMatchObject({ code: 0, stdout: 'added telegram\t-100123\tbrief\t08:30 Asia/Yekaterinburg\tactive\n' });
    await herald('subscriptions', 'add', '--chat', '42', '--quiet', '22:00-08:00');
    const listed = await herald('subscriptions', 'list', '--format', 'json');
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { transport: 'telegram', chatId: '-100123', receives: ['brief'], briefAt: '08:30', timeZone: 'Asia/Yekaterinburg', active: true, addedBy: 'cli' },
      { transport: 'telegram', chatId: '42', receives: ['brief', 'alerts'], briefAt: '09:00', timeZone: 'Europe/Moscow', quietHours: { from: '22:00', to: '08:00' } },
    ]);
    expect(await herald('subscriptions', 'remove', '--chat', '42')).toMatchObject({ code: 0, stdout: 'removed telegram 42\n' });
    const bad = await herald('subscriptions', 'add', '--chat', '7', '--at', '25:00');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--at: "25:00"/);
  }, SLOW);

  it('sends the brief to every subscribed chat once: a second run sends nothing', async () => {
    await createSubscriptionRepository(store).add({ transport: 'telegram', chatId: '42', receives: ['brief'] });
    await createSubscriptionRepository(store).add({ transport: 'telegram', chatId: '666', receives: ['brief'] });
    const first = await herald('send', 'brief', '--date', '2026-11-22');
    expect(first.code).toBe(0);
    // Each chat gets the headline chart as a photo, then the brief's text with its buttons.
    expect(first.stderr).toContain('sent 4, already sent 0, failed 1, in flight at a previous crash 0');
    expect(first.stderr).toMatch(/telegram chat 666 unreachable .*bot was blocked.*subscription deactivated/);
    expect(Object.fromEntries(fake.countsByChat())).toEqual({ '-100123': 2, '42': 2 });
    for (const chat of ['-100123', '42']) {
      const [photo, text] = fake.sent.filter((m) => m.chatId === chat);
      expect(photo?.method).toBe('sendPhoto');
      expect(photo?.photo).toMatchObject({ filename: 'revenue-2026-11-22.png' });
      expect(text?.method).toBe('sendMessage');
      expect(text?.replyMarkup).toBeDefined();
    }

    const second = await herald('send', 'brief', '--date', '2026-11-22');
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('sent 0, already sent 4, failed 0, in flight at a previous crash 0');
    expect(fake.sent).toHaveLength(4);
    expect((await createSubscriptionRepository(store).get('telegram', '666'))?.active).toBe(false);
  }, SLOW);

  it('herald start exits 1 with one line when a chat transport cannot start (a revoked token), instead of hanging', async () => {
    const r = await heraldWith({ TELEGRAM_BOT_TOKEN: '999:revoked' }, 'start');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("start: a chat transport failed to start: Call to 'getMe' failed! (401: Unauthorized)");
  }, SLOW);

  it('says so when there are no alerts to announce', async () => {
    const alerts = await herald('send', 'alerts');
    expect(alerts.code).toBe(0);
    expect(alerts.stderr).toContain('send: no open alerts to announce');
  }, SLOW);
});
