/**
 * `report.md` and a self-contained `report.html` (inline CSS and SVG charts, no script, no
 * network): per suite the table, quality vs cost with the Pareto front, latency distributions,
 * and the recommendation per route.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { latencySpec, qualityCostSpec, toSvg } from './charts.js';
import { paretoFront } from './recommend.js';
import type { Locale } from '../config.js';
import { labText, type LabText } from '../locales/lab.js';
import type { BenchResults } from './results.js';
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

type Column = [string, (r: RunResult, front: Set<string>) => string];

function columns(t: LabText): Column[] {
  const c = t.columns;
  const cost = (r: RunResult, x: number | null) => (r.kind === 'local' ? t.local : t.usd(x));
  return [
    [c.model, (r, f) => r.model + (f.has(r.model) ? ' ★' : '') + (r.replayedCalls > 0 ? t.replayedTag : '')],
    [c.cases, (r) => String(r.cases)],
    [c.quality, (r) => t.pct(r.quality)],
    [c.ci, (r) => (r.qualityCi ? `${t.pct(r.qualityCi[0])}–${t.pct(r.qualityCi[1])}` : '—')],
    [c.schemaValid, (r) => t.pct(r.schemaValidRate)],
    [c.errors, (r) => t.pct(r.errorRate)],
    [c.p50, (r) => String(Math.round(r.latencyMs.p50))],
    [c.p95, (r) => String(Math.round(r.latencyMs.p95))],
    [c.tokens, (r) => `${r.tokens.input}/${r.tokens.output}`],
    [c.cost, (r) => cost(r, r.costUsd)],
    [c.per1k, (r) => cost(r, r.costPer1kUsd)],
    [c.per1kOk, (r) => cost(r, r.costPer1kSuccessfulUsd)],
    [c.metrics, (r) => Object.entries(r.metrics).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')],
  ];
}

export function renderMarkdown(results: BenchResults, extras: ReportExtras, locale: Locale): string {
  const t = labText(locale);
  const cols = columns(t);
  const f = fronts(results.runs);
  const out = [`# ${t.report.title(results.startedAt, results.replay)}`, ''];
  for (const suite of new Set(results.runs.map((r) => r.suite))) {
    out.push(`## ${suite}`, '', `| ${cols.map(([h]) => h).join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`);
    for (const r of results.runs.filter((x) => x.suite === suite)) out.push(`| ${cols.map(([, g]) => g(r, f.get(suite)!).replace(/\|/g, '\\|')).join(' | ')} |`);
    out.push('', t.report.paretoNote, '');
  }
  for (const s of extras.sections ?? []) out.push(s.markdown);
  const rec = recommendationLines(results, t);
  out.push(...(rec.length > 0 ? [`${t.report.recommendation}:`, ...rec.map((l) => `- ${l}`)] : [t.report.none]), '');
  out.push(...notes(results, t).map((l) => `- ${l}`));
  if (extras.comparison) out.push('', '```', extras.comparison.trimEnd(), '```');
  return `${out.join('\n')}\n`;
}

function recommendationLines(results: BenchResults, t: LabText): string[] {
  return Object.entries(results.recommendation).map(([route, r]) =>
    t.report.routeLine({
      route, models: r.models.join(' → '), quality: t.pct(r.quality), ci: r.qualityCi ? `${t.pct(r.qualityCi[0])}–${t.pct(r.qualityCi[1])}` : '—',
      floor: t.pct(r.floor), per1k: t.usd(r.costPer1kUsd), monthlyUsd: r.monthlyUsd, reason: r.reason,
    }),
  );
}

function notes(results: BenchResults, t: LabText): string[] {
  const out: string[] = [];
  const unpriced = [...new Set(results.runs.filter((r) => r.pricing === 'unpriced').map((r) => r.model))];
  if (unpriced.length > 0) out.push(t.report.unpriced(unpriced));
  for (const s of results.skipped) out.push(t.report.skipped(s.suite, s.reason));
  if (results.replay) out.push(t.report.replayed);
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function renderHtml(results: BenchResults, extras: ReportExtras, locale: Locale): Promise<string> {
  const t = labText(locale);
  const cols = columns(t);
  const f = fronts(results.runs);
  const sections: string[] = [];
  for (const suite of new Set(results.runs.map((r) => r.suite))) {
    const runs = results.runs.filter((r) => r.suite === suite);
    const rows = runs.map((r) => `<tr>${cols.map(([, g]) => `<td>${esc(g(r, f.get(suite)!))}</td>`).join('')}</tr>`).join('\n');
    const scatter = await toSvg(qualityCostSpec(suite, runs, f.get(suite)!));
    const samples = extras.latencies.get(suite) ?? [];
    const latency = samples.length > 0 ? await toSvg(latencySpec(suite, samples)) : '';
    sections.push(
      `<section><h2>${esc(suite)}</h2>\n<table><thead><tr>${cols.map(([h]) => `<th>${esc(h)}</th>`).join('')}</tr></thead>\n<tbody>${rows}</tbody></table>\n` +
        `<p class="note">${esc(t.report.paretoNote)}</p>\n<div class="charts"><figure>${scatter}</figure><figure>${latency}</figure></div></section>`,
    );
  }
  for (const s of extras.sections ?? []) {
    const chart = s.curve ? `<div class="charts"><figure>${await toSvg(curveSpec(s.suite, s.curve))}</figure></div>` : '';
    sections.push(`<section>${markdownToHtml(s.markdown)}${chart}</section>`);
  }
  const recLines = recommendationLines(results, t);
  const rec = (recLines.length > 0 ? recLines : [t.report.none]).map((l) => `<li>${esc(l).replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')}</li>`).join('\n');
  const noteItems = notes(results, t).map((l) => `<li>${esc(l)}</li>`).join('\n');
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>Herald — ${esc(t.report.title(results.startedAt, results.replay))}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}.note{color:#666}
figure{margin:0}
</style></head><body>
<h1>Herald — ${esc(t.report.title(results.startedAt, results.replay))}</h1>
${sections.join('\n')}
<section><h2>${esc(t.report.recommendation)}</h2><ul>${rec}</ul></section>
<section><h2>${esc(t.report.notes)}</h2><ul>${noteItems}</ul>${extras.comparison ? `<pre>${esc(extras.comparison)}</pre>` : ''}</section>
</body></html>
`;
}

export async function writeReports(dir: string, results: BenchResults, extras: ReportExtras, locale: Locale): Promise<void> {
  writeFileSync(join(dir, 'report.md'), renderMarkdown(results, extras, locale));
  writeFileSync(join(dir, 'report.html'), await renderHtml(results, extras, locale));
}
