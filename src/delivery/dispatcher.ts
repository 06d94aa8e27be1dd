/**
 * The dispatcher drains the outbox: it sends every pending row, at most `concurrency` at a time,
 * paced by the platforms' limits, parts of a chat's message in order, and records each outcome.
 *
 * Never lost, never twice: a row is claimed (`sending`, committed) before its HTTP call and marked
 * `sent` with the platform's message id after. A process killed in between leaves the row
 * `sending`; the next run counts and logs those as "in flight at a crash" and sends them again —
 * the only possible duplicates, since the platforms take no idempotency key.
 */
import type { Store } from '../data/store.js';
import type { Logger } from '../log.js';
import { backoffDelay, type BackoffOptions } from '../time/backoff.js';
import { systemClock, type Clock } from '../time/clock.js';
import { acquireDispatchLock } from './dispatch-lock.js';
import { Outbox, type OutboxRow } from './outbox.js';
import { DEFAULT_LIMITS, limitKeys, platformKeyId, type PlatformLimits } from './platform-limits.js';
import { createRateLimiter } from './rate-limiter.js';
import type { TransportKind } from '../messages/message.js';
import { SendError, type SendFailure, type Sender } from './sender.js';
import type { SubscriptionRepository } from './subscriptions.js';

export interface DispatchOptions {
  store: Store;
  /** One sender per configured transport; rows for a transport without one stay pending. */
  senders: Partial<Record<TransportKind, Sender>>;
  subscriptions: Pick<SubscriptionRepository, 'deactivate'>;
  logger: Logger;
  clock?: Clock;
  limits?: PlatformLimits;
  /** Sends in flight at once (default 16: enough to keep 29/s going over a 500 ms round trip). */
  concurrency?: number;
  /** Attempts per row on transient errors before it is marked failed (default 5; 429s do not count). */
  maxAttempts?: number;
  /** Backoff between transient failures (default: 1 s doubling up to 60 s, with jitter). */
  backoff?: Partial<BackoffOptions>;
  /** A row whose next try is further away than this is left pending for the next run (default 120 s). */
  maxWaitMs?: number;
  /** How long to wait for another dispatcher to finish (default 30 s). */
  lockWaitMs?: number;
  /** Stops claiming new rows; sends already started finish. */
  signal?: AbortSignal;
}

export interface DispatchReport {
  sent: number;
  failed: number;
  /** Rows dropped because their chat was found unreachable. */
  cancelled: number;
  /** Transient failures retried. */
  retried: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Rows found `sending` at start — in flight when a previous dispatcher died — and sent again. */
  inFlightAtCrash: number;
  deactivated: Array<{ transport: TransportKind; chatId: string; reason: string }>;
  /** Rows still pending at the end (no sender, or next try beyond maxWaitMs). */
  leftPending: number;
}

interface Entry {
  row: OutboxRow;
  running: boolean;
  notBefore: number;
}

export async function dispatch(o: DispatchOptions): Promise<DispatchReport> {
  const clock = o.clock ?? systemClock;
  const release = await acquireDispatchLock(o.store, clock, o.lockWaitMs ?? 30_000, o.signal);
  try {
    return await drain(o, clock);
  } finally {
    await release();
  }
}

