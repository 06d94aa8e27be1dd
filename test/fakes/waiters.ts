/**
 * Waiting on a fake without sleeping: a test awaits a condition over what the fake recorded, and
 * the fake re-checks every waiting condition each time it records something. A wait that is not
 * met in time rejects, saying what it waited for, so a test can never pass by timing out quietly.
 */

export interface WaitOptions {
  /** How long to wait before rejecting (default 5000 ms: generous for a loaded machine). */
  timeoutMs?: number;
  /** What the wait is for, in the rejection message. */
  what?: string;
}

/** A condition: false, null or undefined means "not yet"; anything else is the value awaited. */
export type Check<T> = () => T | false | null | undefined;

export interface Waiters {
  /** Resolves with `check()`'s value once it holds (checked at once, then on every `notify`). */
  waitFor<T>(check: Check<T>, options?: WaitOptions): Promise<T>;
  /** Re-checks every pending wait; the fake calls it after it records something. */
  notify(): void;
  /** Rejects every pending wait (the fake is closing). */
  cancelAll(reason: string): void;
}

/**
 * How long a fake waits for what a test expects before failing. Waits end as soon as the thing is
 * recorded, so a long bound costs nothing when it passes; it only has to outlast a loaded CI machine.
 */
export const FAKE_WAIT_MS = 30_000;

export function createWaiters(name: string): Waiters {
  const pending = new Set<{ check(): boolean; fail(err: Error): void }>();
  return {
    waitFor<T>(check: Check<T>, options: WaitOptions = {}) {
      const timeoutMs = options.timeoutMs ?? FAKE_WAIT_MS;
      return new Promise<T>((resolve, reject) => {
        const entry = {
          check() {
            let value: T | false | null | undefined;
            try {
              value = check();
            } catch (err) {
              done();
              reject(err as Error);
              return true;
            }
            if (value === false || value === null || value === undefined) return false;
            done();
            resolve(value);
            return true;
          },
          fail(err: Error) {
            done();
            reject(err);
          },
        };
        const timer = setTimeout(() => entry.fail(new Error(`${name}: ${options.what ?? 'condition'} not met within ${timeoutMs} ms`)), timeoutMs);
        const done = () => {
          clearTimeout(timer);
          pending.delete(entry);
        };
        pending.add(entry);
        entry.check();
      });
    },
    notify() {
      for (const entry of [...pending]) entry.check();
    },
    cancelAll(reason) {
      for (const entry of [...pending]) entry.fail(new Error(`${name}: ${reason}`));
    },
  };
}
