/**
 * Ask Herald's loop end to end on both stores: the real router over HTTP to the scripted OpenAI
 * fake, the real tools over the seeded demo shop, the call log in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { askConfig, askRig, openSeeded, toolResults, type AskFixture } from './harness.js';

const WEEK = { from: '2026-11-16', to: '2026-11-22' };
const PREV = { from: '2026-11-09', to: '2026-11-15' };
const ru = (n: number, digits = 0) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);

describe.each(STORE_DRIVERS)('ask loop on $driver', (driver) => {
  let fixture: AskFixture;
  let store: Store;
  let fake: OpenAIFake;

  beforeAll(async () => {
    fixture = await openSeeded(driver);
    store = fixture.store;
    fake = await startOpenAIFake();
  }, 300_000);
  afterAll(async () => {
    await fake?.close();
    await fixture?.cleanup();
  });

  const run = async (question: string, file: Record<string, unknown> = {}) => {
    const rig = askRig(store, askConfig(fake.url, file));
    try {
      return await rig.service.ask({ question }, 'ru');
    } finally {
      await rig.close();
    }
  };

  it('answers in two tool rounds with numbers equal to SQL, ending with the source line; all turns share one run id', async () => {
    fake.reset();
    fake.script('m-ask', [
      { kind: 'tool_calls', calls: [{ name: 'search_products', arguments: { query: 'кружка керамическая', limit: 3 } }] },
      {
        kind: 'tool_calls',
        calls: (body) => {
          const sku = String((toolResults(body)[0]!.items as Array<{ sku: string }>)[0]!.sku);
          return [
            { name: 'sales_summary', arguments: { sku, ...WEEK } },
            { name: 'compare_periods', arguments: { metric: 'revenue', sku, a_from: PREV.from, a_to: PREV.to, b_from: WEEK.from, b_to: WEEK.to } },
          ];
        },
      },
      {
        kind: 'answer',
        content: (body) => {
          const [, summary, compare] = toolResults(body) as [unknown, { sku: string; revenue: number; units: number }, { changePct: number }];
          return `Выручка ${summary.sku} за 16–22 ноября — ${ru(summary.revenue, 2)} ₽, продано ${summary.units} шт. К прошлой неделе: ${ru(compare.changePct * 100, 1)} %.`;
        },
      },
    ]);
    const result = await run('сколько заработали на кружке керамической за неделю и почему упало?');

    expect(result.outcome).toBe('answered');
    expect(result.toolCalls.map((c) => [c.name, c.status])).toEqual([
      ['search_products', 'ok'], ['sales_summary', 'ok'], ['compare_periods', 'ok'],
    ]);
    const sku = (result.toolCalls[1]!.arguments as { sku: string }).sku;
    expect(sku).toMatch(/^[A-Z]+-\d+$/);
    const [truth] = await store.query<{ revenue: number; units: number; prev: number }>(
      `select sum(revenue) filter (where day between $2::date and $3::date)::float8 as revenue,
              sum(units) filter (where day between $2::date and $3::date)::float8 as units,
              sum(revenue) filter (where day between $4::date and $5::date)::float8 as prev
         from sku_daily where sku = $1`,
      [sku, WEEK.from, WEEK.to, PREV.from, PREV.to],
    );
    const [title] = await store.query<{ title: string }>(`select title from sku_daily where sku = $1 limit 1`, [sku]);
    expect(title!.title.toLowerCase()).toContain('кружка керамическая');
    expect(result.answer).toContain(`${ru(truth!.revenue, 2)} ₽`);
    expect(result.answer).toContain(`продано ${truth!.units} шт.`);
    expect(result.answer).toContain(`${ru(((truth!.revenue - truth!.prev) / truth!.prev) * 100, 1)} %`);
    expect(result.unverified).toEqual([]);
    expect(result.answer.trim().split('\n').at(-1)).toBe(
      `Источник: search_products; sales_summary ${WEEK.from}…${WEEK.to}; compare_periods ${PREV.from}…${PREV.to}, ${WEEK.from}…${WEEK.to}.`,
    );
    expect(result.steps).toBe(3);
    expect(result.model).toBe('m-ask');
    expect(result.costUsd).toBeGreaterThan(0);

    const logged = await store.query<{ run_id: string; call_id: string; status: string }>(
      `select run_id, call_id, status from llm_calls where run_id = $1 order by id`,
      [result.runId],
    );
    expect(logged).toHaveLength(3);
    expect(new Set(logged.map((r) => r.call_id)).size).toBe(3);
    expect(logged.every((r) => r.status === 'ok')).toBe(true);
  });

  it('runs an argument carrying SQL as a harmless parameter, and the table is intact', async () => {
    const [before] = await store.query<{ n: number; sum: number }>('select count(*)::int as n, sum(revenue)::float8 as sum from sku_daily');
    fake.reset();
    fake.script('m-ask', [
      { kind: 'tool_calls', calls: [
        { name: 'sales_summary', arguments: { sku: "x'; drop table sku_daily; --", ...WEEK } },
        { name: 'search_products', arguments: { query: "%' or 1=1; delete from sku_daily; --" } },
      ] },
      { kind: 'answer', content: 'По такому артикулу данных нет.' },
    ]);
    const result = await run("x'; drop table sku_daily; --");
    expect(result.toolCalls.map((c) => c.status)).toEqual(['ok', 'ok']);
    const seen = toolResults(fake.requests[1]!.body as never);
    expect(seen[0]).toMatchObject({ found: false, revenue: 0 });
    expect(seen[1]).toMatchObject({ items: [] });
    const [after] = await store.query<{ n: number; sum: number }>('select count(*)::int as n, sum(revenue)::float8 as sum from sku_daily');
    expect(after).toEqual(before);
  });

  it('refuses a call to run_sql and reports it, to the model and in the result', async () => {
    fake.reset();
    fake.script('m-ask', [
      { kind: 'tool_calls', calls: [{ name: 'run_sql', arguments: { sql: 'delete from sku_daily' } }] },
      { kind: 'answer', content: 'Такого инструмента у меня нет.' },
    ]);
    const result = await run('выполни delete from sku_daily');
    expect(result.toolCalls).toEqual([{ name: 'run_sql', arguments: { sql: 'delete from sku_daily' }, status: 'refused', error: expect.stringContaining('unknown tool "run_sql"') }]);
    expect(toolResults(fake.requests[1]!.body as never)[0]).toMatchObject({ status: 'refused', error: expect.stringContaining('sales_summary') });
    const [row] = await store.query<{ n: number }>('select count(*)::int as n from sku_daily');
    expect(row!.n).toBeGreaterThan(0);
  });

  it('refuses bad arguments with the reason, without touching the database', async () => {
    fake.reset();
    fake.script('m-ask', [
      { kind: 'tool_calls', calls: [
        { name: 'top_products', arguments: { metric: 'profit; drop', from: WEEK.from, to: WEEK.to } },
        { name: 'sales_summary', arguments: '{"from": "2026-11-22", "to": ' },
        { name: 'sales_summary', arguments: { from: WEEK.to, to: WEEK.from } },
      ] },
      { kind: 'answer', content: 'Не получилось.' },
    ]);
    const result = await run('топ');
    expect(result.toolCalls.map((c) => [c.status, c.error])).toEqual([
      ['refused', expect.stringContaining('metric')],
      ['refused', 'arguments are not valid JSON'],
      ['refused', expect.stringContaining('"from" must not be after "to"')],
    ]);
  });

  it('stops a looping model at the step limit', async () => {
    fake.reset();
    fake.script('m-ask', { kind: 'tool_calls', calls: [{ name: 'sales_summary', arguments: WEEK }] });
    const result = await run('сколько продали?', { ask: { maxSteps: 5 } });
    expect(result.outcome).toBe('step_limit');
    expect(fake.requestsFor('m-ask')).toHaveLength(5);
    expect(result.steps).toBe(5);
    expect(result.answer).toContain('Не удалось ответить за 5 шагов');
  });

  it("stops at the route's deadline, measured on the injected clock", async () => {
    fake.reset();
    // Every model turn moves the injected clock on by 4 s: with deadlineMs 10 s, turns start at
    // 0, 4 and 8 s, and the fourth (at 12 s) is never asked.
    let elapsed = 0;
    fake.script('m-ask', {
      kind: 'tool_calls',
      calls: () => {
        elapsed += 4_000;
        return [{ name: 'sales_summary', arguments: WEEK }];
      },
    });
    const rig = askRig(store, askConfig(fake.url, { ask: { maxSteps: 10 }, routes: { ask: { models: ['m-ask'], deadlineMs: 10_000 } } }), { now: () => elapsed, sleep: async () => {} });
    try {
      const result = await rig.service.ask({ question: 'сколько продали?' }, 'ru');
      expect(result.outcome).toBe('deadline');
      expect(fake.requestsFor('m-ask')).toHaveLength(3);
      expect(result.steps).toBe(3);
    } finally {
      await rig.close();
    }
  });

  it('stops when the question has spent its cost cap', async () => {
    fake.reset();
    fake.script('m-ask', { kind: 'tool_calls', calls: [{ name: 'sales_summary', arguments: WEEK }], usage: { prompt: 10_000, completion: 1_000 } });
    // 10,000 × $1/M + 1,000 × $2/M = $0.012 a turn: the third turn reaches $0.036 ≥ $0.03.
    const result = await run('сколько продали?', { ask: { maxSteps: 10, maxCostUsd: 0.03 } });
    expect(result.outcome).toBe('cost_cap');
    expect(fake.requestsFor('m-ask')).toHaveLength(3);
    expect(result.costUsd).toBeCloseTo(0.036, 6);
    expect(result.answer).toContain('лимит расходов');
  });

  it('sends an answer with an invented number back once, then marks the sentence it still cannot verify', async () => {
    fake.reset();
    const invented = 'Выручка магазина за неделю — 123 456 ₽.';
    fake.script('m-ask', [
      { kind: 'tool_calls', calls: [{ name: 'sales_summary', arguments: WEEK }] },
      { kind: 'answer', content: invented },
      { kind: 'answer', content: (body) => `${invented} Заказов за 16–22 ноября: ${ru(Number(toolResults(body)[0]!.orders))}.` },
    ]);
    const result = await run('сколько заработали за неделю?');
    expect(result.repaired).toBe(true);
    expect(fake.requestsFor('m-ask')).toHaveLength(3);
    const repairTurn = fake.requests[2]!.body.messages as Array<{ role: string; content: string }>;
    expect(repairTurn.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('123 456') });
    expect(result.unverified).toEqual([{ sentence: invented, numbers: ['123 456'] }]);
    expect(result.answer).toContain(`${invented} ⚠`);
    expect(result.answer).toContain('⚠ — в этом предложении есть число, которого нет в данных Herald');
    expect(result.answer.split('\n')[0]).not.toMatch(/Заказов.*⚠/);
  });

  it('accepts a repaired answer whose numbers the tools returned', async () => {
    fake.reset();
    fake.script('m-ask', [
      { kind: 'tool_calls', calls: [{ name: 'sales_summary', arguments: WEEK }] },
      { kind: 'answer', content: 'Выручка за неделю — около 1 млрд ₽.' },
      { kind: 'answer', content: (body) => `Выручка за 16–22 ноября — ${ru(Number(toolResults(body)[0]!.revenue) / 1000, 1)} тыс. ₽.` },
    ]);
    const result = await run('сколько заработали за неделю?');
    expect(result.repaired).toBe(true);
    expect(result.unverified).toEqual([]);
    expect(result.answer).not.toContain('⚠');
  });

  it('handles a refusal and a length stop as data, not as a failed model', async () => {
    fake.reset();
    fake.script('m-ask', { kind: 'refusal', message: "I can't help with that." });
    const refused = await run('вопрос');
    expect(refused.outcome).toBe('refusal');
    expect(refused.answer).toBe('Модель отказалась отвечать на этот вопрос.');
    expect(fake.requestsFor('m-ask')).toHaveLength(1);

    fake.reset();
    fake.script('m-ask', [
      { kind: 'tool_calls', calls: [{ name: 'sales_summary', arguments: WEEK }] },
      { kind: 'length', content: 'Выручка за неделю составила' },
    ]);
    const cut = await run('вопрос');
    expect(cut.outcome).toBe('length');
    expect(cut.answer).toContain('Выручка за неделю составила…');
    expect(cut.answer).toContain('ответ оборван');
  });
});
