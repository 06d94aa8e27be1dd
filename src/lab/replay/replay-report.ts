/**
 * The report's section for a replay suite (Markdown): the runs with their intervals, where every
 * price and latency figure comes from, the cost of each policy at 95 % of the strong model's
 * quality, and the published anchors to compare with.
 */
import type { CurvePoint } from './policy-curves.js';
import type { At95, ReplayRun } from './replay-results.js';
import type { ReplaySuite } from './replay-suite.js';

const pct = (x: number | null, digits = 1) => (x === null ? '—' : `${(x * 100).toFixed(digits)} %`);
const cell = (s: string) => s.replace(/\|/g, '\\|');

export interface ReplayReportInput {
  suite: ReplaySuite;
  runs: readonly ReplayRun[];
  curve: readonly CurvePoint[] | null;
  at95: Record<string, At95> | null;
  notes: readonly string[];
  /** The published figures this suite's results are compared with. */
  anchors: readonly string[];
}

export function replayReportSection(r: ReplayReportInput): string {
  // The runs' table is the bench report's own; this section says where its figures come from.
  const lines: string[] = [`### ${r.suite.name}: prices, tokens, latency model and routing policies`, '', r.suite.description ?? '', ''];
  lines.push('Prices, token counts and the latency model (time to first token + output tokens ÷ output speed; the p50/p95 above are modelled, not measured):', '');
  for (const run of r.runs) {
    lines.push(
      `- ${run.model}: $${run.price.inputPerMTok} / $${run.price.outputPerMTok} per million tokens (${run.price.date}; ${cell(run.price.source)}); ` +
        `tokens by ${run.tokenCounting}; ${run.latencyModel.ttftMs} ms + ${run.latencyModel.outputTokensPerSecond} tokens/s (${cell(run.latencyModel.source)})`,
    );
  }
  if (r.curve && r.at95) {
    const strong = r.curve.find((p) => p.policy === 'always-strong')!;
    lines.push('', `Routing policies between ${r.suite.cheap} and ${r.suite.strong}: the cost at 95 % of ${r.suite.strong}'s quality (${pct(0.95 * strong.quality)}), as a share of always-${r.suite.strong}.`, '');
    lines.push('| policy | cost at 95 % | share sent to the strong model there |', '|---|---|---|');
    for (const [policy, a] of Object.entries(r.at95)) {
      const at = a.costShare === null ? undefined : r.curve.filter((p) => p.policy === policy && Math.abs(p.costUsd / strong.costUsd - a.costShare!) < 1e-12)[0];
      lines.push(`| ${policy} | ${a.costShare === null ? 'never reaches 95 %' : pct(a.costShare)} | ${at ? pct(at.strongShare) : '—'} |`);
    }
    const singles = [...new Set(r.curve.map((p) => p.policy))].filter((p) => r.curve!.filter((x) => x.policy === p).length === 1 && p.startsWith('cascade:'));
    if (singles.length > 0) {
      lines.push('', '| single-setting cascade | escalates | quality | % of the strong model | cost |', '|---|---|---|---|---|');
      for (const p of singles) {
        const x = r.curve.find((c) => c.policy === p)!;
        lines.push(`| ${p} | ${pct(x.strongShare)} | ${pct(x.quality)} | ${pct(x.quality / strong.quality)} | ${pct(x.costUsd / strong.costUsd)} |`);
      }
    }
  }
  if (r.notes.length + r.suite.notes.length > 0) lines.push('', ...[...r.suite.notes, ...r.notes].map((n) => `- ${n}`));
  if (r.anchors.length > 0) lines.push('', 'Published anchors:', '', ...r.anchors.map((a) => `- ${a}`));
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A report section's Markdown as HTML: headings, tables, lists and paragraphs (all text escaped). */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) out.push(`<h${heading[1]!.length}>${escapeHtml(heading[2]!)}</h${heading[1]!.length}>`);
    else if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i += 1) {
        if (!/^\|[-| ]+\|$/.test(lines[i]!)) rows.push(lines[i]!.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|')));
      }
      i -= 1;
      const [head, ...body] = rows;
      out.push('<table>', `<tr>${head!.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`, ...body.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`), '</table>');
    } else if (line.startsWith('- ')) {
      out.push('<ul>');
      for (; i < lines.length && lines[i]!.startsWith('- '); i += 1) out.push(`<li>${escapeHtml(lines[i]!.slice(2))}</li>`);
      i -= 1;
      out.push('</ul>');
    } else if (line.trim() !== '') out.push(`<p>${escapeHtml(line)}</p>`);
  }
  return out.join('\n');
}
