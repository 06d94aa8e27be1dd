/**
 * The brief a seller reads (issue 10 items 1–4), through `herald brief` as a process on the real
 * Postgres: tags only where money is at stake, the text capped and ranked by it while the JSON keeps
 * every item, actions that name the cause the data shows, partial days said at the top and
 * compared like for like, and one money format.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import type { Store } from '../../src/data/store.js';
import { addDays } from '../../src/time/days.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const D = '2026-11-22';
const NOW = '2026-11-23T06:30:00Z';

interface Row {
  sku: string;
  title: string;
  units: number;
  revenue: number;
  stock: number | null;
  price: number | null;
  adSpend?: number;
}

/** A hand-made shop: one database per scenario, rows for D-7 … D from `perDay(dayIndex)` (0 = D-7). */
async function shop(perDay: (i: number, day: string) => Row[]): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const db = await createTestDatabase('herald_brief_seller');
  const store = createPostgresStore({ url: db.url, max: 1 });
  await migrate(store);
  for (let i = 0; i <= 7; i++) {
    const day = addDays(D, i - 7);
    for (const r of perDay(i, day)) {
      await store.query(
        `insert into sku_daily (day, sku, title, category, units, orders, revenue, returns, stock, price, ad_spend)
         values ($1, $2, $3, 'Дом', $4, $4, $5, 0, $6, $7, $8)`,
        [day, r.sku, r.title, r.units, r.revenue, r.stock, r.price, r.adSpend ?? 0],
      );
    }
  }
  await store.close();
  return { env: { DATABASE_URL: db.url, HERALD_NOW: NOW, HERALD_DATA_DIR: '/nonexistent-herald-dir' }, drop: () => db.drop() };
}

async function brief(env: Record<string, string>, ...args: string[]) {
  const r = await runHerald(['brief', '--date', D, ...args], { env });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('the brief tags, ranks and acts on money at stake', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase('herald_brief_seller_demo');
    store = createPostgresStore({ url: db.url, max: 2 });
    await migrate(store);
    await seedDemo(store, { seed: 1, endDay: D });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('on the demo shop: no ad_inefficient line for pocket money, far fewer items, the text capped with "и ещё N" and the JSON complete', async () => {
    const env = { DATABASE_URL: db.url, HERALD_NOW: NOW, HERALD_DATA_DIR: '/nonexistent-herald-dir' };
    const json = JSON.parse(await brief(env, '--format', 'json'));
    const costly = json.items.filter((i: { tags: string[] }) => i.tags.includes('ad_inefficient'));
    for (const i of costly) expect(i.adSpend).toBeGreaterThanOrEqual(500);
    expect(json.items.length).toBeLessThan(100);
    for (const i of json.items) if (!i.tags.every((t: string) => t === 'top' || t === 'new')) expect(i.atStake).toBeGreaterThan(0);
    // Every list the JSON holds is ranked by money: stock risks by the sales at risk per day.
    const bySku = new Map(json.items.map((i: { sku: string; atStake: number }) => [i.sku, i.atStake]));
    const stakes = json.stockRisks.map((s: string) => bySku.get(s));
    expect(stakes).toEqual([...stakes].sort((a, b) => b - a));

    const text = await brief(env);
    expect(text).not.toMatch(/ДРР —: реклама \d+,\d+ ₽ при выручке 0 ₽/);
    const listed = (text.match(/^• /gm) ?? []).length + (text.match(/^\d+\. /gm) ?? []).length;
    expect(listed).toBeLessThan(json.items.length + json.narrative.highlights.length);
    if (json.stockRisks.length > 5) expect(text).toContain(`…и ещё ${json.stockRisks.length - 5}`);
  }, 180_000);
});

