import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, DEFAULTS, createDetector, scoreSeries } from '../../../src/insights/series-detector/detector.js';

const DAY = 86_400_000;

/** Deterministic pseudo-random numbers in [0, 1) (LCG), so the tests never flake. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Daily sales with a weekly pattern (weekends high) and mild noise. */
function weeklySales(days: number, seed = 1): { time: Date; value: number }[] {
  const r = rng(seed);
  const weekday = [100, 95, 98, 102, 110, 150, 160];
  return Array.from({ length: days }, (_, i) => ({
    time: new Date(Date.UTC(2024, 0, 1) + i * DAY),
    value: weekday[i % 7]! * (1 + (r() - 0.5) * 0.06),
  }));
}

const alarms = (scores: number[]) => scores.flatMap((s, i) => (s >= DEFAULT_THRESHOLD ? [i] : []));

describe('generic detector', () => {
  it('raises no anomaly on a clean weekly pattern', () => {
    const scores = scoreSeries(weeklySales(200));
    expect(alarms(scores)).toEqual([]);
    expect(Math.max(...scores)).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('detects the weekly period of daily data', () => {
    const d = createDetector();
    for (const p of weeklySales(100)) d.update(p.time, p.value);
    expect(d.activePeriod).toBe(7);
  });

  it('fires on a spike', () => {
    const series = weeklySales(200);
    series[150] = { ...series[150]!, value: series[150]!.value * 2.5 };
    expect(alarms(scoreSeries(series))).toEqual([150]);
  });

  it('fires on a drop that the weekly range does not reveal', () => {
    // A Saturday selling like a weekday is within the usual range but off the weekly pattern.
    const series = weeklySales(200);
    const saturday = 152; // 152 % 7 === 5
    series[saturday] = { ...series[saturday]!, value: 100 };
    expect(alarms(scoreSeries(series))).toEqual([saturday]);
  });

  it('fires at once on a level shift, then holds off for two weeks', () => {
    const series = weeklySales(200).map((p, i) => (i >= 150 ? { ...p, value: p.value * 0.5 } : p));
    const fired = alarms(scoreSeries(series));
    expect(fired[0]).toBe(150);
    expect(fired.filter((i) => i <= 164)).toEqual([150]);
  });

  it('scores 0 during warm-up, even for wild values', () => {
    const series = weeklySales(60).map((p, i) => (i === 10 ? { ...p, value: 1e6 } : p));
    const scores = scoreSeries(series);
    expect(scores.slice(0, DEFAULTS.warmup).every((s) => s === 0)).toBe(true);
  });

  it('keeps every score in [0, 1], also on a flat line that then moves', () => {
    const series = Array.from({ length: 300 }, (_, i) => ({
      time: new Date(i * 300_000),
      value: i < 200 ? 5 : 9,
    }));
    const scores = scoreSeries(series);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(alarms(scores)).toEqual([200]);
  });

  it('never changes earlier scores when future points are appended (online)', () => {
    const r = rng(7);
    const series = Array.from({ length: 3000 }, (_, i) => ({
      time: new Date(i * 300_000),
      value: 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + r() * 5 + (i > 2500 ? 40 : 0),
    }));
    const full = scoreSeries(series);
    for (const cut of [100, 900, 2600]) {
      expect(scoreSeries(series.slice(0, cut))).toEqual(full.slice(0, cut));
    }
  });
});
