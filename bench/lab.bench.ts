/**
 * `npm run bench:lab`: the bench harness's own overhead per case against an in-process provider
 * (no sockets: what remains is the router and the lab), 1,000 cases × 4 models, next to the same
 * calls made through the router alone; and peak RSS for 1,000 and 10,000 cases (each size in its
 * own child process), since results stream into typed arrays instead of being kept. Goals: under
 * 1 ms per case, under 50 MB of RSS growth. One JSON line on stdout, a summary on stderr.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createMemoryRecordings } from '../src/lab/recordings.js';
import { runBench } from '../src/lab/run-bench.js';
import type { Suite, SuiteCase } from '../src/lab/suite.js';
import { createRouter, type Provider } from '../src/router/index.js';

const MODELS = ['m1', 'm2', 'm3', 'm4'];
const provider: Provider = {
  chatModel: (id) => ({
    chat: async (request) => ({
      content: id === 'm4' && request.messages.length % 2 === 0 ? 'нет' : 'да',
      refusal: null, toolCalls: [], finishReason: 'stop', usage: { inputTokens: 120, cachedTokens: 0, outputTokens: 3 },
    }),
  }),
};

function config() {
  const dir = mkdtempSync(join(tmpdir(), 'herald-lab-bench-'));
  const path = join(dir, 'herald.config.json');
  writeFileSync(path, JSON.stringify({
    providers: { inproc: {} },
    models: Object.fromEntries(MODELS.map((m) => [m, { provider: 'inproc', model: m, inputPerMTok: 0.25, outputPerMTok: 2 }])),
    routes: { classify: { models: ['m1'] } },
  }));
  return loadConfig({ env: { HERALD_CONFIG: path }, cwd: dir });
}

function suite(n: number): Suite<SuiteCase & { text: string }> {
  const cases = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: `Отзыв номер ${i}: всё хорошо` }));
  return {
    name: 'synthetic', route: 'classify', description: 'in-process yes/no', hasSchema: false, operation: 'chat',
    load: async () => ({ cases }),
    run: async (c, client) => {
      const a = await client.chat({ messages: [{ role: 'user', content: c.text }] });
      return { score: a.ok && a.value === 'да' ? 1 : 0, schemaValid: null };
    },
  };
}

async function harness(n: number): Promise<number> {
  const t = performance.now();
  await runBench({
    config: config(), suites: [suite(n)], models: MODELS, concurrency: 8, providers: { inproc: provider },
    context: { sharedDataDir: '/nonexistent', rootDir: process.cwd(), store: null }, recordings: createMemoryRecordings(),
  });
  return performance.now() - t;
}

async function routerAlone(n: number): Promise<number> {
  const router = createRouter({ config: config(), store: null, providers: { inproc: provider } });
  const t = performance.now();
  for (const m of MODELS) {
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < n) {
        const i = next++;
        await router.chat({ route: 'classify', models: [m], cache: false, messages: [{ role: 'user', content: `Отзыв номер ${i}: всё хорошо` }] });
      }
    }));
  }
  const ms = performance.now() - t;
  await router.close();
  return ms;
}

const child = process.argv[2];
if (child === '--rss') {
  const n = Number(process.argv[3]);
  await harness(n);
  process.stdout.write(`${process.resourceUsage().maxRSS}\n`);
} else {
  const N = 1000;
  await harness(200);
  await routerAlone(200);
  const harnessMs: number[] = [];
  const routerMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    harnessMs.push(await harness(N));
    routerMs.push(await routerAlone(N));
  }
  const best = (xs: number[]) => Math.min(...xs);
  const calls = N * MODELS.length;
  const perCaseMs = best(harnessMs) / calls;
  const routerPerCallMs = best(routerMs) / calls;
  const rss = (n: number) => {
    const r = spawnSync(process.execPath, ['bin/run-ts.js', 'bench/lab.bench.ts', '--rss', String(n)], { encoding: 'utf8' });
    return Number(r.stdout.trim()) / 1024;
  };
  const rss1k = rss(1000);
  const rss10k = rss(10_000);
  const figures = {
    bench: 'lab', cases: N, models: MODELS.length,
    perCaseMs: Number(perCaseMs.toFixed(4)),
    routerAlonePerCallMs: Number(routerPerCallMs.toFixed(4)),
    harnessOverheadPerCaseMs: Number((perCaseMs - routerPerCallMs).toFixed(4)),
    peakRssMb1k: Number(rss1k.toFixed(1)), peakRssMb10k: Number(rss10k.toFixed(1)), rssGrowthMb: Number((rss10k - rss1k).toFixed(1)),
    goals: { perCaseUnder1ms: perCaseMs < 1, rssGrowthUnder50Mb: rss10k - rss1k < 50 },
    cpus: cpus().length, load1: Number(loadavg()[0]!.toFixed(2)),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.stderr.write(
    `lab harness: ${perCaseMs.toFixed(3)} ms per case (router alone ${routerPerCallMs.toFixed(3)} ms, harness ${(perCaseMs - routerPerCallMs).toFixed(3)} ms); ` +
      `peak RSS ${rss1k.toFixed(0)} MB at 1,000 cases × 4 models, ${rss10k.toFixed(0)} MB at 10,000 (+${(rss10k - rss1k).toFixed(1)} MB)\n`,
  );
}
