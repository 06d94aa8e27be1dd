/**
 * `npm run bench:router [-- --n 1000 --concurrency 16]`: what the router adds on top of a direct
 * `openai` SDK call to the same loopback upstream (test/fakes/openai-fake.ts), sequentially and
 * concurrently, with the cache off, and what a cache hit costs. Direct and routed calls are
 * interleaved so that drift (JIT, GC, a busy machine) hits both alike. Prints one JSON line on
 * stdout and a human summary on stderr. The call log is off (store null): its writes are batched
 * off the hot path and measured separately by the router tests, not here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { loadConfig } from '../src/config.js';
import { createRouter } from '../src/router/index.js';
import { startOpenAIFake } from '../test/fakes/openai-fake.js';

const { values } = parseArgs({ options: { n: { type: 'string' }, concurrency: { type: 'string' } } });
const N = Number(values.n ?? 2000);
const C = Number(values.concurrency ?? 16);
const WARMUP = 300;

const fake = await startOpenAIFake();
const content = '{"summary":"Выручка 120 000 ₽","highlights":["A1 +20 %"],"actions":["Пополнить A2"]}';
fake.script('bench-model', { kind: 'answer', content, usage: { prompt: 800, completion: 60, cached: 0 } });

const config = (cache: boolean) => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const path = join(dir, 'herald.config.json');
  writeFileSync(
    path,
    JSON.stringify({
      providers: { fake: { baseURL: fake.url, apiKeyEnv: 'FAKE_API_KEY' } },
      models: { m: { provider: 'fake', model: 'bench-model', inputPerMTok: 0.25, outputPerMTok: 2 } },
      routes: { ask: { models: ['m'] } },
      cache: { enabled: cache },
    }),
  );
  return loadConfig({ env: { HERALD_CONFIG: path, FAKE_API_KEY: 'sk-bench' }, cwd: dir });
};

const direct = new OpenAI({ apiKey: 'sk-bench', baseURL: fake.url, maxRetries: 0 });
const routed = createRouter({ config: config(false), store: null });
const cached = createRouter({ config: config(true), store: null });
const messages = [
  { role: 'system' as const, content: 'Ты — аналитик магазина. Ответ — JSON.' },
  { role: 'user' as const, content: JSON.stringify({ date: '2026-11-22', revenue: 123456.78, items: 40 }) },
];

const callDirect = async () => {
  await direct.chat.completions.create({ model: 'bench-model', messages });
};
const callRouted = async () => {
  const r = await routed.chat({ route: 'ask', messages });
  if (!r.ok) throw new Error(`router failed: ${r.reason}`);
};
const callCached = async () => {
  const r = await cached.chat({ route: 'ask', messages });
  if (!r.ok || !r.cached) throw new Error('expected a cache hit');
};

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) * 1000; // µs
}

/** Alternates the two calls so both see the same conditions; returns µs samples of each. */
async function sequential(a: () => Promise<void>, b: () => Promise<void>, n: number) {
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      sa.push(await timed(a));
      sb.push(await timed(b));
    } else {
      sb.push(await timed(b));
      sa.push(await timed(a));
    }
  }
  return [sa, sb] as const;
}

async function concurrent(fn: () => Promise<void>, n: number, c: number) {
  const samples: number[] = [];
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next++ < n) samples.push(await timed(fn));
    }),
  );
  return { samples, rps: n / ((performance.now() - t) / 1000) };
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

await sequential(callDirect, callRouted, WARMUP);
await cached.chat({ route: 'ask', messages }); // primes the cache (a miss)
for (let i = 0; i < WARMUP; i++) await callCached();

const [seqDirect, seqRouted] = await sequential(callDirect, callRouted, N);
const hits: number[] = [];
for (let i = 0; i < N; i++) hits.push(await timed(callCached));
const conDirect = await concurrent(callDirect, N, C);
const conRouted = await concurrent(callRouted, N, C);

const result = {
  bench: 'router',
  n: N,
  concurrency: C,
  upstream: 'loopback openai-fake',
  sequential: {
    directP50Us: r1(q(seqDirect, 0.5)),
    directP99Us: r1(q(seqDirect, 0.99)),
    routerP50Us: r1(q(seqRouted, 0.5)),
    routerP99Us: r1(q(seqRouted, 0.99)),
    addedP50Us: r1(q(seqRouted, 0.5) - q(seqDirect, 0.5)),
    addedP99Us: r1(q(seqRouted, 0.99) - q(seqDirect, 0.99)),
    ratioP50: Math.round((q(seqRouted, 0.5) / q(seqDirect, 0.5)) * 1000) / 1000,
  },
  concurrent: {
    directP50Us: r1(q(conDirect.samples, 0.5)),
    routerP50Us: r1(q(conRouted.samples, 0.5)),
    addedP50Us: r1(q(conRouted.samples, 0.5) - q(conDirect.samples, 0.5)),
    addedP99Us: r1(q(conRouted.samples, 0.99) - q(conDirect.samples, 0.99)),
    directRps: Math.round(conDirect.rps),
    routerRps: Math.round(conRouted.rps),
  },
  cacheHit: { p50Us: r1(q(hits, 0.5)), p99Us: r1(q(hits, 0.99)) },
  goals: { addedP50Us: 100, addedP99Us: 500, cacheHitP50Us: 50 },
  portkey: 'not measured: @portkey-ai/gateway runs install scripts (postinstall: patch-package), which this project does not allow',
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stderr.write(
  `router adds ${result.sequential.addedP50Us} µs p50 / ${result.sequential.addedP99Us} µs p99 to a ${result.sequential.directP50Us} µs direct call ` +
    `(×${result.sequential.ratioP50}); concurrent ×${C}: +${result.concurrent.addedP50Us} µs p50, ${result.concurrent.routerRps} vs ${result.concurrent.directRps} req/s; ` +
    `cache hit ${result.cacheHit.p50Us} µs p50\n`,
);
await routed.close();
await cached.close();
await fake.close();
