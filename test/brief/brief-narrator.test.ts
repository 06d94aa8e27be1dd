import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Brief } from '../../src/insights/types.js';
import { createBriefNarrator } from '../../src/brief/brief-narrator.js';
import { createRouter } from '../../src/router/index.js';
import { startOpenAIFake, type ChatBody, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig } from '../router/harness.js';

const noDelta = { revenue: null, orders: null, units: null, returns: null, adSpend: null };
const brief: Brief = {
  date: '2026-11-22',
  currency: 'RUB',
  totals: { revenue: 123456.78, orders: 310, units: 342, returns: 4, adSpend: 7901.5, drr: 0.064, vsPrevDay: { ...noDelta, revenue: 0.125 }, vsWeekAgo: noDelta },
  items: [
    {
      sku: 'MUG-01', title: 'Кружка', category: 'Посуда', revenue: 45000, units: 90, orders: 88, returns: 0, stock: 3, price: 500, adSpend: 900,
      drr: 0.02, daysOfCover: 0.4, revenueWeekAgo: 30000, vsWeekAgo: 0.5, priceChange: 0, priceWeekAgo: 500, adSpendWeekAgo: 800, atStake: 15000, tags: ['top', 'growth', 'low_stock'],
    },
  ],
  top: ['MUG-01'],
  movers: { growth: ['MUG-01'], decline: [] },
  stockRisks: ['MUG-01'],
  adInefficient: [],
  narrative: { summary: 'шаблон', highlights: [], actions: [] },
  narrativeSource: 'template',
  freshness: { lastDay: '2026-11-22', etlFinishedAt: '2026-11-23T05:00:00.000Z', stale: false },
  series: [],
  skuCount: 1,
  badRows: [],
  coverage: { partial: false, skus: 1, expectedSkus: 1, badSkus: 0, missingSkus: 0, skippedShare: 0, comparedSkus: null },
};
const answer = { summary: 'Выручка 123 457 ₽, +12,5 % к вчера.', highlights: ['Кружка MUG-01 +50 % к неделе'], actions: ['Пополнить MUG-01: остатка на полдня'] };

describe('brief narrator', () => {
  let fake: OpenAIFake;
  beforeAll(async () => {
    fake = await startOpenAIFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("returns the model's narrative and names the model, with the figures passed as JSON data", async () => {
    fake.script('m-writer', { kind: 'answer', content: JSON.stringify(answer) });
    const config = fakeConfig(fake.url, { models: { 'm-writer': { capabilities: { json_schema: true } } }, routes: { brief: { models: ['m-writer'] } } });
    const router = createRouter({ config, store: null });
    const told = await createBriefNarrator(router).narrate(brief, 'ru');
    await router.close();

    expect(told).toEqual({ narrative: answer, source: 'model:m-writer' });
    const body = fake.requests[0]!.body as unknown as ChatBody;
    const [system, user] = body.messages as Array<{ role: string; content: string }>;
    expect(system!.content).toMatch(/по-русски/);
    const data = JSON.parse(user!.content);
    expect(data.totals).toMatchObject({ revenue: 123456.78, drr: 0.064, vsPrevDay: { revenue: 0.125 } });
    expect(data.items[0]).toMatchObject({ sku: 'MUG-01', stock: 3, daysOfCover: 0.4, tags: ['top', 'growth', 'low_stock'] });
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'narrative' } });
  });

  it('asks for English when the locale is en', async () => {
    fake.script('m-writer', { kind: 'answer', content: JSON.stringify(answer) });
    const config = fakeConfig(fake.url, { models: { 'm-writer': {} }, routes: { brief: { models: ['m-writer'] } } });
    const router = createRouter({ config, store: null });
    await createBriefNarrator(router).narrate(brief, 'en');
    await router.close();
    const messages = (fake.requests[0]!.body as unknown as ChatBody).messages as Array<{ content: string }>;
    expect(messages.some((m) => /Write in English/.test(m.content))).toBe(true);
  });

  it('returns null when no model answers, so the brief keeps its template', async () => {
    fake.script('m-broken', { kind: 'broken_json' });
    const config = fakeConfig(fake.url, { models: { 'm-broken': {} }, routes: { brief: { models: ['m-broken'] } } });
    const router = createRouter({ config, store: null });
    expect(await createBriefNarrator(router).narrate(brief, 'ru')).toBeNull();
    await router.close();
  });
});
