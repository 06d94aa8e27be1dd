import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  aggregateRetail, loadRetailInto, parseRetailCsv, readRetailRows, retailCsvPath, RetailFormatError,
} from '../../../src/data/retail/retail-import.js';
import type { Store } from '../../../src/data/store.js';
import type { SkuDay } from '../../../src/insights/types.js';
import { STORE_DRIVERS } from '../../helpers/databases.js';
import { hasSharedData } from '../../helpers/shared-data.js';

const FILE = retailCsvPath();

/** An independent, naive reading of the file: split on commas outside quotes, sum by hand. */
function handTotals(text: string) {
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let inQuotes = false;
    for (const c of line) {
      if (c === '"') inQuotes = !inQuotes;
      else if (c === ',' && !inQuotes) {
        out.push(cur);
        cur = '';
      } else cur += c;
    }
    return [...out, cur];
  };
  const t = { units: 0, revenueCents: 0, cancelled: 0, lines: 0, keys: new Set<string>(), orders: new Set<string>() };
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line) continue;
    const f = split(line);
    const [invoice, code, , qty, date, price] = [f[0]!, f[1]!, f[2], Number(f[3]), f[4]!, Number(f[5])];
    const [m, d, y] = date.split(' ')[0]!.split('/');
    const day = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    t.lines += 1;
    if (invoice.startsWith('C')) t.cancelled += Math.abs(qty);
    else {
      t.keys.add(`${day} ${code}`);
      t.units += qty;
      t.revenueCents += Math.round(qty * price * 100);
      t.orders.add(`${day} ${code} ${invoice}`);
    }
  }
  return t;
}

const sum = (rows: SkuDay[], pick: (r: SkuDay) => number) => rows.reduce((a, r) => a + pick(r), 0);

