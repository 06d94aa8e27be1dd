/**
 * Per-user question limits (config `ask.perUserPerMinute`, `ask.perUserPerDay`): every question
 * costs model money, so one chatty user (or a script in a group) cannot spend the day's budget.
 * In memory: a restart forgives, which is fine for a guard against bursts.
 */
import type { Clock } from '../time/clock.js';

export interface RateLimiter {
  /** Takes a slot for `key`, or says how many seconds until one frees up. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export function createRateLimiter(options: { perMinute: number; perDay: number; clock: Clock }): RateLimiter {
  const windows = [
    { limit: options.perMinute, ms: 60_000 },
    { limit: options.perDay, ms: 86_400_000 },
  ];
  const hits = new Map<string, number[]>();
  return {
    take(key) {
      const now = options.clock.now();
      const mine = (hits.get(key) ?? []).filter((t) => t > now - 86_400_000);
      for (const w of windows) {
        const inWindow = mine.filter((t) => t > now - w.ms);
        if (inWindow.length >= w.limit) {
          hits.set(key, mine);
          return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((inWindow[0]! + w.ms - now) / 1000)) };
        }
      }
      mine.push(now);
      hits.set(key, mine);
      return { ok: true };
    },
  };
}
