import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../src/router/index.js';
import { virtualClock, clockOf } from '../../src/time/clock.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, manualClock, recordingSleep } from './harness.js';

const ask = [{ role: 'user' as const, content: 'Сколько продали вчера?' }];

describe('router resilience', () => {
  let fake: OpenAIFake;
  beforeAll(async () => {
    fake = await startOpenAIFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("waits a 429's Retry-After before retrying the same model", async () => {
    fake.script('m-busy', [{ kind: 'rate_limit', retryAfter: '2' }, { kind: 'answer', content: 'готово' }]);
    const config = fakeConfig(fake.url, { models: { 'm-busy': {} }, routes: { ask: { models: ['m-busy'] } } });
    const { sleep, waits } = recordingSleep();
    const router = createRouter({ config, store: null, clock: clockOf({ sleep }) });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: true, value: 'готово', model: 'm-busy' });
    expect(waits).toEqual([2000]);
    expect(fake.requestsFor('m-busy')).toHaveLength(2);
  });

  it('moves on at once when Retry-After would overrun the deadline', async () => {
    fake.script('m-busy', { kind: 'rate_limit', retryAfter: '120' });
    const config = fakeConfig(fake.url, { models: { 'm-busy': {}, 'm-next': {} }, routes: { ask: { models: ['m-busy', 'm-next'], deadlineMs: 30_000 } } });
    const { sleep, waits } = recordingSleep();
    const router = createRouter({ config, store: null, clock: clockOf({ sleep }) });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: true, model: 'm-next' });
    expect(waits).toEqual([]);
    if (result.ok) expect(fake.requests.map((r) => r.model)).toEqual(['m-busy', 'm-next']);
  });

  it('backs off exponentially with jitter between transient failures', async () => {
    fake.script('m-flaky', [{ kind: 'error', status: 502 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'answer' }]);
    const config = fakeConfig(fake.url, { models: { 'm-flaky': {} }, routes: { ask: { models: ['m-flaky'], retries: 3 } }, router: { backoff: { baseMs: 100, maxMs: 1000 } } });
    const { sleep, waits } = recordingSleep();
    const router = createRouter({ config, store: null, clock: clockOf({ sleep }), random: () => 1 });
    expect(await router.chat({ route: 'ask', messages: ask })).toMatchObject({ ok: true });
    await router.close();
    // Equal jitter: half of 100·2^n fixed, half random (random() = 1 gives the full step).
    expect(waits).toEqual([100, 200, 400]);
  });

  // The per-attempt time-out is the HTTP request's own (real time: the fake never answers, so it
  // always fires); kept to tens of milliseconds. Deadlines and waits run on the injected clock.
  it('times out a hanging attempt and takes the next model', async () => {
    fake.script('m-hang', { kind: 'hang' });
    const config = fakeConfig(fake.url, { models: { 'm-hang': {}, 'm-good': {} }, routes: { ask: { models: ['m-hang', 'm-good'], timeoutMs: 50, retries: 0 } } });
    const router = createRouter({ config, store: null });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: true, model: 'm-good' });
    if (!result.ok) return;
    await fake.requestsFor('m-hang')[0]!.closed;
    expect(fake.requestsFor('m-hang')[0]!.aborted).toBe(true);
  });

  it('retries a timed-out attempt as a transient failure and logs it as timeout', async () => {
    fake.script('m-hang', { kind: 'hang' });
    const config = fakeConfig(fake.url, { models: { 'm-hang': {} }, routes: { ask: { models: ['m-hang'], timeoutMs: 60, retries: 1 } } });
    const router = createRouter({ config, store: null, clock: clockOf({ sleep: recordingSleep().sleep }) });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: false, reason: 'all_failed' });
    if (!result.ok) expect(result.attempts.map((a) => [a.status, a.errorClass])).toEqual([['timeout', 'timeout'], ['timeout', 'timeout']]);
    expect(fake.requestsFor('m-hang')).toHaveLength(2);
  });

  it('gives up with reason deadline when the whole call runs out of time', async () => {
    fake.script('m-hang', { kind: 'hang' });
    const config = fakeConfig(fake.url, { models: { 'm-hang': {} }, routes: { ask: { models: ['m-hang'], timeoutMs: 10_000, deadlineMs: 50 } } });
    // The deadline is read from the injected clock; the hanging request is cut when what is left
    // of it (50 ms, as the virtual clock does not move) runs out.
    const router = createRouter({ config, store: null, clock: virtualClock() });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: false, reason: 'deadline' });
    if (!result.ok) expect(result.attempts.map((a) => [a.status, a.errorClass])).toEqual([['timeout', 'deadline']]);
    expect(fake.requests).toHaveLength(1);
  });

  it("passes the caller's abort signal through to the provider request", async () => {
    fake.script('m-hang', { kind: 'hang' });
    const config = fakeConfig(fake.url, { models: { 'm-hang': {}, 'm-good': {} }, routes: { ask: { models: ['m-hang', 'm-good'] } } });
    const router = createRouter({ config, store: null });
    const controller = new AbortController();
    const arrived = fake.nextRequest();
    const pending = router.chat({ route: 'ask', messages: ask, signal: controller.signal });
    await arrived;
    controller.abort();
    const result = await pending;
    await router.close();
    expect(result).toMatchObject({ ok: false, reason: 'aborted' });
    await fake.requestsFor('m-hang')[0]!.closed;
    expect(fake.requestsFor('m-hang')[0]!.aborted).toBe(true);
    expect(fake.requestsFor('m-good')).toHaveLength(0);
  });

  it('opens the circuit after repeated failures, skips the model, and probes it after the cool-down', async () => {
    fake.script('m-down', { kind: 'error', status: 500 });
    const config = fakeConfig(fake.url, {
      models: { 'm-down': {}, 'm-good': {} },
      routes: { ask: { models: ['m-down', 'm-good'], retries: 0 } },
      cache: { enabled: false },
      router: { breaker: { failureThreshold: 2, cooldownMs: 30_000 } },
    });
    const clock = manualClock();
    const router = createRouter({ config, store: null, clock: clockOf({ now: clock.now }) });
    await router.chat({ route: 'ask', messages: ask });
    await router.chat({ route: 'ask', messages: ask });
    expect(fake.requestsFor('m-down')).toHaveLength(2);

    const skipped = await router.chat({ route: 'ask', messages: ask });
    expect(skipped).toMatchObject({ ok: true, model: 'm-good' });
    expect(fake.requestsFor('m-down')).toHaveLength(2); // the open circuit cost no request

    clock.advance(30_001);
    fake.script('m-down', { kind: 'answer', content: 'снова в строю' });
    const probe = await router.chat({ route: 'ask', messages: ask });
    expect(probe).toMatchObject({ ok: true, model: 'm-down', value: 'снова в строю' });
    const after = await router.chat({ route: 'ask', messages: ask });
    expect(after).toMatchObject({ ok: true, model: 'm-down' });
    expect(fake.requestsFor('m-down')).toHaveLength(4);
    await router.close();
  });

  it('re-opens the circuit when the probe after the cool-down fails', async () => {
    fake.script('m-down', { kind: 'error', status: 500 });
    const config = fakeConfig(fake.url, {
      models: { 'm-down': {}, 'm-good': {} },
      routes: { ask: { models: ['m-down', 'm-good'], retries: 0 } },
      cache: { enabled: false },
      router: { breaker: { failureThreshold: 1, cooldownMs: 10_000 } },
    });
    const clock = manualClock();
    const router = createRouter({ config, store: null, clock: clockOf({ now: clock.now }) });
    await router.chat({ route: 'ask', messages: ask });
    clock.advance(10_001);
    await router.chat({ route: 'ask', messages: ask }); // the probe fails
    await router.chat({ route: 'ask', messages: ask }); // open again: skipped
    expect(fake.requestsFor('m-down')).toHaveLength(2);
    await router.close();
  });

  it('probes again after a probe that ended in a non-transient error instead of skipping the model for ever', async () => {
    fake.script('m-down', [{ kind: 'error', status: 500 }, { kind: 'error', status: 400 }, { kind: 'answer', content: 'снова в строю' }]);
    const config = fakeConfig(fake.url, {
      models: { 'm-down': {}, 'm-good': {} },
      routes: { ask: { models: ['m-down', 'm-good'], retries: 0 } },
      cache: { enabled: false },
      router: { breaker: { failureThreshold: 1, cooldownMs: 10_000 } },
    });
    const clock = manualClock();
    const router = createRouter({ config, store: null, clock: clockOf({ now: clock.now }) });
    await router.chat({ route: 'ask', messages: ask }); // 500: the circuit opens
    clock.advance(10_001);
    await router.chat({ route: 'ask', messages: ask }); // the probe gets a 400: proves nothing either way
    const next = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(next).toMatchObject({ ok: true, model: 'm-down', value: 'снова в строю' });
    expect(fake.requestsFor('m-down')).toHaveLength(3);
  });
});
