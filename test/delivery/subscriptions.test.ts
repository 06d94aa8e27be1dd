import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { createSubscriptionRepository, type SubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

describe.each(STORE_DRIVERS)('subscriptions repository on $driver', (driver) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let repo: SubscriptionRepository;

  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
    repo = createSubscriptionRepository(store, { briefAt: '08:30', timeZone: 'Europe/Moscow' });
  });
  afterAll(async () => cleanup?.());

  it('adds a chat with the configured defaults', async () => {
    const { subscription, created } = await repo.add({ transport: 'telegram', chatId: '-100123', addedBy: '42' });
    expect(created).toBe(true);
    expect(subscription).toMatchObject({
      transport: 'telegram', chatId: '-100123', receives: ['brief', 'alerts'], briefAt: '08:30',
      timeZone: 'Europe/Moscow', quietHours: null, active: true, addedBy: '42', inactiveReason: null,
    });
    expect(await repo.get('telegram', '-100123')).toEqual(subscription);
  });

  it('replaces the settings of a chat added again instead of duplicating it', async () => {
    const { subscription, created } = await repo.add({
      transport: 'telegram', chatId: '-100123', receives: ['alerts'], briefAt: '10:00', timeZone: 'Asia/Yekaterinburg',
      quietHours: { from: '22:00', to: '08:00' },
    });
    expect(created).toBe(false);
    expect(subscription).toMatchObject({ receives: ['alerts'], briefAt: '10:00', timeZone: 'Asia/Yekaterinburg', quietHours: { from: '22:00', to: '08:00' } });
    expect(await repo.list({ transport: 'telegram' })).toHaveLength(1);
  });

  it('deactivates a chat with the reason and reactivates it when subscribed again', async () => {
    expect(await repo.deactivate('telegram', '-100123', '403 Forbidden: bot was blocked by the user')).toBe(true);
    expect(await repo.get('telegram', '-100123')).toMatchObject({ active: false, inactiveReason: '403 Forbidden: bot was blocked by the user' });
    expect(await repo.list({ activeOnly: true })).toEqual([]);
    await repo.subscribe({ transport: 'telegram', chatId: '-100123', receives: ['brief', 'alerts'], briefAt: '09:00', timeZone: 'Europe/Moscow', quietHours: null, addedBy: '42' });
    expect(await repo.find('telegram', '-100123')).toMatchObject({ active: true, inactiveReason: null });
  });

  it('lists by transport and by what a chat receives', async () => {
    await repo.add({ transport: 'slack', chatId: 'C0123', receives: ['brief'] });
    expect((await repo.list({ receives: 'alerts' })).map((s) => s.chatId)).toEqual(['-100123']);
    expect((await repo.list({ transport: 'slack' })).map((s) => s.chatId)).toEqual(['C0123']);
    expect(await repo.list()).toHaveLength(2);
  });

  it('removes a chat and says whether there was one', async () => {
    expect(await repo.remove('slack', 'C0123')).toBe(true);
    expect(await repo.remove('slack', 'C0123')).toBe(false);
    expect(await repo.unsubscribe('telegram', '-100123')).toBe(true);
    expect(await repo.get('telegram', '-100123')).toBeNull();
  });
});
