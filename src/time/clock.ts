/**
 * Herald's time, the one shape every part takes it in: the wall clock rows are stamped with, days
 * are computed from and the dispatcher paces by, and a sleep that can be cut short. `createHerald`
 * builds every part on one Clock; tests inject a fixed or virtual one, so rate limits, backoff,
 * deadlines and schedules run without real waits.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (or at once when `signal` aborts); never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal ? { signal } : {}).catch(() => undefined),
};

/**
 * A clock that only moves when something sleeps: `sleep(ms)` jumps time forward to its wake-up
 * moment at once. Enough for code with one sleeper at a time (the dispatcher's scheduling loop).
 */
export function virtualClock(start = Date.UTC(2026, 10, 23, 6, 0, 0)): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      if (signal?.aborted) return;
      now += Math.max(0, ms);
      await Promise.resolve();
    },
  };
}

/**
 * A clock that reads `at` (`HERALD_NOW`, a test's "this morning") until something sleeps: a sleep
 * waits for real (a platform's rate limit runs on real time) and moves the reading on by the time
 * it waited, so the dispatcher's pacing and a router's retries still make progress.
 */
export function fixedClock(at: Date | number): Clock {
  let ms = typeof at === 'number' ? at : at.getTime();
  return {
    now: () => ms,
    async sleep(wait, signal) {
      const started = Date.now();
      await systemClock.sleep(wait, signal);
      ms += Math.max(0, Date.now() - started);
    },
  };
}

/** The clock's reading as a Date, for code that takes time as `() => Date`. */
export function dateReader(clock: Clock): () => Date {
  return () => new Date(clock.now());
}

/** A Clock from a `() => Date` reading and/or a sleep (the system clock's for the part not given). */
export function clockOf(parts: { now?: () => Date; sleep?: Clock['sleep'] }): Clock {
  const { now, sleep } = parts;
  return { now: now ? () => now().getTime() : systemClock.now, sleep: sleep ?? systemClock.sleep };
}
