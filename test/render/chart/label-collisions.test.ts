/**
 * Issue 10 item 8: no chart text covers another, and the highlighted day's value label keeps off
 * the grey comparison line and the blue line — checked on the chart's own geometry (the boxes its
 * layout drew the texts in, the points its lines pass through) for hostile data.
 */
import { describe, expect, it } from 'vitest';
import { briefChartInput } from '../../../src/render/brief-chart.js';
import { boxesOverlap, polylinesHitBox, segmentHitsBox, type Box } from '../../../src/render/chart/label-layout.js';
import { seriesChartLayout, type SeriesChartInput, type SeriesChartLayout } from '../../../src/render/chart/series-chart.js';
import { makeBrief } from '../../fixtures/brief-fixture.js';

function days(count: number, endDay = '2026-11-22'): string[] {
  const end = Date.parse(`${endDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** A deterministic PRNG (mulberry32) so every run draws the same hostile inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const describeBox = (b: Box) => `[${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.w.toFixed(1)}×${b.h.toFixed(1)}]`;

function expectNoCollisions(layout: SeriesChartLayout): void {
  const { labels } = layout;
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i]!;
    expect(a.box.x, `${a.role} "${a.text}" leaves the image`).toBeGreaterThanOrEqual(0);
    expect(a.box.x + a.box.w, `${a.role} "${a.text}" leaves the image`).toBeLessThanOrEqual(layout.width);
    expect(a.box.y + a.box.h, `${a.role} "${a.text}" leaves the image`).toBeLessThanOrEqual(layout.height);
    for (let j = i + 1; j < labels.length; j++) {
      const b = labels[j]!;
      expect(boxesOverlap(a.box, b.box), `${a.role} "${a.text}" ${describeBox(a.box)} overlaps ${b.role} "${b.text}" ${describeBox(b.box)}`).toBe(false);
    }
  }
}

function highlightBox(layout: SeriesChartLayout): Box {
  const h = layout.labels.find((l) => l.role === 'highlight');
  if (!h) throw new Error('no highlight label');
  return h.box;
}

function expectClearOfLines(layout: SeriesChartLayout): void {
  const box = highlightBox(layout);
  expect(polylinesHitBox(layout.lines.compare, box), `highlight ${describeBox(box)} crosses the grey comparison line`).toBe(false);
  expect(polylinesHitBox(layout.lines.actual, box), `highlight ${describeBox(box)} crosses the blue line`).toBe(false);
  expect(box.y).toBeGreaterThanOrEqual(layout.plot!.y);
  expect(box.y + box.h).toBeLessThanOrEqual(layout.plot!.y + layout.plot!.h);
}

function chart(values: (number | null)[], compare: (number | null)[] | null, over: Partial<SeriesChartInput> = {}): SeriesChartLayout {
  const ds = days(values.length);
  return seriesChartLayout({
    title: 'Выручка по дням',
    subtitle: 'Выручка: 1 234 567 ₽ · к вчера +5 % · к прошлой неделе -3 %',
    locale: 'ru',
    series: ds.map((day, i) => ({ day, value: values[i] ?? null })),
    ...(compare ? { compare: ds.map((day, i) => ({ day, value: compare[i] ?? null })) } : {}),
    highlightDay: ds.at(-1)!,
    unit: 'money',
    ...over,
  });
}

describe('geometry helpers', () => {
  it('tell a segment through a box from one that passes by', () => {
    const box = { x: 10, y: 10, w: 20, h: 10 };
    expect(segmentHitsBox({ x: 0, y: 15 }, { x: 40, y: 15 }, box)).toBe(true);
    expect(segmentHitsBox({ x: 0, y: 0 }, { x: 40, y: 5 }, box)).toBe(false);
    expect(segmentHitsBox({ x: 0, y: 40 }, { x: 40, y: 0 }, box)).toBe(true);
    expect(segmentHitsBox({ x: 15, y: 12 }, { x: 16, y: 13 }, box)).toBe(true);
    expect(boxesOverlap(box, { x: 30, y: 10, w: 5, h: 5 })).toBe(false);
    expect(boxesOverlap(box, { x: 29, y: 19, w: 5, h: 5 })).toBe(true);
  });
});

describe('the brief chart labels', () => {
  it('keep the headline value off the grey line running just above it (the reported overlap)', () => {
    const values = [120, 130, 125, 140, 150, 160, 155, 121, 131, 126, 141, 151, 161, 150];
    const compare = values.map((v, i) => (i === values.length - 1 ? 152 : i >= 7 ? values[i - 7]! : null));
    const layout = chart(values.map((v) => v * 1000), compare.map((v) => (v === null ? null : v * 1000)));
    expectNoCollisions(layout);
    expectClearOfLines(layout);
  });

  it('keep the value off both lines when they coincide, cross at the day, or zigzag around it', () => {
    const base = Array.from({ length: 28 }, (_, i) => 1000 + ((i * 37) % 200));
    const cases: Array<[string, (number | null)[], (number | null)[]]> = [
      ['equal lines', base, base],
      ['crossing at the day', base.map((_, i) => 1000 + i * 10), base.map((_, i) => 1270 - i * 10)],
      ['zigzag', base, base.map((_, i) => (i % 2 ? 900 : 1400))],
      ['spike up to the top', [...base.slice(0, -1), 5000], base],
      ['drop to zero', [...base.slice(0, -1), 0], base],
      ['comparison through the label spot above', base, [...base.slice(0, -1).map(() => 1100), 1160]],
    ];
    for (const [name, values, compare] of cases) {
      const layout = chart(values, compare);
      expectNoCollisions(layout);
      try {
        expectClearOfLines(layout);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`);
      }
    }
  });

  it('keep every text apart on the smallest image, at the edges and on a year of days', () => {
    const base = Array.from({ length: 28 }, (_, i) => 1000 + ((i * 37) % 200));
    const layouts = [
      chart(base, base, { width: 320, height: 200 }),
      chart(base, base, { highlightDay: days(28)[0]!, compareLabel: 'очень длинная подпись линии сравнения, которая не помещается в одну строку легенды' }),
      chart(Array.from({ length: 365 }, (_, i) => 1000 + (i % 30) * 17), null, { width: 500 }),
      chart(Array.from({ length: 365 }, (_, i) => 1000 + (i % 30) * 17), null, { width: 500, locale: 'en' }),
      chart([-5_000_000, 12_000_000, null, 3], [1e9, -1e9, 0, 1], { height: 200 }),
      chart([5], [5]),
    ];
    for (const layout of layouts) expectNoCollisions(layout);
  });

  it('keep texts apart and the value off the lines in the real brief chart with last week far off', () => {
    const series = days(28).map((day, i) => ({ day, revenue: i === 27 ? 400_000 : i % 7 === 6 ? 1_900_000 : 1_000_000 + i * 5_000, orders: 300, adSpend: 70_000 }));
    const input = briefChartInput(makeBrief({ date: series.at(-1)!.day, series }), 'ru');
    const layout = seriesChartLayout(input);
    expectNoCollisions(layout);
    expectClearOfLines(layout);
  });
});

