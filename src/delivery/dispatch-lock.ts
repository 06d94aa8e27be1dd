/**
 * One dispatcher at a time per database: the scheduler inside `herald start` and an operator's
 * `herald send` must not both claim rows, or a row one of them is sending would look "in flight at
 * a crash" to the other. A Postgres session advisory lock does it across processes and dies with
 * the session, so a SIGKILLed dispatcher never leaves it held; an in-process guard covers PGlite,
 * whose single session would grant the lock twice.
 */
import type { Store } from '../data/store.js';
import type { Clock } from '../time/clock.js';

export const DISPATCH_LOCK_KEY = 7261004;

export class DispatcherBusyError extends Error {
  override name = 'DispatcherBusyError';
}

const running = new WeakSet<Store>();

export async function acquireDispatchLock(store: Store, clock: Clock, waitMs: number, signal?: AbortSignal): Promise<() => Promise<void>> {
  const deadline = clock.now() + waitMs;
  for (;;) {
    if (!running.has(store)) {
      running.add(store);
      const release = await store.tryAdvisoryLock(DISPATCH_LOCK_KEY).catch((err: unknown) => {
        running.delete(store);
        throw err;
      });
      if (release) {
        return async () => {
          running.delete(store);
          await release();
        };
      }
      running.delete(store);
    }
    if (clock.now() >= deadline || signal?.aborted) {
      throw new DispatcherBusyError(`another dispatcher (herald start?) is sending from this outbox; waited ${Math.round(waitMs / 1000)} s`);
    }
    await clock.sleep(250, signal);
  }
}