async function drain(o: DispatchOptions, clock: Clock): Promise<DispatchReport> {
  const outbox = new Outbox(o.store);
  const limits = o.limits ?? DEFAULT_LIMITS;
  const limiter = createRateLimiter(clock.now);
  const concurrency = o.concurrency ?? 16;
  const maxAttempts = o.maxAttempts ?? 5;
  const backoff: BackoffOptions = {
    baseMs: o.backoff?.baseMs ?? 1000,
    maxMs: o.backoff?.maxMs ?? 60_000,
    ...(o.backoff?.random ? { random: o.backoff.random } : {}),
  };
  const maxWaitMs = o.maxWaitMs ?? 120_000;
  const report: DispatchReport = { sent: 0, failed: 0, cancelled: 0, retried: 0, rateLimited: 0, inFlightAtCrash: 0, deactivated: [], leftPending: 0 };

  const recovered = await outbox.recoverInFlight();
  if (recovered.length > 0) {
    report.inFlightAtCrash = recovered.length;
    o.logger.warn(
      { count: recovered.length, keys: recovered.map((r) => r.idempotencyKey) },
      'delivery: messages were in flight when a previous dispatcher stopped; sending them again (a chat may get one twice)',
    );
  }

  const queue = new Map<number, Entry>();
  const missing = new Set<TransportKind>();
  for (const row of await outbox.pending()) {
    if (o.senders[row.transport]) queue.set(row.id, { row, running: false, notBefore: row.nextAttemptAt });
    else {
      missing.add(row.transport);
      report.leftPending += 1;
    }
  }
  for (const t of missing) o.logger.warn({ transport: t }, 'delivery: no credentials for this transport; its messages stay pending');

  const busyChats = new Set<string>();
  const last429 = new Map<string, number>();
  const tasks = new Set<Promise<void>>();
  let wake: (() => void) | null = null;
  let fatal: unknown = null;
  const chatOf = (row: OutboxRow) => `${row.transport}:${row.chatId}`;

  const finish = (entry: Entry) => queue.delete(entry.row.id);

  async function onFailure(entry: Entry, failure: SendFailure) {
    const { row } = entry;
    const now = clock.now();
    switch (failure.kind) {
      case 'permanent': {
        finish(entry);
        report.failed += 1;
        await outbox.markFailed(row.id, failure.message);
        await o.subscriptions.deactivate(row.transport, row.chatId, failure.message);
        const cancelled = await outbox.cancelChat(row.transport, row.chatId, `chat unreachable: ${failure.message}`);
        for (const id of cancelled) queue.delete(id);
        report.cancelled += cancelled.length;
        report.deactivated.push({ transport: row.transport, chatId: row.chatId, reason: failure.message });
        o.logger.warn({ transport: row.transport, chatId: row.chatId, error: failure.message, cancelled: cancelled.length }, 'delivery: chat unreachable; subscription deactivated');
        return;
      }
      case 'rate_limited': {
        report.rateLimited += 1;
        row.attempts -= 1;
        const platform = platformKeyId(row.transport);
        for (const key of limitKeys(limits, row.transport, row.chatId)) if (key.id !== platform) limiter.pause(key.id, failure.retryAfterMs);
        // One 429 is usually jitter on one chat; a second within a second means the whole bot is
        // over its limit: then every chat waits what was asked.
        if (platform && now - (last429.get(platform) ?? -Infinity) < 1000) limiter.pause(platform, failure.retryAfterMs);
        if (platform) last429.set(platform, now);
        entry.notBefore = now + failure.retryAfterMs;
        await outbox.reschedule(row.id, new Date(entry.notBefore), failure.message, false);
        entry.running = false;
        return;
      }
      case 'transient': {
        if (row.attempts >= maxAttempts) {
          finish(entry);
          report.failed += 1;
          await outbox.markFailed(row.id, failure.message);
          o.logger.error({ key: row.idempotencyKey, attempts: row.attempts, error: failure.message }, 'delivery: giving up after repeated errors');
          return;
        }
        report.retried += 1;
        entry.notBefore = now + backoffDelay(row.attempts - 1, backoff);
        await outbox.reschedule(row.id, new Date(entry.notBefore), failure.message, true);
        entry.running = false;
        return;
      }
      default: {
        const never: never = failure;
        throw new Error(`unknown failure ${JSON.stringify(never)}`);
      }
    }
  }

  async function sendOne(entry: Entry) {
    const { row } = entry;
    if (!(await outbox.claim(row.id, new Date(clock.now())))) {
      finish(entry);
      return;
    }
    row.attempts += 1;
    // The pacing slot is taken after the claim, right before the request: the claim's database
    // round trip varies, and the platform measures when requests arrive, not when we planned them.
    const keys = limitKeys(limits, row.transport, row.chatId);
    for (let wait = limiter.tryAcquire(keys); wait > 0; wait = limiter.tryAcquire(keys)) {
      await clock.sleep(wait, o.signal);
      if (o.signal?.aborted) {
        // Stopped before the request went out: the row is simply pending again, not "in flight".
        await outbox.reschedule(row.id, new Date(clock.now()), 'dispatcher stopped before sending', false);
        return void finish(entry);
      }
    }
    let messageId: string;
    try {
      // Not the stop signal: a send already on the wire finishes and is recorded, so a graceful
      // stop leaves nothing in flight (only a hard kill does).
      ({ messageId } = await o.senders[row.transport]!.send(row.chatId, row.payload));
    } catch (err) {
      // Aborted mid-request: we cannot know whether it arrived; the row stays `sending` for the next run.
      if (o.signal?.aborted) return void finish(entry);
      const failure: SendFailure = err instanceof SendError ? err.failure : { kind: 'transient', message: err instanceof Error ? err.message : String(err) };
      await onFailure(entry, failure);
      return;
    }
    await outbox.markSent(row.id, messageId, new Date(clock.now()));
    finish(entry);
    report.sent += 1;
  }

  function start(entry: Entry) {
    const chat = chatOf(entry.row);
    entry.running = true;
    busyChats.add(chat);
    const task: Promise<void> = sendOne(entry)
      .catch((err: unknown) => {
        fatal ??= err;
      })
      .finally(() => {
        busyChats.delete(chat);
        tasks.delete(task);
        wake?.();
      });
    tasks.add(task);
  }

  /**
   * The first row that may start now (earliest part per chat first), or how long until one might.
   * Only the chat's own limits are checked here; the platform-wide pace is kept in `sendOne`.
   */
  function pick(now: number): Entry | number {
    let wait = Infinity;
    const seen = new Set<string>();
    for (const entry of queue.values()) {
      const chat = chatOf(entry.row);
      if (seen.has(chat)) continue;
      seen.add(chat);
      if (entry.running || busyChats.has(chat)) continue;
      if (entry.notBefore > now) {
        wait = Math.min(wait, entry.notBefore - now);
        continue;
      }
      const platform = platformKeyId(entry.row.transport);
      const w = limiter.waitTime(limitKeys(limits, entry.row.transport, entry.row.chatId).filter((k) => k.id !== platform));
      if (w === 0) return entry;
      wait = Math.min(wait, w);
    }
    return wait;
  }

  while (queue.size > 0 && fatal === null && !o.signal?.aborted) {
    const next = tasks.size < concurrency ? pick(clock.now()) : Infinity;
    if (typeof next !== 'number') {
      start(next);
      continue;
    }
    if (tasks.size === 0 && next > maxWaitMs) break;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    if (next === Infinity) await woken;
    else {
      const stop = new AbortController();
      await Promise.race([clock.sleep(next, stop.signal), woken]);
      stop.abort();
    }
    wake = null;
  }
  await Promise.all(tasks);
  if (fatal !== null) throw fatal;
  report.leftPending += [...queue.values()].length;
  return report;
}
