import { describe, expect, it } from 'vitest';
import { meanInterval, wilsonInterval } from '../../../src/lab/replay/intervals.js';
import { cascadePoint, costShareAt, oracleCurve, randomCurve, routePoint, sweep } from '../../../src/lab/replay/policy-curves.js';

// Four questions: cheap right/strong right, cheap wrong/strong right ×2, both wrong.
const items = [
  { cheapQuality: 1, strongQuality: 1, cheapCostUsd: 1, strongCostUsd: 10 },
  { cheapQuality: 0, strongQuality: 1, cheapCostUsd: 1, strongCostUsd: 10 },
  { cheapQuality: 0, strongQuality: 1, cheapCostUsd: 2, strongCostUsd: 20 },
  { cheapQuality: 0, strongQuality: 0, cheapCostUsd: 1, strongCostUsd: 10 },
];

describe('policy curves', () => {
  it('bills a cascade for the cheap call always and the strong call when it escalates; a router for one call', () => {
    const flags = [false, true, false, false];
    expect(cascadePoint('c', items, flags)).toEqual({ policy: 'c', strongShare: 0.25, quality: 0.5, costUsd: 1 + 1 + 2 + 1 + 10 });
    expect(routePoint('r', items, flags)).toEqual({ policy: 'r', strongShare: 0.25, quality: 0.5, costUsd: 1 + 10 + 2 + 1 });
  });

  it('gives random routing its expected quality and cost at every share', () => {
    const curve = randomCurve(items, 4);
    expect(curve.map((p) => p.strongShare)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(curve[2]).toMatchObject({ quality: (0.25 + 0.75) / 2, costUsd: (5 + 50) / 2 });
  });

  it("takes the oracle's upgrades cheapest first and reaches the best quality any policy can", () => {
    const oracle = oracleCurve(items);
    expect(oracle.map((p) => [p.quality, p.costUsd])).toEqual([
      [0.25, 5],
      [0.5, 14],
      [0.75, 32],
    ]);
  });

  it('sweeps a score from no escalation to all, most doubtful first', () => {
    const points = sweep('s', 'cascade', items, [0.1, 0.9, 0.5, 0.2], 4);
    expect(points.map((p) => p.strongShare)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(points[1]).toMatchObject({ quality: 0.5, costUsd: 15 });
  });

  it('reads the cost at 95 % of the strong quality as a share of always-strong, or null', () => {
    const strong = routePoint('always-strong', items, [true, true, true, true]);
    const points = [
      { policy: 'p', strongShare: 0.5, quality: 0.7, costUsd: 20 },
      { policy: 'p', strongShare: 0.6, quality: 0.72, costUsd: 30 },
    ];
    expect(strong).toMatchObject({ quality: 0.75, costUsd: 50 });
    expect(costShareAt(points, 0.75, 50)).toBe(0.6);
    expect(costShareAt(points.slice(0, 1), 0.75, 50)).toBeNull();
  });

  it('computes Wilson and mean intervals', () => {
    const [low, high] = wilsonInterval(0, 10);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.2775, 4);
    const [a, b] = meanInterval([0.8, 0.9, 1, 0.7]);
    expect(a).toBeLessThan(0.85);
    expect(b).toBeGreaterThan(0.85);
    expect(b).toBeLessThanOrEqual(1);
  });
});