describe.skipIf(!hasSharedData)('retail import of the UCI Online Retail (France) file', () => {
  // Read in beforeAll, not while collecting: where the shared data is absent the suite is skipped.
  let text: string;
  let hand: ReturnType<typeof handTotals>;
  let rows: SkuDay[];

  beforeAll(async () => {
    text = readFileSync(FILE, 'utf8');
    hand = handTotals(text);
    rows = await readRetailRows(FILE);
  });

  it('finds the file beside the repository, or under HERALD_SHARED_DATA', () => {
    expect(retailCsvPath({ HERALD_SHARED_DATA: '/data/x' })).toBe('/data/x/retail/online-retail-france.csv');
    expect(FILE).toMatch(/shared\/data\/retail\/online-retail-france\.csv$/);
  });

  it('parses every invoice line, quoted descriptions with commas included', () => {
    const lines = parseRetailCsv(text);
    expect(lines).toHaveLength(hand.lines);
    expect(lines.find((l) => l.invoiceNo === '537463' && l.stockCode === '21506')?.description).toBe('FANCY FONT BIRTHDAY CARD,');
    expect(lines.find((l) => l.invoiceNo === '537463' && l.stockCode === '22041')?.description).toBe('RECORD FRAME 7" SINGLE SIZE');
  });

  it('aggregates to one row per StockCode per ordering day; cancellations take units off, never add returns', () => {
    expect(rows).toHaveLength(hand.keys.size);
    expect(new Set(rows.map((r) => `${r.day} ${r.sku}`)).size).toBe(rows.length);
    const units = sum(rows, (r) => r.units);
    // Most cancelled units find their order in the sample; the rest cancel orders placed before it.
    expect(hand.cancelled).toBeGreaterThan(1_000);
    expect(units).toBeLessThan(hand.units - 0.9 * hand.cancelled);
    expect(units).toBeGreaterThanOrEqual(hand.units - hand.cancelled);
    expect(sum(rows, (r) => r.orders)).toBeLessThanOrEqual(hand.orders.size);
    expect(Math.round(sum(rows, (r) => r.revenue) * 100)).toBeLessThan(hand.revenueCents);
    expect(sum(rows, (r) => r.returns)).toBe(0);
  });

  it('counts a normal line as units, orders and revenue, and drops a cancellation whose order is not in the sample', () => {
    const alarm = rows.find((r) => r.day === '2010-12-01' && r.sku === '22728');
    expect(alarm).toMatchObject({ units: 24, orders: 1, revenue: 90, price: 3.75, returns: 0, title: 'ALARM CLOCK BAKELIKE PINK' });
    // C537893 cancels a SILK PURSE customer 12721 bought before the sample starts: no row on its day.
    expect(rows.find((r) => r.day === '2010-12-09' && r.sku === '22450')).toBeUndefined();
  });

  it('takes a cancelled line off the same customer\'s latest earlier order of that StockCode', () => {
    const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
    const csv = header + [
      '100,A,Mug,10,1/3/2011 9:00,2,7,France',
      '101,A,Mug,4,1/4/2011 9:00,2,8,France',
      '102,A,Mug,6,1/5/2011 9:00,2,7,France',
      'C103,A,Mug,-8,1/6/2011 9:00,2,7,France',
      'C104,A,Mug,-5,1/6/2011 9:00,2,9,France',
    ].join('\n');
    const out = aggregateRetail(parseRetailCsv(csv));
    expect(out.map((r) => [r.day, r.units, r.orders, r.revenue, r.returns])).toEqual([
      ['2011-01-03', 8, 1, 16, 0],
      ['2011-01-04', 4, 1, 8, 0],
      ['2011-01-05', 0, 0, 0, 0],
    ]);
  });

  it('never produces negative numbers and leaves stock and ads unknown', () => {
    const bad = rows.filter(
      (r) => [r.units, r.orders, r.revenue, r.returns, r.adSpend, r.price ?? 0].some((v) => !Number.isFinite(v) || v < 0),
    );
    expect(bad).toEqual([]);
    expect(rows.every((r) => r.stock === null && r.adSpend === 0 && r.adClicks === null && r.category === null)).toBe(true);
    expect(rows.every((r) => (r.units > 0 ? r.price !== null : r.price === null))).toBe(true);
  });

  it('reports a malformed row by its line number', () => {
    const csv = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
      '1,A,"X, Y",2,1/5/2011 9:00,1.5,1,France\n1,B,Z,two,1/5/2011 9:00,1,1,France\n';
    expect(() => parseRetailCsv(csv, 'x.csv')).toThrow(RetailFormatError);
    expect(() => parseRetailCsv(csv, 'x.csv')).toThrow(/x\.csv: line 3: Quantity "two"/);
    expect(aggregateRetail(parseRetailCsv(csv.split('\n').slice(0, 2).join('\n')))).toEqual([
      { day: '2011-01-05', sku: 'A', title: 'X, Y', category: null, units: 2, orders: 1, revenue: 3, returns: 0, stock: null, price: 1.5, adSpend: 0, adClicks: null, adImpressions: null },
    ]);
  });

  describe.each(STORE_DRIVERS)('loadRetailInto on $driver', ({ open }) => {
    let store: Store;
    let cleanup: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });
    afterAll(async () => cleanup?.());

    it('replaces sku_daily with the rows and records one ok ETL run', async () => {
      await store.query(`insert into etl_runs (finished_at, status) values (now(), 'ok'), (now(), 'ok')`);
      await store.query(`insert into herald_meta (key, value) values ('demo_seeded', '{}'::jsonb)`);
      const now = new Date('2026-11-23T06:00:00Z');
      const result = await loadRetailInto(store, rows, { now });
      expect(result).toEqual({ rows: rows.length, skus: new Set(rows.map((r) => r.sku)).size, from: '2010-12-01', to: '2011-12-09' });
      await loadRetailInto(store, rows, { now });
      const [t] = await store.query<{ n: number; units: number; returns: number; cents: number }>(
        `select count(*)::int as n, sum(units)::int as units, sum(returns)::int as returns, round(sum(revenue) * 100)::float8 as cents from sku_daily`,
      );
      expect(t).toEqual({ n: rows.length, units: sum(rows, (r) => r.units), returns: 0, cents: Math.round(sum(rows, (r) => r.revenue) * 100) });
      const runs = await store.query<{ status: string; finished: string }>(`select status, finished_at::timestamptz as finished from etl_runs`);
      expect(runs).toHaveLength(1);
      expect(runs[0]!.status).toBe('ok');
      const keys = await store.query<{ key: string }>(`select key from herald_meta order by key`);
      expect(keys.map((k) => k.key)).toEqual(['retail_loaded']);
    });
  });
});

