import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

describe.each(STORE_DRIVERS)('Outbox planning order on $driver', (driver) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
  });
  afterAll(async () => cleanup?.());

  it('gives the parts of every message ids in planning order, so a chat gets them in order', async () => {
    const parts = Array.from({ length: 6 }, (_, i) => ({ format: 'text' as const, text: `part ${i + 1}` }));
    const plans = ['1', '2', '3'].map((chat) => ({ groupKey: `brief:2026-11-22:tg:${chat}`, kind: 'brief', transport: 'telegram' as const, chatId: chat, parts }));
    await new Outbox(store).enqueue(plans, new Date('2026-11-23T06:00:00Z'));
    const pending = await new Outbox(store).pending();
    for (const chat of ['1', '2', '3']) {
      expect(pending.filter((r) => r.chatId === chat).map((r) => r.part)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });
});
