/**
 * `report.md` and a self-contained `report.html` (inline CSS and SVG charts, no script, no
 * network): per suite the table, quality vs cost with the Pareto front, latency distributions,
 * and the recommendation per route.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { latencySpec, qualityCostSpec, toSvg } from './charts.js';
import { paretoFront } from './recommend.js';
import { usd, type BenchResults } from './results.js';
import type { RunResult } from './run-stats.js';
import { curveSpec } from './replay/curve-chart.js';
import type { CurvePoint } from './replay/policy-curves.js';
import { markdownToHtml } from './replay/replay-report.js';

export interface ReportExtras {
  /** Per suite, a sample of per-case latencies per model (for the distributions). */
  latencies: Map<string, Array<{ model: string; latencyMs: number }>>;
  /** What changed against the previous run (`--compare`), as text. */
  comparison?: string;
  /** Sections written by suites with their own models (the replay trial): Markdown, and the routing curve to chart. */
  sections?: Array<{ suite: string; markdown: string; curve: readonly CurvePoint[] | null }>;
}

/** The models on each suite's Pareto front of quality against cost per call. */
export function fronts(runs: readonly RunResult[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const suite of new Set(runs.map((r) => r.suite))) {
    const points = runs
      .filter((r) => r.suite === suite)
      .map((r) => ({ model: r.model, quality: r.quality, cost: r.kind === 'local' ? 0 : r.costPer1kUsd }));
    out.set(suite, new Set(paretoFront(points).map((p) => p.model)));
  }
  return out;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const ci = (r: RunResult) => (r.qualityCi ? `${pct(r.qualityCi[0])}–${pct(r.qualityCi[1])}` : '—');
const cost = (r: RunResult, x: number | null) => (r.kind === 'local' ? 'local' : usd(x));

const COLUMNS: Array<[string, (r: RunResult, front: Set<string>) => string]> = [
  ['model', (r, f) => r.model + (f.has(r.model) ? ' ★' : '') + (r.replayedCalls > 0 ? ' (replayed)' : '')],
  ['cases', (r) => String(r.cases)],
  ['quality', (r) => pct(r.quality)],
  ['95 % CI', (r) => ci(r)],
  ['schema valid', (r) => pct(r.schemaValidRate)],
  ['errors', (r) => pct(r.errorRate)],
  ['p50 ms', (r) => String(Math.round(r.latencyMs.p50))],
  ['p95 ms', (r) => String(Math.round(r.latencyMs.p95))],
  ['tokens in/out', (r) => `${r.tokens.input}/${r.tokens.output}`],
  ['cost', (r) => cost(r, r.costUsd)],
  ['$ / 1k', (r) => cost(r, r.costPer1kUsd)],
  ['$ / 1k ok', (r) => cost(r, r.costPer1kSuccessfulUsd)],
  ['metrics', (r) => Object.entries(r.metrics).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')],
];

export function renderMarkdown(results: BenchResults, extras: ReportExtras): string {
  const f = fronts(results.runs);
  const out = [`# Bench ${results.startedAt}${results.replay ? ' (replayed)' : ''}`, ''];
  for (const suite of new Set(results.runs.map((r) => r.suite))) {
    out.push(`## ${suite}`, '', `| ${COLUMNS.map(([h]) => h).join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`);
    for (const r of results.runs.filter((x) => x.suite === suite)) out.push(`| ${COLUMNS.map(([, g]) => g(r, f.get(suite)!).replace(/\|/g, '\\|')).join(' | ')} |`);
    out.push('', '★ on the Pareto front of quality against cost.', '');
  }
  for (const s of extras.sections ?? []) out.push(s.markdown);
  out.push(...recommendationLines(results).map((l) => `- ${l}`), '');
  out.push(...notes(results).map((l) => `- ${l}`));
  if (extras.comparison) out.push('', '```', extras.comparison.trimEnd(), '```');
  return `${out.join('\n')}\n`;
}

function recommendationLines(results: BenchResults): string[] {
  const lines = Object.entries(results.recommendation).map(
    ([route, r]) =>
      `route **${route}**: ${r.models.join(' → ')} — quality ${pct(r.quality)} (${r.qualityCi ? `${pct(r.qualityCi[0])}–${pct(r.qualityCi[1])}` : '—'}), floor ${pct(r.floor)}, ` +
      `${usd(r.costPer1kUsd)} per 1k calls${r.monthlyUsd === null ? ', monthly cost unknown (no traffic profile or call log)' : `, ${usd(r.monthlyUsd, 2)} a month`}; ${r.reason}`,
  );
  return lines.length > 0 ? ['Recommendation:', ...lines] : ['No recommendation: no suite with models ran.'];
}

function notes(results: BenchResults): string[] {
  const out: string[] = [];
  const unpriced = [...new Set(results.runs.filter((r) => r.pricing === 'unpriced').map((r) => r.model))];
  if (unpriced.length > 0) out.push(`Unpriced (no known price; their cost is unknown, not $0): ${unpriced.join(', ')}.`);
  for (const s of results.skipped) out.push(`Skipped ${s.suite}: ${s.reason}.`);
  if (results.replay) out.push('Replayed calls report the latency recorded when they ran live; their cost is what they would cost live.');
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function renderHtml(results: BenchResults, extras: ReportExtras): Promise<string> {
  const f = fronts(results.runs);
  const sections: string[] = [];
  for (const suite of new Set(results.runs.map((r) => r.suite))) {
    const runs = results.runs.filter((r) => r.suite === suite);
    const rows = runs.map((r) => `<tr>${COLUMNS.map(([, g]) => `<td>${esc(g(r, f.get(suite)!))}</td>`).join('')}</tr>`).join('\n');
    const scatter = await toSvg(qualityCostSpec(suite, runs, f.get(suite)!));
    const samples = extras.latencies.get(suite) ?? [];
    const latency = samples.length > 0 ? await toSvg(latencySpec(suite, samples)) : '';
    sections.push(
      `<section><h2>${esc(suite)}</h2>\n<table><thead><tr>${COLUMNS.map(([h]) => `<th>${esc(h)}</th>`).join('')}</tr></thead>\n<tbody>${rows}</tbody></table>\n` +
        `<p class="note">★ on the Pareto front of quality against cost.</p>\n<div class="charts"><figure>${scatter}</figure><figure>${latency}</figure></div></section>`,
    );
  }
  for (const s of extras.sections ?? []) {
    const chart = s.curve ? `<div class="charts"><figure>${await toSvg(curveSpec(s.suite, s.curve))}</figure></div>` : '';
    sections.push(`<section>${markdownToHtml(s.markdown)}${chart}</section>`);
  }
  const rec = recommendationLines(results).map((l) => `<li>${esc(l).replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')}</li>`).join('\n');
  const noteItems = notes(results).map((l) => `<li>${esc(l)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Herald bench ${esc(results.startedAt)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}.note{color:#666}
figure{margin:0}
</style></head><body>
<h1>Herald bench ${esc(results.startedAt)}${results.replay ? ' (replayed)' : ''}</h1>
${sections.join('\n')}
<section><h2>Recommendation</h2><ul>${rec}</ul></section>
<section><h2>Notes</h2><ul>${noteItems}</ul>${extras.comparison ? `<pre>${esc(extras.comparison)}</pre>` : ''}</section>
</body></html>
`;
}

export async function writeReports(dir: string, results: BenchResults, extras: ReportExtras): Promise<void> {
  writeFileSync(join(dir, 'report.md'), renderMarkdown(results, extras));
  writeFileSync(join(dir, 'report.html'), await renderHtml(results, extras));
}
