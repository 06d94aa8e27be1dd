import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/data/shared-data.js';
import { createMemoryRecordings } from '../../src/lab/recordings.js';
import { runBench } from '../../src/lab/run-bench.js';
import { loadSuites } from '../../src/lab/suites/index.js';
import { startOpenAIFake, type ChatBody, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, recordingSleep } from '../router/harness.js';
import { USAGE } from './lab-fixtures.js';

interface Data {
  date: string;
  totals: { revenue: number; orders: number; vsPrevDay: { revenue: number | null } };
  items: Array<{ title: string; revenue: number }>;
}

const dataOf = (body: ChatBody) => JSON.parse(String(body.messages.filter((m) => m.role === 'user').at(-1)!.content)) as Data;
const rub = (n: number) => `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(n)} ₽`;

/** A narrative that cites the figures as a person would write them; `factor` scales the revenue it states. */
function narrative(d: Data, factor: number): string {
  const delta = d.totals.vsPrevDay.revenue;
  const item = d.items[0]!;
  return JSON.stringify({
    summary: `Выручка за день — ${rub(d.totals.revenue * factor)}, заказов ${d.totals.orders}${delta === null ? '' : `, к прошлому дню ${(delta * 100).toFixed(1).replace('.', ',')} %`}.`,
    highlights: [`${item.title}: выручка ${rub(item.revenue)}.`],
    actions: ['Проверьте остатки у товаров из топ-5.'],
  });
}

/** Days of the month that are even: the half-right model invents the revenue on those. */
const evenDay = (date: string) => Number(date.slice(8, 10)) % 2 === 0;

describe('suite brief against models of known behaviour', () => {
  let fake: OpenAIFake;
  beforeAll(async () => {
    fake = await startOpenAIFake();
  });
  afterAll(() => fake.close());

  it('scores schema validity and factual consistency exactly', async () => {
    fake.script('b-right', { kind: 'answer', content: (b) => narrative(dataOf(b), 1), usage: USAGE });
    fake.script('b-invent', { kind: 'answer', content: (b) => narrative(dataOf(b), 1.17), usage: USAGE });
    fake.script('b-half', { kind: 'answer', content: (b) => narrative(dataOf(b), evenDay(dataOf(b).date) ? 1.3 : 1), usage: USAGE });
    fake.script('b-invalid', { kind: 'wrong_shape', usage: USAGE });
    const models = ['b-right', 'b-invent', 'b-half', 'b-invalid'];
    const config = fakeConfig(fake.url, { models: Object.fromEntries(models.map((m) => [m, {}])), routes: { brief: { models: ['b-right'] } } });
    const suites = (await loadSuites()).filter((s) => s.name === 'brief');
    const outcome = await runBench({
      config, suites, models, sleep: recordingSleep().sleep,
      context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store: null }, recordings: createMemoryRecordings(),
    });
    const by = Object.fromEntries(outcome.runs.map((r) => [r.model, r.summary()]));
    const n = 30;
    const dates = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 10, 22 - (n - 1) + i)).toISOString().slice(0, 10));
    const odd = dates.filter((d) => !evenDay(d)).length;

    expect(by['b-right']).toMatchObject({ suite: 'brief', cases: n, quality: 1, schemaValidRate: 1, errorRate: 0, metrics: { consistent: 1, unverifiedNumbers: 0 } });
    // Every day the invented revenue is the one number that matches no figure.
    expect(by['b-invent']).toMatchObject({ quality: 0, schemaValidRate: 1, metrics: { consistent: 0, unverifiedNumbers: 1 } });
    expect(by['b-half']).toMatchObject({ quality: odd / n, schemaValidRate: 1 });
    expect(by['b-invalid']).toMatchObject({ quality: 0, schemaValidRate: 0, errorRate: 0 });
    // The model got the figures as JSON data, not prose.
    const sent = fake.requestsFor('b-right')[0]!.body as unknown as ChatBody;
    expect(dataOf(sent).totals.revenue).toBeGreaterThan(0);
  });
});
