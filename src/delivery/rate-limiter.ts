/**
 * Client-side pacing, so the platform never has to say 429: a sliding-window log per key ("no more
 * than `limit` sends in any `windowMs`"). A send names every key it counts against — the bot, the
 * chat, the group — and goes only when all of them have room. Time comes from the injected clock.
 */

export interface LimitRule {
  limit: number;
  windowMs: number;
}

/** A bucket a send counts against, with its rules (e.g. the Telegram bot: 29/s, spaced ≥ 34 ms). */
export interface LimitKey {
  id: string;
  rules: readonly LimitRule[];
}

export interface RateLimiter {
  /**
   * Takes a slot on every key and returns 0 when all have room now; otherwise takes nothing and
   * returns the ms until the first moment they might.
   */
  tryAcquire(keys: readonly LimitKey[]): number;
  /** The ms until `keys` all have room (0: now), taking nothing. */
  waitTime(keys: readonly LimitKey[]): number;
  /** Closes a key until `ms` from now (the platform's retry_after). */
  pause(keyId: string, ms: number): void;
}

export interface RateLimiterOptions {
  /**
   * A send that finds its slot freed at most this long ago is booked at the moment the slot freed
   * (default 10 ms). Timers fire late on a busy machine; without this every late wake-up would
   * push all later slots back and a broadcast would run measurably under the ceiling. Keep it
   * well below the smallest spacing rule, which is the margin against arrival jitter.
   */
  backdateMs?: number;
}

export function createRateLimiter(now: () => number, options: RateLimiterOptions = {}): RateLimiter {
  const backdateMs = options.backdateMs ?? 10;
  const logs = new Map<string, number[]>();
  const pausedUntil = new Map<string, number>();

  function waitFor(key: LimitKey, t: number): number {
    let wait = Math.max(0, (pausedUntil.get(key.id) ?? 0) - t);
    const log = logs.get(key.id);
    if (!log) return wait;
    // Entries are kept `backdateMs` past the longest window: when the slot they held freed tells
    // whether a send is a little late.
    const keep = Math.max(...key.rules.map((r) => r.windowMs)) + backdateMs;
    let drop = 0;
    while (drop < log.length && log[drop]! <= t - keep) drop += 1;
    if (drop > 0) log.splice(0, drop);
    for (const rule of key.rules) {
      if (log.length < rule.limit) continue;
      // Sends in the window ending now; the oldest that must leave frees the slot.
      let inWindow = 0;
      for (let i = log.length - 1; i >= 0 && log[i]! > t - rule.windowMs; i--) inWindow += 1;
      if (inWindow >= rule.limit) wait = Math.max(wait, log[log.length - rule.limit]! + rule.windowMs - t);
    }
    return wait;
  }

  return {
    waitTime(keys) {
      const t = now();
      return Math.max(0, ...keys.map((key) => waitFor(key, t)));
    },
    tryAcquire(keys) {
      const t = now();
      let wait = 0;
      for (const key of keys) wait = Math.max(wait, waitFor(key, t));
      if (wait > 0) return wait;
      // When did the last of the needed slots free up, and what is booked already?
      let freedAt = -Infinity;
      let latest = -Infinity;
      for (const key of keys) {
        const log = logs.get(key.id) ?? [];
        latest = Math.max(latest, log[log.length - 1] ?? -Infinity);
        for (const rule of key.rules) if (log.length >= rule.limit) freedAt = Math.max(freedAt, log[log.length - rule.limit]! + rule.windowMs);
      }
      const stamp = Math.max(t - freedAt <= backdateMs ? freedAt : t, latest);
      for (const key of keys) {
        const log = logs.get(key.id) ?? [];
        log.push(stamp);
        logs.set(key.id, log);
      }
      return 0;
    },
    pause(keyId, ms) {
      pausedUntil.set(keyId, Math.max(pausedUntil.get(keyId) ?? 0, now() + ms));
    },
  };
}