describe('hostile random data', () => {
  it('never draws one text over another (300 random charts)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const n = 1 + Math.floor(r() * 120);
      const scale = 10 ** Math.floor(r() * 9);
      const pick = () => (r() < 0.1 ? null : (r() - (r() < 0.2 ? 0.5 : 0)) * scale);
      const values = Array.from({ length: n }, pick);
      const compare = r() < 0.7 ? Array.from({ length: n }, pick) : null;
      const ds = days(n);
      const layout = chart(values, compare, {
        width: 320 + Math.floor(r() * 900),
        height: 200 + Math.floor(r() * 400),
        highlightDay: ds[Math.floor(r() * n)]!,
        locale: r() < 0.5 ? 'ru' : 'en',
        unit: (['money', 'count', 'percent'] as const)[Math.floor(r() * 3)]!,
      });
      try {
        expectNoCollisions(layout);
      } catch (err) {
        throw new Error(`seed ${seed}: ${(err as Error).message}`);
      }
    }
  });

  it('keeps the value label off both lines on brief-like weeks (200 random shops)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const level = 10 ** (3 + Math.floor(r() * 4));
      const weekly = Array.from({ length: 7 }, () => 0.6 + r() * 0.8);
      const revenue = Array.from({ length: 35 }, (_, i) => Math.round(level * weekly[i % 7]! * (0.7 + r() * 0.6)));
      const values = revenue.slice(7);
      const compare = revenue.slice(0, 28);
      const layout = chart(values, compare);
      try {
        expectNoCollisions(layout);
        expectClearOfLines(layout);
      } catch (err) {
        throw new Error(`seed ${seed}: ${(err as Error).message}`);
      }
    }
  });
});
