import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/data/shared-data.js';
import { createMemoryRecordings } from '../../src/lab/recordings.js';
import { runBench } from '../../src/lab/run-bench.js';
import { loadAskCases, statesFigure, type AskCase } from '../../src/lab/suites/ask.js';
import { loadSuites } from '../../src/lab/suites/index.js';
import { addDays } from '../../src/time/days.js';
import { openSeeded, LAST_DAY, toolResults } from '../ask/harness.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { startOpenAIFake, type Behaviour, type ChatBody, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, recordingSleep } from '../router/harness.js';
import { USAGE } from './lab-fixtures.js';

const FILE = JSON.parse(readFileSync(join(repoRoot(), 'bench', 'suites', 'ask.json'), 'utf8'));
const PER_CALL = (100 * 1 + 20 * 2) / 1e6;

const rub = (n: number) => `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(n)} ₽`;
const pct = (x: number) => `${(x * 100).toFixed(1).replace('.', ',')} %`;

/** The figure a person would read off the tool's result for each question, written as a person writes it. */
function figure(id: string, r: Record<string, unknown>): string | null {
  const items = r.items as Array<Record<string, number>> | undefined;
  switch (id) {
    case 'revenue-yesterday':
    case 'revenue-month':
    case 'sku-revenue-week':
      return rub(r.revenue as number);
    case 'units-week':
    case 'sku-units-yesterday':
      return `${r.units} шт.`;
    case 'orders-week':
      return `${r.orders} заказов`;
    case 'returns-month':
      return `${r.returns} возвратов`;
    case 'ad-spend-week':
      return rub(r.adSpend as number);
    case 'drr-week':
      return pct(r.drr as number);
    case 'top-revenue-week':
      return items?.[0] ? rub(items[0].value!) : null;
    case 'compare-weeks':
      return pct(r.changePct as number);
    case 'sku-stock':
      return items?.[0] ? `${items[0].stock} шт.` : null;
    default:
      throw new Error(`no figure for ${id}`);
  }
}

/** Arguments one day or one article off: the right tool asked the wrong question. */
function wrongArgs(args: Record<string, string>): Record<string, string> {
  const out = { ...args };
  if (out.sku) out.sku = 'NO-SUCH-SKU';
  else if (out.from) out.from = addDays(out.from, -1);
  else if (out.a_from) out.a_from = addDays(out.a_from, -1);
  return out;
}

function scripted(cases: AskCase[], args: (c: AskCase) => Record<string, string>): Behaviour[] {
  const byQuestion = new Map(cases.map((c) => [c.question, c]));
  const caseOf = (b: ChatBody) => byQuestion.get(String(b.messages.find((m) => m.role === 'user')!.content))!;
  const call: Behaviour = { kind: 'tool_calls', calls: (b) => [{ name: caseOf(b).tools[0]!, arguments: args(caseOf(b)) }], usage: USAGE };
  const answer: Behaviour = {
    kind: 'answer',
    content: (b) => {
      const said = figure(caseOf(b).id, toolResults(b).at(-1)!);
      return said === null ? 'Данных по этому товару нет.' : `По данным магазина: ${said}.`;
    },
    usage: USAGE,
  };
  return cases.flatMap(() => [call, answer]);
}

describe('statesFigure', () => {
  it('reads figures as people write them', () => {
    const money = [{ value: 309620.45, tolerance: 1548 }];
    expect(statesFigure('Выручка 309 620,45 ₽.', money)).toBe(true);
    expect(statesFigure('Выручка около 310 тыс. ₽.', money)).toBe(true);
    expect(statesFigure('Выручка 290 000 ₽.', money)).toBe(false);
    expect(statesFigure('ДРР 6,7 %.', [{ value: 6.69, tolerance: 0.1 }, { value: 0.0669, tolerance: 0.001 }])).toBe(true);
  });
});

describe.each(STORE_DRIVERS)('suite ask on the demo shop ($driver)', (driver) => {
  let fake: OpenAIFake;
  let fixture: Awaited<ReturnType<typeof openSeeded>>;
  beforeAll(async () => {
    fake = await startOpenAIFake();
    fixture = await openSeeded(driver);
  }, 120_000);
  afterAll(async () => {
    await fake.close();
    await fixture?.cleanup();
  });

  it('scores right tool, right arguments and the right number of models of known behaviour exactly', async () => {
    const cases = (await loadAskCases(FILE, fixture.store, 'sku_daily'))!;
    const n = cases.length;
    expect(n).toBeGreaterThanOrEqual(10);
    // Expected figures come from the raw rows: the last day is the data's, the periods count back from it.
    expect(cases.find((c) => c.id === 'revenue-yesterday')!.args).toEqual({ from: LAST_DAY, to: LAST_DAY });

    fake.script('a-right', scripted(cases, (c) => c.args));
    fake.script('a-wrong-args', scripted(cases, (c) => wrongArgs(c.args)));
    // Asks about the top article even when the question is about the whole shop.
    const topSku = cases.find((c) => c.id === 'sku-stock')!.args.sku!;
    fake.script('a-one-sku', scripted(cases, (c) => ({ ...c.args, sku: c.args.sku ?? topSku })));
    fake.script('a-no-tool', { kind: 'answer', content: 'Не знаю.', usage: USAGE });
    fake.script('a-failing', { kind: 'error', status: 500 });
    const models = ['a-right', 'a-wrong-args', 'a-one-sku', 'a-no-tool', 'a-failing'];
    const config = fakeConfig(fake.url, { models: Object.fromEntries(models.map((m) => [m, {}])), routes: { ask: { models: ['a-right'] } } });
    const suites = (await loadSuites()).filter((s) => s.name === 'ask');
    const outcome = await runBench({
      config, suites, models, concurrency: 1, sleep: recordingSleep().sleep,
      context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store: fixture.store, config }, recordings: createMemoryRecordings(),
    });
    const by = Object.fromEntries(outcome.runs.map((r) => [r.model, r.summary()]));

    // The tools' answers agree with the figures computed from the raw rows: every case is right.
    expect(by['a-right']).toMatchObject({ suite: 'ask', cases: n, quality: 1, errorRate: 0, schemaValidRate: null, metrics: { tool: 1, args: 1, number: 1, steps: 2 } });
    expect(by['a-right']!.costUsd).toBeCloseTo(2 * n * PER_CALL, 12);
    expect(by['a-wrong-args']).toMatchObject({ quality: 0, metrics: { tool: 1, args: 0, steps: 2 } });
    const skuCases = cases.filter((c) => c.args.sku !== undefined).length;
    expect(skuCases).toBe(3);
    // top_products takes no article: that call is refused, so only 11 of 12 reach their tool.
    expect(by['a-one-sku']).toMatchObject({ quality: 0.25, metrics: { tool: Math.round((11 / 12) * 1e6) / 1e6, args: 0.25 } });
    expect(by['a-no-tool']).toMatchObject({ quality: 0, metrics: { tool: 0, args: 0, number: 0, steps: 1 } });
    expect(by['a-failing']).toMatchObject({ quality: 0, errorRate: 1 });
  }, 120_000);
});
