import type { PlatformLimits } from '../../src/delivery/platform-limits.js';

/** Limits so high they never bind: for tests whose fake enforces none, to run at full speed. */
export const UNPACED: PlatformLimits = {
  telegram: { bot: [{ limit: 10_000, windowMs: 1000 }], chat: [{ limit: 100, windowMs: 1000 }], group: [{ limit: 100, windowMs: 1000 }] },
  slack: { channel: [{ limit: 100, windowMs: 1000 }], workspace: [] },
};
