/**
 * Issue 8, items 4 and 6, through the real send path: `herald scan` and `herald send` as processes,
 * the real grammY and Slack WebClient senders, the Telegram and Slack loopback fakes. A product
 * whose title carries Slack control sequences (`<!channel>`, `<!here>`, `<@U123>`, a disguised
 * link) and 100,000 characters must neither ping anyone nor flood a chat: every field Slack
 * renders is escaped, Telegram HTML is escaped, titles are cut with "…", and a brief is at most
 * three messages per chat (chart, text, overflow).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSkuDaily } from '../../src/data/sku-daily-insert.js';
import type { Store } from '../../src/data/store.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { TITLE_MAX } from '../../src/locales/readable-text.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { DATE, series } from '../insights/anomalies/series.js';
import { openTestStore } from './helpers.js';

const HERALD = resolve('bin/herald.js');
const SLOW = 150_000;
const HOSTILE = `<!channel> <!here> <@U123> <https://evil.example|click> & ${'Ж'.repeat(100_000)}`;
const TG_CHAT = '42';
const SLACK_CHANNEL = 'C0HOSTILE';

/** Every string inside a JSON-like value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Slack parses `<…>` as a mention, a channel ping or a link: none may come from our data. */
const SLACK_CONTROL = /<[!@#]|<https?:/;
const longestRun = (s: string) => Math.max(0, ...(s.match(/Ж+/g) ?? []).map((r) => r.length));

describe('a hostile product title on its way to Telegram and Slack', () => {
  let store: Store;
  let url: string;
  let close: () => Promise<void>;
  let tg: TelegramFake;
  let slack: SlackFake;
  let cwd: string;

  const herald = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [HERALD, ...args],
        {
          cwd,
          timeout: SLOW - 20_000,
          maxBuffer: 64 * 1024 * 1024,
          env: {
            PATH: process.env.PATH, DATABASE_URL: url, HERALD_LOCALE: 'en', HERALD_NOW: '2026-11-23T06:30:00Z', HERALD_LOG_LEVEL: 'error',
            TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot,
            SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl, SLACK_SIGNING_SECRET: 'hostile-test-secret',
          },
        },
        (err, stdout, stderr) => done({ code: err ? (err.killed ? -1 : Number(err.code ?? 1)) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    ({ store, close, db: { url } } = await openTestStore({ asyncCommit: true }));
    // The hostile SKU is the best seller until it runs out of stock on the day: it is in the
    // brief's top list and stock risks, and the scan raises an alert about it.
    const evil = series({ sku: 'EVIL-1', price: 5_000 }).map((r) => ({ ...r, title: HOSTILE, ...(r.day === DATE ? { units: 0, orders: 0, revenue: 0, stock: 0 } : {}) }));
    const others = ['P1', 'P2', 'P3'].flatMap((sku) => series({ sku }));
    await insertSkuDaily(store, [...evil, ...others]);
    await store.query(`insert into etl_runs (finished_at, status) values ('2026-11-23T03:00:00Z', 'ok')`);
    const subscriptions = createSubscriptionRepository(store);
    await subscriptions.add({ transport: 'telegram', chatId: TG_CHAT, receives: ['brief', 'alerts'] });
    await subscriptions.add({ transport: 'slack', chatId: SLACK_CHANNEL, receives: ['brief', 'alerts'] });
    [tg, slack] = await Promise.all([startTelegramFake(), startSlackFake({ rateLimit: false })]);
    cwd = mkdtempSync(join(tmpdir(), 'herald-hostile-'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([tg?.close(), slack?.close()]);
    await close?.();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('sends the brief as at most three messages per chat, the title cut and escaped', async () => {
    const r = await herald('send', 'brief', '--date', DATE);
    expect(r.code, r.stderr).toBe(0);

    const telegram = tg.sent.filter((m) => m.chatId === TG_CHAT);
    expect(telegram.length).toBeGreaterThanOrEqual(2);
    expect(telegram.length).toBeLessThanOrEqual(3);
    for (const m of telegram) {
      expect(m.raw).not.toMatch(/<[!@]|<https?:/);
      expect(longestRun(m.text)).toBeLessThan(TITLE_MAX);
    }
    const tgText = telegram.filter((m) => m.method === 'sendMessage').map((m) => m.text).join('\n');
    expect(tgText).toContain('<!channel> <!here> <@U123> <https://evil.example|click> & ЖЖЖ');
    expect(tgText).toMatch(/Ж…/);

    const slackMessages = slack.posted.filter((m) => m.channel === SLACK_CHANNEL);
    const slackFiles = slack.files.filter((f) => f.channel === SLACK_CHANNEL);
    expect(slackMessages.length).toBeGreaterThanOrEqual(1);
    expect(slackMessages.length + slackFiles.length).toBeLessThanOrEqual(3);
    const fields = [...slackMessages.flatMap((m) => [m.text, ...strings(m.blocks)]), ...slackFiles.flatMap((f) => [f.title, f.initialComment ?? ''])];
    for (const s of fields) {
      expect(s).not.toMatch(SLACK_CONTROL);
      expect(longestRun(s)).toBeLessThan(TITLE_MAX);
    }
    expect(fields.join('\n')).toContain('&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; ЖЖЖ');
  }, SLOW);

  it('sends the alert with every Slack field escaped — the notification text included — and the title cut', async () => {
    const scan = await herald('scan', '--date', DATE, '--format', 'json');
    expect(scan.code, scan.stderr).toBe(0);
    expect(JSON.parse(scan.stdout).alerts.map((a: { sku: string }) => a.sku)).toContain('EVIL-1');
    const before = { tg: tg.sent.length, slack: slack.posted.length };
    const r = await herald('send', 'alerts');
    expect(r.code, r.stderr).toBe(0);

    const alerts = slack.posted.slice(before.slack).filter((m) => m.channel === SLACK_CHANNEL);
    const evil = alerts.filter((m) => m.text.includes('EVIL-1'));
    expect(evil.length).toBeGreaterThan(0);
    for (const m of alerts) {
      for (const s of [m.text, ...strings(m.blocks)]) {
        expect(s).not.toMatch(SLACK_CONTROL);
        expect(longestRun(s)).toBeLessThan(TITLE_MAX);
      }
    }
    expect(evil[0]!.text).toContain('&lt;!channel&gt;');

    const telegram = tg.sent.slice(before.tg).filter((m) => m.chatId === TG_CHAT);
    expect(telegram.some((m) => m.text.includes('<!channel>'))).toBe(true);
    for (const m of telegram) {
      expect(m.raw).not.toMatch(/<[!@]|<https?:/);
      expect(longestRun(m.text)).toBeLessThan(TITLE_MAX);
      for (const label of strings(m.replyMarkup)) expect(longestRun(label)).toBeLessThan(TITLE_MAX);
    }
  }, SLOW);
});
