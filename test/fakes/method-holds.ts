/**
 * Holding an API method of a fake: its calls wait, unanswered, until the test releases them — a
 * platform that is slow to answer, without a real sleep. `reached` resolves on the first held
 * call (and rejects after `timeoutMs`), so a test can look at the world while the call hangs.
 */
import { FAKE_WAIT_MS } from './waiters.js';
export interface MethodHold {
  /** Resolves when a call of the held method has arrived; rejects after the time-out. */
  reached: Promise<void>;
  /** Lets the held calls (and later ones) through. */
  release(): void;
}

export interface MethodHolds {
  hold(method: string, timeoutMs?: number): MethodHold;
  /** Awaited by the fake before it answers `method`. */
  pass(method: string): Promise<void>;
}

export function createMethodHolds(): MethodHolds {
  const holds = new Map<string, { arrived(): void; gate: Promise<void> }>();
  return {
    hold(method, timeoutMs = FAKE_WAIT_MS) {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let arrived!: () => void;
      const reached = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake: no ${method} call within ${timeoutMs} ms`)), timeoutMs);
        arrived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      holds.set(method, { arrived, gate });
      return {
        reached,
        release() {
          holds.delete(method);
          release();
        },
      };
    },
    async pass(method) {
      const held = holds.get(method);
      if (!held) return;
      held.arrived();
      await held.gate;
    },
  };
}
