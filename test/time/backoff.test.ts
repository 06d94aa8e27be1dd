import { describe, expect, it } from 'vitest';
import { backoffDelay, waitUnlessAborted } from '../../src/time/backoff.js';
import { virtualClock } from '../../src/time/clock.js';

describe('backoff', () => {
  it('grows exponentially with jitter between half and the full delay, up to the ceiling', () => {
    const o = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(0, { ...o, random: () => 0 })).toBe(500);
    expect(backoffDelay(0, { ...o, random: () => 0.999 })).toBe(1000);
    expect(backoffDelay(3, { ...o, random: () => 0 })).toBe(4000);
    expect(backoffDelay(29, { ...o, random: () => 1 })).toBe(60_000);
    expect(backoffDelay(1, { baseMs: 250, maxMs: 8000, random: () => 0.5 })).toBe(375);
  });

  it('says whether a wait ran out or was aborted, on the injected clock', async () => {
    const clock = virtualClock(0);
    expect(await waitUnlessAborted(clock, 250)).toBe(true);
    expect(clock.now()).toBe(250);
    const aborted = new AbortController();
    aborted.abort();
    expect(await waitUnlessAborted(clock, 1000, aborted.signal)).toBe(false);
    expect(clock.now()).toBe(250);
    const during = new AbortController();
    const abortingClock = { sleep: async (_ms: number, signal?: AbortSignal) => void during.abort(signal === during.signal ? 'cut' : 'other') };
    expect(await waitUnlessAborted(abortingClock, 1000, during.signal)).toBe(false);
  });
});
