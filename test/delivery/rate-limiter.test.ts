import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitKeys } from '../../src/delivery/platform-limits.js';
import { createRateLimiter } from '../../src/delivery/rate-limiter.js';

function clockAt(start = 0) {
  let t = start;
  return { now: () => t, set: (v: number) => void (t = v) };
}

describe('rate limiter', () => {
  it('lets `limit` sends through in a window and says when the next slot frees', () => {
    const clock = clockAt(1000);
    const limiter = createRateLimiter(clock.now);
    const key = { id: 'chat', rules: [{ limit: 2, windowMs: 1000 }] };
    expect(limiter.tryAcquire([key])).toBe(0);
    clock.set(1300);
    expect(limiter.tryAcquire([key])).toBe(0);
    expect(limiter.tryAcquire([key])).toBe(700);
    clock.set(1999);
    expect(limiter.tryAcquire([key])).toBe(1);
    clock.set(2000);
    expect(limiter.tryAcquire([key])).toBe(0);
    expect(limiter.tryAcquire([key])).toBe(300);
  });

  it('takes nothing from any key when one of them is full', () => {
    const clock = clockAt();
    const limiter = createRateLimiter(clock.now);
    const bot = { id: 'bot', rules: [{ limit: 10, windowMs: 1000 }] };
    const chat = { id: 'chat', rules: [{ limit: 1, windowMs: 1000 }] };
    expect(limiter.tryAcquire([chat, bot])).toBe(0);
    expect(limiter.tryAcquire([chat, bot])).toBe(1000);
    // The refused send did not use the bot's capacity: nine more fit.
    for (let i = 0; i < 9; i++) expect(limiter.tryAcquire([{ id: `c${i}`, rules: chat.rules }, bot])).toBe(0);
    expect(limiter.tryAcquire([{ id: 'c9', rules: chat.rules }, bot])).toBe(1000);
  });

  it('paces Telegram at 29 a second, 30 ms apart, with a message of headroom in every second', () => {
    const clock = clockAt();
    const limiter = createRateLimiter(clock.now);
    const times: number[] = [];
    let chat = 0;
    for (let t = 0; t < 10_000; t++) {
      clock.set(t);
      if (limiter.tryAcquire(limitKeys(DEFAULT_LIMITS, 'telegram', String(chat + 1))) === 0) {
        times.push(t);
        chat += 1;
      }
    }
    expect(times.length).toBe(290);
    // 31 sends always span a second plus the spacing: jitter under 30 ms cannot make 31 arrive in one second.
    for (let i = 30; i < times.length; i++) expect(times[i]! - times[i - 30]!).toBeGreaterThanOrEqual(1030);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(30);
  });

  it('books a send that woke a little late at the moment its slot freed, so lateness does not add up', () => {
    const clock = clockAt();
    const limiter = createRateLimiter(clock.now, { backdateMs: 10 });
    const key = { id: 'bot', rules: [{ limit: 1, windowMs: 100 }] };
    const times: number[] = [];
    for (let n = 0; n < 10; n++) {
      const wait = limiter.tryAcquire([key]);
      clock.set(clock.now() + wait + (wait > 0 ? 7 : 0)); // every timer fires 7 ms late
      if (wait > 0) expect(limiter.tryAcquire([key])).toBe(0);
      times.push(clock.now());
    }
    // Ten sends 100 ms apart on paper: the late timers cost 7 ms once, not 7 ms per send.
    expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(9 * 100 + 7);
  });

  it('keeps a group chat to 20 messages a minute', () => {
    const clock = clockAt();
    const limiter = createRateLimiter(clock.now);
    const keys = limitKeys(DEFAULT_LIMITS, 'telegram', '-100123');
    let sent = 0;
    for (let t = 0; t < 60_000; t += 100) {
      clock.set(t);
      if (limiter.tryAcquire(keys) === 0) sent += 1;
    }
    expect(sent).toBe(20);
  });

  it('holds a paused key closed until its retry_after has passed', () => {
    const clock = clockAt();
    const limiter = createRateLimiter(clock.now);
    const key = { id: 'chat', rules: [{ limit: 100, windowMs: 1000 }] };
    limiter.pause('chat', 3000);
    expect(limiter.tryAcquire([key])).toBe(3000);
    clock.set(2999);
    expect(limiter.tryAcquire([key])).toBe(1);
    clock.set(3000);
    expect(limiter.tryAcquire([key])).toBe(0);
  });
});
