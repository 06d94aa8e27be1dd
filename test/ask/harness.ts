/**
 * Set-up for Ask Herald tests: a store (PGlite or the real Postgres) with a small demo shop, a
 * config whose models live on the loopback OpenAI fake, the real router and the ask service.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAskService, type AskService } from '../../src/ask/ask-service.js';
import { loadConfig, type Config } from '../../src/config.js';
import { seedDemo } from '../../src/data/demo/seed.js';
import type { Store } from '../../src/data/store.js';
import { createLogger } from '../../src/log.js';
import { createRouter, type Router } from '../../src/router/index.js';
import type { StoreUnderTest } from '../helpers/databases.js';
import { clockOf, type Clock } from '../../src/time/clock.js';

/** The demo shop's last day of data, and the instant the tests run at (the next morning in Moscow). */
export const LAST_DAY = '2026-11-22';
export const NOW = new Date('2026-11-23T06:00:00Z');
/** A key long enough to count as a secret; the injection suite checks it never comes back. */
export const FAKE_KEY = 'sk-test-9f8e7d6c5b4a-secret';

export interface AskFixture {
  store: Store;
  cleanup(): Promise<void>;
}

/** Opens the store and seeds a small demo shop (40 SKUs × 70 days up to LAST_DAY). */
export async function openSeeded(driver: StoreUnderTest): Promise<AskFixture> {
  const { store, cleanup } = await driver.open();
  await seedDemo(store, { endDay: LAST_DAY, skus: 40, days: 70 });
  return { store, cleanup };
}

/** A config with model `m-ask` (and any others) on the fake; `file` adds or overrides keys. */
export function askConfig(url: string, file: Record<string, unknown> = {}, env: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'herald-ask-'));
  const models = { 'm-ask': { provider: 'fake', model: 'm-ask', inputPerMTok: 1, outputPerMTok: 2 }, ...(file.models as object | undefined) };
  const path = join(dir, 'herald.config.json');
  writeFileSync(path, JSON.stringify({ providers: { fake: { baseURL: url, apiKeyEnv: 'FAKE_API_KEY' } }, routes: { ask: { models: ['m-ask'] } }, ...file, models }));
  return loadConfig({ env: { HERALD_CONFIG: path, FAKE_API_KEY: FAKE_KEY, HERALD_TZ: 'Europe/Moscow', ...env }, cwd: dir });
}

export interface AskRig {
  config: Config;
  router: Router;
  service: AskService;
  /** Closes the service and the router (flushing the call log). */
  close(): Promise<void>;
}

export function askRig(store: Store, config: Config, clock?: Clock): AskRig {
  const logger = createLogger('silent');
  const router = createRouter({ config, store, logger, clock: clockOf({ now: () => NOW }) });
  const service = createAskService({ config, store, router, logger, clock: clockOf({ now: () => NOW }), ...(clock ? { clock } : {}) });
  return {
    config, router, service,
    async close() {
      await service.close();
      await router.close();
    },
  };
}

/** The tool results the model has seen so far in a request, parsed, in order. */
export function toolResults(body: { messages: Array<{ role: string; content: unknown }> }): Array<Record<string, unknown>> {
  return body.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(String(m.content)) as Record<string, unknown>);
}
