/**
 * The routing curve as a vega-lite chart: quality against cost (as a share of always-strong) for
 * every policy, the 95 % line drawn across; rendered to SVG by the report like its other charts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from './policy-curves.js';

export function curveSpec(suite: string, points: readonly CurvePoint[]): TopLevelSpec {
  const strong = points.find((p) => p.policy === 'always-strong');
  const scale = strong?.costUsd || 1;
  const values = points.map((p) => ({ policy: p.policy, costShare: p.costUsd / scale, quality: p.quality }));
  const target = strong ? 0.95 * strong.quality : null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${suite}: routing policies, quality vs cost`,
    width: 480,
    height: 300,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 12 }, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'costShare', type: 'quantitative', title: 'cost, share of always-strong', axis: { format: '%' } },
          y: { field: 'quality', type: 'quantitative', title: 'quality', scale: { zero: false } },
          color: { field: 'policy', type: 'nominal', title: null },
          order: { field: 'costShare', type: 'quantitative' },
        },
      },
      ...(target === null
        ? []
        : [{ data: { values: [{ target }] }, mark: { type: 'rule' as const, color: '#999', strokeDash: [4, 3] }, encoding: { y: { field: 'target', type: 'quantitative' as const } } }]),
    ],
  } as TopLevelSpec;
}
