import pino from 'pino';
import { fixedClock } from '../../src/time/clock.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseBudgetAlert } from '../../src/alerts/budget-notice.js';
import type { Store } from '../../src/data/store.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

describe.each(STORE_DRIVERS)('the budget-exhausted alert on $driver', ({ open }) => {
  let store: Store;
  let cleanup: (() => Promise<void>) | undefined;
  const deps = () => ({ store, logger: pino({ level: 'silent' }), locale: 'ru' as const, clock: fixedClock(new Date('2026-11-23T10:00:00Z')) });
  const event = { scope: 'global' as const, day: '2026-11-23', spentUsd: 5.02, limitUsd: 5 };

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    const subs = createSubscriptionRepository(store);
    await subs.add({ transport: 'telegram', chatId: '-100123', receives: ['brief', 'alerts'] });
    await subs.add({ transport: 'slack', chatId: 'C0SHOP', receives: ['alerts'] });
    await subs.add({ transport: 'telegram', chatId: '77', receives: ['brief'] });
  });
  afterAll(async () => cleanup?.());

  it('plans one notice for every chat that receives alerts, and none when raised again that day', async () => {
    expect(await raiseBudgetAlert(deps(), event)).toBe(2);
    expect(await raiseBudgetAlert(deps(), event)).toBe(0);
    const rows = await store.query<{ group_key: string; payload: { format: string; html?: string; text?: string } }>(
      `select group_key, payload from deliveries order by group_key`,
    );
    expect(rows.map((r) => r.group_key)).toEqual(['budget:2026-11-23:global:slack:C0SHOP', 'budget:2026-11-23:global:tg:-100123']);
    expect(rows[1]!.payload.html).toContain('бюджет на модели исчерпан');
    expect(rows[1]!.payload.html).toContain('$5.02 из $5.00');
    expect(rows[0]!.payload.format).toBe('slack-blocks');
  });

  it('raises again for another scope or another day', async () => {
    expect(await raiseBudgetAlert(deps(), { ...event, scope: 'brief' })).toBe(2);
    expect(await raiseBudgetAlert(deps(), { ...event, day: '2026-11-24' })).toBe(2);
  });
});
