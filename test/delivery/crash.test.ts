/**
 * The outbox survives a hard kill: a dispatcher process broadcasting to 200 chats is SIGKILLed
 * from outside at a seeded random message, then a fresh dispatcher resumes. The kill is exact:
 * the Telegram fake accepts that message, answers nothing more, and the test kills the process
 * then — so that message is always delivered without the dispatcher knowing. Every chat gets
 * every part; the only duplicates are messages that were in flight at the kill — at least that
 * one, at most the dispatcher's concurrency — and the restarted dispatcher counted at least that
 * many itself.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { dispatch } from '../../src/delivery/dispatcher.js';
import { deliveryGroupKey } from '../../src/delivery/idempotency-key.js';
import { Outbox, type PlannedDelivery } from '../../src/delivery/outbox.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { mulberry32 } from '../fakes/seeded-random.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { openTestStore, outboxRows, telegramSender } from './helpers.js';
import { UNPACED } from './unpaced-limits.js';

const CHATS = 200;
const SEEDS = 20;
/** Seeds run in parallel lanes, each with its own database and fake: most of a seed is process start-up. */
const LANES = 4;
const CONCURRENCY = 8;

interface Lane {
  store: Store;
  url: string;
  fake: TelegramFake;
  close(): Promise<void>;
}

/** 200 chats, every tenth a group whose brief is two messages. */
function plans(seed: number): PlannedDelivery[] {
  return Array.from({ length: CHATS }, (_, i) => {
    const chatId = i % 10 === 0 ? `-100${i + 1}` : String(i + 1);
    const parts = i % 10 === 0 ? 2 : 1;
    return {
      groupKey: deliveryGroupKey({ kind: 'brief', ref: `seed-${seed}` }, 'telegram', chatId),
      kind: 'brief',
      transport: 'telegram' as const,
      chatId,
      parts: Array.from({ length: parts }, (_, p) => ({ format: 'telegram-html' as const, html: `<b>seed ${seed}</b> chat ${chatId} part ${p + 1}` })),
    };
  });
}

/** Starts the dispatcher process and SIGKILLs it once the fake has accepted `killAt` messages (and answers no more). */
async function runAndKill(lane: Lane, killAt: number): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'test/delivery/dispatcher-child.ts'], {
    env: { ...process.env, DATABASE_URL: lane.url, TELEGRAM_API_ROOT: lane.fake.apiRoot, TELEGRAM_BOT_TOKEN: lane.fake.token, DISPATCH_CONCURRENCY: String(CONCURRENCY), DISPATCH_UNPACED: '1', HERALD_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const freeze = lane.fake.freezeAt(killAt, { timeoutMs: 60_000 });
  try {
    const first = await Promise.race([freeze.reached.then(() => null), exited]);
    if (first !== null) throw new Error(`dispatcher child exited (${first.code}) before message ${killAt}: ${stderr}`);
    child.kill('SIGKILL');
    const exit = await exited;
    return { killed: exit.signal === 'SIGKILL' };
  } finally {
    freeze.thaw();
  }
}

async function crashAndResume(lane: Lane, seed: number) {
  const random = mulberry32(seed);
  await lane.store.query('delete from deliveries');
  lane.fake.reset();
  const planned = plans(seed);
  const total = planned.reduce((n, p) => n + p.parts.length, 0);
  await new Outbox(lane.store).enqueue(planned, new Date());

  const killAt = 1 + Math.floor(random() * (total - 1));
  const { killed } = await runAndKill(lane, killAt);

  const restart = await dispatch({
    store: lane.store,
    senders: { telegram: telegramSender(lane.fake) },
    subscriptions: createSubscriptionRepository(lane.store),
    logger: pino({ level: 'silent' }),
    concurrency: CONCURRENCY,
    limits: UNPACED,
  });

  const counts = lane.fake.countsByChat();
  const byText = new Map<string, number>();
  for (const m of lane.fake.sent) byText.set(m.raw, (byText.get(m.raw) ?? 0) + 1);
  const missing = planned.filter((p) => (counts.get(p.chatId) ?? 0) < p.parts.length).map((p) => p.chatId);
  const duplicated = [...byText.entries()].filter(([, n]) => n > 1);
  const duplicates = duplicated.reduce((n, [, c]) => n + c - 1, 0);
  const rows = await outboxRows(lane.store);
  const flagged = new Set(rows.filter((r) => r.possible_duplicate).map((r) => r.idempotency_key));
  const keyOfText = (raw: string) => {
    const m = /chat (\S+) part (\d+)$/.exec(raw)!;
    return `${deliveryGroupKey({ kind: 'brief', ref: `seed-${seed}` }, 'telegram', m[1]!)}:${m[2]}`;
  };
  return {
    seed, killAt, killed, missing, duplicates, restart,
    unflaggedDuplicates: duplicated.map(([raw]) => keyOfText(raw)).filter((k) => !flagged.has(k)),
    notSent: rows.filter((r) => r.status !== 'sent').length,
  };
}

describe('delivery outbox under a hard kill', () => {
  const lanes: Lane[] = [];

  beforeAll(async () => {
    for (let i = 0; i < LANES; i++) {
      const { store, db, close } = await openTestStore({ asyncCommit: true });
      // Rate limits off and a little latency: the broadcast is quick, and besides the message the fake
      // freezes on, others are often in flight at the kill.
      const fake = await startTelegramFake({ rateLimits: false, latencyMs: 5 });
      lanes.push({ store, url: db.url, fake, close: async () => { await fake.close(); await close(); } });
    }
  });
  afterAll(async () => {
    await Promise.all(lanes.map((l) => l.close()));
  });

  it(`loses nothing and repeats only in-flight sends, over ${SEEDS} random kills`, async () => {
    const results: Array<Awaited<ReturnType<typeof crashAndResume>>> = [];
    const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
    await Promise.all(
      lanes.map(async (lane, l) => {
        for (const seed of seeds.filter((s) => s % LANES === l)) results.push(await crashAndResume(lane, seed));
      }),
    );
    results.sort((a, b) => a.seed - b.seed);
    for (const r of results) {
      const where = `seed ${r.seed} (killed at message ${r.killAt})`;
      expect(r.missing, `${where}: chats without their brief`).toEqual([]);
      expect(r.notSent, `${where}: rows not sent`).toBe(0);
      expect(r.duplicates, `${where}: duplicates beyond the concurrency`).toBeLessThanOrEqual(CONCURRENCY);
      // The message the fake froze on was delivered unanswered: the restart must send it again.
      expect(r.duplicates, `${where}: the message in flight at the kill was not sent again`).toBeGreaterThanOrEqual(1);
      expect(r.restart.inFlightAtCrash, `${where}: in-flight count below the duplicates seen`).toBeGreaterThanOrEqual(r.duplicates);
      expect(r.unflaggedDuplicates, `${where}: duplicates not flagged as in flight`).toEqual([]);
    }
    expect(results.filter((r) => r.killed).length).toBe(SEEDS);
    // The kill lands mid-send every time: the test would notice a dispatcher that lost or repeated.
    expect(results.every((r) => r.duplicates > 0)).toBe(true);
  }, 180_000);
});
