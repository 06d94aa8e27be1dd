/**
 * `npm run bench:router [-- --n 1000 --concurrency 16]`: what the router adds on top of a direct
 * `openai` SDK call to the same loopback upstream (test/fakes/openai-fake.ts, in a child process:
 * bench/router-upstream.ts), sequentially and
 * concurrently, with the cache off, and what a cache hit costs. Direct and routed calls are
 * interleaved so that drift (JIT, GC, a busy machine) hits both alike. Prints one JSON line on
 * stdout and a human summary on stderr. The call log is off (store null): its writes are batched
 * off the hot path and measured separately by the router tests, not here. Prometheus metrics are on
 * (`onAttempt` feeding src/monitor/metrics.ts), as in a running bot.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { loadConfig } from '../src/config.js';
import { createMetrics } from '../src/monitor/metrics.js';
import { createRouter } from '../src/router/index.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const { values } = parseArgs({ options: { n: { type: 'string' }, concurrency: { type: 'string' } } });
const N = Number(values.n ?? 2000);
const C = Number(values.concurrency ?? 16);
const WARMUP = 300;

const content = '{"summary":"Выручка 120 000 ₽","highlights":["A1 +20 %"],"actions":["Пополнить A2"]}';
const upstream = spawn(process.execPath, ['bin/run-ts.js', 'bench/router-upstream.ts', content], { stdio: ['pipe', 'pipe', 'inherit'] });
const fake = { url: (await once(createInterface({ input: upstream.stdout! }), 'line'))[0] as string };

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
// Metrics on, as in `herald start`: every routed call feeds the Prometheus counters.
const metrics = createMetrics({ store: null, config: config(false) });
const onAttempt = metrics.observeAttempt;
const routed = createRouter({ config: config(false), store: null, onAttempt });
// The same pair over an in-process fetch (a canned response, no sockets): what remains is CPU
// the router spends, far less exposed to a busy machine's scheduling noise than loopback HTTP.
const canned = JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 1, model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 800, completion_tokens: 60, total_tokens: 860 },
});
const inProcessFetch: typeof fetch = async () => new Response(canned, { status: 200, headers: { 'content-type': 'application/json' } });
const directInProcess = new OpenAI({ apiKey: 'sk-bench', baseURL: fake.url, maxRetries: 0, fetch: inProcessFetch });
const routedInProcess = createRouter({ config: config(false), store: null, fetch: inProcessFetch, onAttempt });
const cached = createRouter({ config: config(true), store: null, onAttempt });
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
const callDirectInProcess = async () => {
  await directInProcess.chat.completions.create({ model: 'bench-model', messages });
};
const callRoutedInProcess = async () => {
  const r = await routedInProcess.chat({ route: 'ask', messages });
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

await sequential(callDirectInProcess, callRoutedInProcess, WARMUP);
const [seqDirect, seqRouted] = await sequential(callDirect, callRouted, N);
const [ipDirect, ipRouted] = await sequential(callDirectInProcess, callRoutedInProcess, N);
const hits: number[] = [];
for (let i = 0; i < N; i++) hits.push(await timed(callCached));
// Concurrent phases alternate in rounds so neither side always runs warmer.
const conDirect = { samples: [] as number[], rps: 0 };
const conRouted = { samples: [] as number[], rps: 0 };
const ROUNDS = 4;
for (let round = 0; round < ROUNDS; round++) {
  for (const [fn, into] of round % 2 === 0 ? ([[callDirect, conDirect], [callRouted, conRouted]] as const) : ([[callRouted, conRouted], [callDirect, conDirect]] as const)) {
    const r = await concurrent(fn, Math.ceil(N / ROUNDS), C);
    into.samples.push(...r.samples);
    into.rps += r.rps / ROUNDS;
  }
}

const result = {
  bench: 'router',
  n: N,
  concurrency: C,
  upstream: 'loopback openai-fake in a child process',
  metrics: true,
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
  inProcessUpstream: {
    directP50Us: r1(q(ipDirect, 0.5)),
    routerP50Us: r1(q(ipRouted, 0.5)),
    addedP50Us: r1(q(ipRouted, 0.5) - q(ipDirect, 0.5)),
    addedP99Us: r1(q(ipRouted, 0.99) - q(ipDirect, 0.99)),
  },
  cacheHit: { p50Us: r1(q(hits, 0.5)), p99Us: r1(q(hits, 0.99)) },
  loadAverage: Math.round(loadavg()[0]! * 10) / 10,
  goals: { addedP50Us: 100, addedP99Us: 500, cacheHitP50Us: 50 },
  portkey: 'not measured: @portkey-ai/gateway runs install scripts (postinstall: patch-package), which this project does not allow',
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stderr.write(
  `router adds ${result.sequential.addedP50Us} µs p50 / ${result.sequential.addedP99Us} µs p99 to a ${result.sequential.directP50Us} µs direct call ` +
    `(×${result.sequential.ratioP50}); concurrent ×${C}: +${result.concurrent.addedP50Us} µs p50, ${result.concurrent.routerRps} vs ${result.concurrent.directRps} req/s; ` +
    `in-process upstream: +${result.inProcessUpstream.addedP50Us} µs p50 / +${result.inProcessUpstream.addedP99Us} µs p99; ` +
    `cache hit ${result.cacheHit.p50Us} µs p50 (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)\n`,
);
await routed.close();
await routedInProcess.close();
await cached.close();
upstream.stdin!.end();
await once(upstream, 'exit');
