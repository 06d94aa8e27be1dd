/**
 * Shared set-up for router tests: a config file pointing every model at the loopback fake, and an
 * injectable clock and sleep. Tests that touch SQL run on every store driver (STORE_DRIVERS).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { Store } from '../../src/data/store.js';

export interface FakeModel {
  provider?: string;
  model?: string;
  inputPerMTok?: number;
  cachedInputPerMTok?: number;
  outputPerMTok?: number;
  capabilities?: Record<string, boolean>;
}

/** A config whose `fake` provider is the loopback server; models are named as the fake knows them. */
export function fakeConfig(url: string, file: { models?: Record<string, FakeModel>; [key: string]: unknown }): Config {
  const dir = mkdtempSync(join(tmpdir(), 'herald-router-'));
  const models = Object.fromEntries(
    Object.entries(file.models ?? {}).map(([name, m]) => [name, { provider: 'fake', model: name, inputPerMTok: 1, outputPerMTok: 2, ...m }]),
  );
  const path = join(dir, 'herald.config.json');
  writeFileSync(path, JSON.stringify({ providers: { fake: { baseURL: url, apiKeyEnv: 'FAKE_API_KEY' } }, ...file, models }));
  return loadConfig({ env: { HERALD_CONFIG: path, FAKE_API_KEY: 'sk-test', HERALD_TZ: 'Europe/Moscow' }, cwd: dir });
}

/** A config with no HTTP provider at all: models name in-process providers passed to `createRouter`. */
export function localConfig(file: Record<string, unknown>): Config {
  const dir = mkdtempSync(join(tmpdir(), 'herald-router-'));
  const path = join(dir, 'herald.config.json');
  writeFileSync(path, JSON.stringify(file));
  return loadConfig({ env: { HERALD_CONFIG: path, HERALD_TZ: 'Europe/Moscow' }, cwd: dir });
}

/** A clock tests move by hand. */
export function manualClock(start = '2026-11-23T06:00:00Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

/** A sleep that returns at once and remembers what it was asked to wait. */
export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

export interface LoggedCall {
  call_id: string;
  model: string;
  attempt: number;
  status: string;
  error_class: string | null;
  cost_usd: number | null;
  pricing: string;
  cache_hit: boolean;
  input_tokens: number;
  cached_tokens: number;
  output_tokens: number;
  prompt_version: string | null;
}

export async function loggedCalls(store: Store, callId: string): Promise<LoggedCall[]> {
  return store.query<LoggedCall & Record<string, unknown>>(
    `select call_id, model, attempt, status, error_class, cost_usd, pricing, cache_hit, input_tokens, cached_tokens, output_tokens, prompt_version
       from llm_calls where call_id = $1 order by id`,
    [callId],
  );
}
