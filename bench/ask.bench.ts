/**
 * Ask Herald's own overhead per question: a two-round question (search_products, then
 * sales_summary + compare_periods, then the answer) on the demo shop in the machine's Postgres,
 * through the real router over HTTP to the loopback OpenAI fake. Overhead = wall time minus the
 * time the fake spent answering (its server-side time per request): tool SQL, prompt rendering,
 * the SDK and HTTP on our side, grounding, the call log. Goal: under 50 ms at p50.
 */
import { cpus, loadavg } from 'node:os';
import postgres from 'postgres';
import { createAskService } from '../src/ask/ask-service.js';
import { seedDemo } from '../src/data/demo/seed.js';
import { migrate } from '../src/data/migrate.js';
import { createPostgresStore } from '../src/data/postgres-store.js';
import { createLogger } from '../src/log.js';
import { createRouter } from '../src/router/index.js';
import { askConfig, toolResults } from '../test/ask/harness.js';
import { startOpenAIFake, type ChatBody } from '../test/fakes/openai-fake.js';
import { clockOf } from '../src/time/clock.js';

const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 60);
const WARMUP = 8;
const END_DAY = '2026-11-22';
const NAME = 'herald_bench_ask';
const adminUrl = process.env.HERALD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = adminUrl.replace(/\/[^/]*$/, `/${NAME}`);

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const [exists] = await admin`select 1 from pg_database where datname = ${NAME}`;
if (!exists) await admin.unsafe(`create database ${NAME}`);
await admin.end();
const store = createPostgresStore({ url, max: 5 });
await migrate(store);
const [seeded] = await store.query<{ end: string | null }>(`select value->>'endDay' as end from herald_meta where key = 'demo_seeded'`);
if (seeded?.end !== END_DAY) {
  process.stderr.write(`bench:ask: seeding the demo shop into ${NAME} (once)…\n`);
  await seedDemo(store, { endDay: END_DAY, progress: process.stderr });
}

const fake = await startOpenAIFake();
const config = askConfig(fake.url);
const logger = createLogger('silent');
const now = () => new Date('2026-11-23T06:00:00Z');
const router = createRouter({ config, store, logger, clock: clockOf({ now }) });
const service = createAskService({ config, store, router, logger, clock: clockOf({ now }) });

const QUERIES = ['кружка керамическая', 'футболка', 'сковорода', 'термос', 'тарелка десертная'];
const script = (query: string) =>
  fake.script('m-ask', [
    { kind: 'tool_calls', calls: [{ name: 'search_products', arguments: { query, limit: 3 } }] },
    {
      kind: 'tool_calls',
      calls: (body: ChatBody) => {
        const items = toolResults(body)[0]!.items as Array<{ sku: string }>;
        const sku = items[0]?.sku ?? 'NONE';
        return [
          { name: 'sales_summary', arguments: { sku, from: '2026-11-16', to: END_DAY } },
          { name: 'compare_periods', arguments: { metric: 'revenue', sku, a_from: '2026-11-09', a_to: '2026-11-15', b_from: '2026-11-16', b_to: END_DAY } },
        ];
      },
    },
    {
      kind: 'answer',
      content: (body: ChatBody) => {
        const [, s, c] = toolResults(body) as [unknown, { revenue: number; units: number }, { changePct: number | null }];
        return `Выручка за 16–22 ноября — ${s.revenue} ₽, продано ${s.units} шт.; к прошлой неделе ${c.changePct === null ? 'нет базы' : `${(c.changePct * 100).toFixed(1)} %`}.`;
      },
    },
  ]);

const overhead: number[] = [];
const wall: number[] = [];
const model: number[] = [];
let unverified = 0;
for (let i = 0; i < WARMUP + QUESTIONS; i += 1) {
  fake.reset();
  script(QUERIES[i % QUERIES.length]!);
  const started = performance.now();
  const result = await service.ask({ question: 'сколько заработали на этом товаре за неделю и почему упало?' }, 'ru');
  const elapsed = performance.now() - started;
  if (result.outcome !== 'answered' || result.toolCalls.length !== 3) throw new Error(`bench:ask: unexpected outcome ${result.outcome}`);
  if (i < WARMUP) continue;
  const modelMs = fake.requests.reduce((s, r) => s + r.serverMs, 0);
  wall.push(elapsed);
  model.push(modelMs);
  overhead.push(elapsed - modelMs);
  unverified += result.unverified.length;
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const r2 = (n: number) => Math.round(n * 100) / 100;
const result = {
  bench: 'ask',
  questions: QUESTIONS,
  rounds: 2,
  modelTurns: 3,
  overheadMs: { p50: r2(q(overhead, 0.5)), p95: r2(q(overhead, 0.95)), max: r2(Math.max(...overhead)) },
  wallMs: { p50: r2(q(wall, 0.5)) },
  fakeModelMs: { p50: r2(q(model, 0.5)) },
  unverifiedSentences: unverified,
  data: { skus: 300, days: 120, database: 'postgres' },
  loadAverage: Math.round(loadavg()[0]! * 10) / 10,
  goal: { overheadP50Ms: 50 },
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stderr.write(
  `ask: Herald's overhead ${result.overheadMs.p50} ms p50 / ${result.overheadMs.p95} ms p95 per two-round question ` +
    `(wall ${result.wallMs.p50} ms, fake model ${result.fakeModelMs.p50} ms; goal < 50 ms p50; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)\n`,
);
await service.close();
await router.close();
await fake.close();
await store.close();
