/**
 * The report's charts: vega-lite specs compiled and rendered to SVG in Node (vega's headless
 * renderer), so `report.html` carries them inline and opens offline — no script, no CDN.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RunResult } from './run-stats.js';

export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Quality against cost per 1,000 calls for one suite, the Pareto front drawn as a line. */
export function qualityCostSpec(suite: string, runs: readonly RunResult[], front: ReadonlySet<string>): TopLevelSpec {
  const points = runs
    .filter((r) => r.quality !== null && (r.costPer1kUsd !== null || r.kind === 'local'))
    .map((r) => ({ model: r.model, quality: r.quality, low: r.qualityCi?.[0] ?? r.quality, high: r.qualityCi?.[1] ?? r.quality, cost: r.kind === 'local' ? 0 : r.costPer1kUsd, pareto: front.has(r.model) ? 'Pareto front' : 'dominated' }));
  const frontPoints = points.filter((p) => p.pareto === 'Pareto front').sort((a, b) => a.cost! - b.cost!);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${suite}: quality vs cost`,
    width: 420,
    height: 260,
    layer: [
      { data: { values: frontPoints }, mark: { type: 'line', color: '#2a9d8f', strokeDash: [4, 3] }, encoding: { x: { field: 'cost', type: 'quantitative' }, y: { field: 'quality', type: 'quantitative' } } },
      {
        data: { values: points },
        mark: { type: 'rule', color: '#999' },
        encoding: { x: { field: 'cost', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'cost', type: 'quantitative', title: 'USD per 1,000 calls' },
          y: { field: 'quality', type: 'quantitative', title: 'quality (95 % CI)', scale: { domain: [0, 1] } },
          color: { field: 'pareto', type: 'nominal', scale: { domain: ['Pareto front', 'dominated'], range: ['#2a9d8f', '#e76f51'] }, title: null },
        },
      },
      { data: { values: points }, mark: { type: 'text', dx: 6, align: 'left', fontSize: 10 }, encoding: { x: { field: 'cost', type: 'quantitative' }, y: { field: 'quality', type: 'quantitative' }, text: { field: 'model' } } },
    ],
  } as TopLevelSpec;
}

/** Latency of each case per model (box plot), live or recorded. */
export function latencySpec(suite: string, samples: ReadonlyArray<{ model: string; latencyMs: number }>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${suite}: latency per case (ms)`,
    width: 420,
    data: { values: [...samples] },
    mark: { type: 'boxplot', extent: 'min-max' },
    encoding: {
      y: { field: 'model', type: 'nominal', title: null },
      x: { field: 'latencyMs', type: 'quantitative', title: 'ms' },
    },
  } as TopLevelSpec;
}