describe('actions name the cause and the money', () => {
  let s: Awaited<ReturnType<typeof shop>>;
  beforeAll(async () => {
    s = await shop((i) => [
      // Sold 3 000 ₽ a day, empty on D: restock, not "look into the sales drop".
      { sku: 'TOWEL', title: 'Полотенце махровое 50×90 чёрный', units: i === 7 ? 0 : 6, revenue: i === 7 ? 0 : 3000, stock: i === 7 ? 0 : 40 - i * 5, price: 500 },
      // Price up from 1 000 to 1 400 on D, sales fell: fix the price.
      { sku: 'LAMP', title: 'Лампа настольная', units: i === 7 ? 3 : 10, revenue: i === 7 ? 4200 : 10_000, stock: 300, price: i === 7 ? 1400 : 1000 },
      // Ads 2 500 ₽ for 1 000 ₽ of revenue: pause the campaign.
      { sku: 'MUG', title: 'Кружка', units: 5, revenue: 1000, stock: 500, price: 200, adSpend: i === 7 ? 2500 : 50 },
      // Same stock, price and ads, revenue halved: check the card.
      { sku: 'BAG', title: 'Сумка', units: i === 7 ? 4 : 8, revenue: i === 7 ? 8000 : 16_000, stock: 900, price: 2000, adSpend: 100 },
    ]);
  });
  afterAll(() => s.drop());

  it('restock / fix the price / pause the campaign / check the card, each with its money, ranked by it', async () => {
    const json = JSON.parse(await brief(s.env, '--format', 'json'));
    const actions: string[] = json.narrative.actions.map((a: string) => a.replace(/[\u00a0\u202f]/g, ' '));
    expect(actions.find((a) => a.includes('Полотенце'))).toMatch(/^Пополнить запас: Полотенце махровое 50×90 чёрный — товар закончился, до этого продавался на ≈\d[\d ]* ₽ в день\.$/);
    expect(actions.join('\n')).not.toMatch(/Разобраться с падением/);
    expect(actions.find((a) => a.includes('Лампа'))).toBe('Проверить цену: Лампа настольная — цена поднялась с 1 000 ₽ до 1 400 ₽, выручка на 5 800 ₽ ниже, чем неделю назад.');
    expect(actions.find((a) => a.includes('Кружка'))).toBe('Приостановить или перенастроить рекламу: Кружка — 2 500 ₽ на рекламу при выручке 1 000 ₽.');
    expect(actions.find((a) => a.includes('Сумка'))).toMatch(/^Проверить карточку товара: Сумка — выручка на 8 000 ₽ ниже/);
    // Ranked by money: the bag (8 000 ₽) before the lamp (5 800 ₽) before the towel (≈3 000 ₽/day) before the mug (2 300 ₽).
    const order = ['Сумка', 'Лампа', 'Полотенце', 'Кружка'].map((t) => actions.findIndex((a) => a.includes(t)));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const en = JSON.parse(await brief(s.env, '--format', 'json', '--locale', 'en'));
    expect(en.narrative.actions.join('\n')).toMatch(/Restock Полотенце.*out of stock/);
  }, 180_000);
});

describe('a partial day is said at the top and compared like for like', () => {
  let s: Awaited<ReturnType<typeof shop>>;
  beforeAll(async () => {
    // Six SKUs every day; on D five of them arrive broken (negative units), one is fine.
    s = await shop((i) =>
      ['A', 'B', 'C', 'D', 'E', 'F'].map((sku, k) => ({
        sku,
        title: `Товар ${sku}`,
        units: i === 7 && k > 0 ? -1 : 3,
        revenue: k === 0 ? 9000 : 1500,
        stock: 100,
        price: k === 0 ? 3000 : 500,
        adSpend: k === 0 && i === 7 ? 6.59 : 0,
      })),
    );
  });
  afterAll(() => s.drop());

  it('JSON: coverage partial, deltas over the same SKUs on both days (0 %, not −45 %)', async () => {
    const json = JSON.parse(await brief(s.env, '--format', 'json'));
    expect(json.coverage).toMatchObject({ partial: true, skus: 1, expectedSkus: 6, badSkus: 5, missingSkus: 0, skippedShare: 0.8333 });
    expect(json.coverage.comparedSkus).toEqual({ prevDay: 1, weekAgo: 1 });
    expect(json.totals.revenue).toBe(9000);
    expect(json.totals.vsPrevDay.revenue).toBe(0);
    expect(json.totals.vsWeekAgo.revenue).toBe(0);
    expect(json.narrative.actions[0]).toMatch(/Проверить выгрузку данных \(ETL\): за день нет 5 из 6 товаров/);
    expect(json.narrative.actions.join(' ')).not.toMatch(/Срочных действий не требуется/);
  });

  it('text: the first line under the title says how much of the day was skipped; money in one format', async () => {
    const text = await brief(s.env);
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const totalsAt = lines.findIndex((l) => l.includes('Итоги дня'));
    expect(lines[totalsAt + 1]).toMatch(/⚠️ Неполный день: нет данных по 5 из 6 товаров \(83\s?%\)/);
    expect(text).toMatch(/Выручка: 9\s000\s₽ · к вчера 0\s?%/);
    expect(text).toMatch(/Реклама: 6,59\s₽/);
  });

  it('a SKU reported every day that vanishes counts as missing too', async () => {
    const gone = await shop((i) =>
      ['A', 'B', 'C'].flatMap((sku) => (i === 7 && sku !== 'A' ? [] : [{ sku, title: `Товар ${sku}`, units: 2, revenue: 2000, stock: 50, price: 1000 }])),
    );
    try {
      const json = JSON.parse(await brief(gone.env, '--format', 'json'));
      expect(json.coverage).toMatchObject({ partial: true, skus: 1, expectedSkus: 3, missingSkus: 2 });
      expect(json.totals.vsPrevDay.revenue).toBe(0);
    } finally {
      await gone.drop();
    }
  });
});
