// Daily-series line chart (alert "Details" chart, morning-brief headline chart): a hand-built SVG
// rasterised by resvg with the repo's own fonts, so the PNG is identical on every machine. Texts
// are laid out through a register of their boxes (label-layout.ts): an axis label that would
// cover another is left out, and the highlighted day's value looks for a spot off both lines.
import { Resvg } from '@resvg/resvg-js';
import {
  CHART_TEXT,
  escapeXml,
  estimateTextWidth,
  formatDay,
  formatPointValue,
  formatTicks,
  truncateText,
  type ChartLocale,
  type ChartUnit,
} from './chart-text.js';
import { CHART_FONT_FAMILY, chartFontFiles } from './fonts.js';
import { bestSpot, LabelRegister, textBox, type Box, type PlacedLabel, type Point, type Spot } from './label-layout.js';

/** One day of the metric; `null` (or a non-finite number) draws a gap in the line. */
export interface SeriesPoint { day: string /* YYYY-MM-DD */; value: number | null }

/** Expected range for one day; `expected` (optional) draws the dashed "expected" line. */
export interface BandPoint { day: string; low: number; high: number; expected?: number }

export interface SeriesChartInput {
  /** Bold heading; XML-escaped, truncated with "…" if wider than the image. */
  title: string;
  /** Grey line under the title (e.g. shop name, period). Optional. */
  subtitle?: string;
  /** Locale of dates, numbers and legend. */
  locale: ChartLocale;
  /** The metric, one point per day. The x axis spans the first to last day of series ∪ band;
   *  missing days are gaps. */
  series: SeriesPoint[];
  /** Expected band (alert charts). Drawn as a shaded area, legend "норма"/"normal band". */
  band?: BandPoint[];
  /** Days (YYYY-MM-DD) to mark as anomalies with red dots; days without a value are skipped. */
  anomalies?: string[];
  /** Faint comparison line, plotted at each point's own `day` — to overlay "a week earlier",
   *  pass last week's values shifted to the days they compare with. Points outside the x range
   *  of `series`/`band` are ignored. */
  compare?: SeriesPoint[];
  /** Legend label for `compare`. Default: "неделю ранее" / "a week earlier". */
  compareLabel?: string;
  /** Day to emphasise (usually the latest): shaded column, bold date label, value printed. */
  highlightDay?: string;
  /** Value formatting. Default 'count'. 'percent' expects fractions (0.125 → 12,5 %). */
  unit?: ChartUnit;
  /** ISO 4217 currency for unit 'money'. Default 'RUB' (shown as ₽). */
  currency?: string;
  /** Image size in CSS px. Defaults 800×400 (reads well in Telegram/Slack previews);
   *  clamped to 320..4000 × 200..3000. */
  width?: number;
  height?: number;
  /** Pixel density of the PNG only: 2 gives a crisper image on phones (PNG is width·scale ×
   *  height·scale). Default 1. Clamped to 0.5..4. */
  scale?: number;
}

const COLOR = {
  bg: '#ffffff', text: '#111827', muted: '#6b7280', grid: '#e5e7eb', axis: '#9ca3af',
  actual: '#2563eb', expected: '#64748b', band: '#94a3b8', anomaly: '#dc2626', compare: '#a3aab5',
};
const DAY_MS = 86_400_000;
const X_STEPS = [1, 2, 7, 14, 28, 56, 91, 182, 364, 728];
const MAX_DAYS = 3660;

/** Epoch ms of a "YYYY-MM-DD" day (UTC), or null if it is not a real date. */
function parseDay(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === day ? ms : null;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const r1 = (n: number): string => String(Math.round(n * 10) / 10);

/** 1-2-5 ticks covering [lo, hi] with about `target` intervals. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  const start = Math.floor(lo / step + 1e-9);
  const end = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = start; i <= end; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** SVG path through the values, starting a new sub-path after each gap. */
function linePath(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${r1(x(i))} ${r1(y(v))}`;
    pen = true;
  });
  return d;
}

/** Points with no neighbour value would be invisible as a line; returns their indexes. */
function isolated(values: (number | null)[]): number[] {
  return values.flatMap((v, i) => (v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null ? [i] : []));
}

const text = (x: number, y: number, s: string, attrs = ''): string =>
  `<text x="${r1(x)}" y="${r1(y)}"${attrs ? ' ' + attrs : ''}>${escapeXml(s)}</text>`;

/**
 * The chart's geometry besides its SVG: every text drawn, with the box it covers, and the lines
 * drawn, as points — what the label layout avoided, for tests to check.
 */
export interface SeriesChartLayout {
  svg: string;
  width: number;
  height: number;
  labels: PlacedLabel[];
  /** The plot area (the highlight's value label stays inside it). */
  plot: Box | null;
  lines: { actual: Point[][]; compare: Point[][]; expected: Point[][] };
}

/** Builds the chart as a standalone SVG document (pure; no I/O). */
export function seriesChartSvg(input: SeriesChartInput): string {
  return seriesChartLayout(input).svg;
}

/** Polylines through the values, split at gaps. */
function polylines(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): Point[][] {
  const lines: Point[][] = [];
  let current: Point[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) lines.push(current);
      current = [];
      return;
    }
    current.push({ x: x(i), y: y(v) });
  });
  if (current.length) lines.push(current);
  return lines;
}

/** Builds the chart and reports where its texts and lines went. */
export function seriesChartLayout(input: SeriesChartInput): SeriesChartLayout {
  const W = Math.round(Math.min(4000, Math.max(320, input.width ?? 800)));
  const H = Math.round(Math.min(3000, Math.max(200, input.height ?? 400)));
  const t = CHART_TEXT[input.locale] ?? CHART_TEXT.en;
  const fmt = { locale: input.locale, unit: input.unit ?? 'count', currency: input.currency ?? 'RUB' };
  const out: string[] = [];
  const padX = 20;
  const labels = new LabelRegister();
  const lines: SeriesChartLayout['lines'] = { actual: [], compare: [], expected: [] };
  const done = (plot: Box | null): SeriesChartLayout => ({ svg: svgDoc(W, H, out), width: W, height: H, labels: labels.placed, plot, lines });

  // Header: title, subtitle.
  let y = 30;
  const title = truncateText(input.title, W - 2 * padX, 17, true);
  out.push(text(padX, y, title, `font-size="17" font-weight="bold" fill="${COLOR.text}"`));
  labels.add('title', title, textBox(title, padX, y, 17, 'start', true));
  if (input.subtitle) {
    y += 20;
    const subtitle = truncateText(input.subtitle, W - 2 * padX, 12.5);
    out.push(text(padX, y, subtitle, `font-size="12.5" fill="${COLOR.muted}"`));
    labels.add('subtitle', subtitle, textBox(subtitle, padX, y, 12.5));
  }

  // X domain: every calendar day from the first to the last day of series ∪ band.
  const seriesMs = input.series.map((p) => ({ ms: parseDay(p.day), v: finite(p.value) ? p.value : null }));
  const bandMs = (input.band ?? []).map((b) => ({ ms: parseDay(b.day), b })).filter((b) => b.ms !== null && finite(b.b.low) && finite(b.b.high));
  const allMs = [...seriesMs.map((p) => p.ms), ...bandMs.map((b) => b.ms)].filter((ms): ms is number => ms !== null);
  const endMs = allMs.length ? Math.max(...allMs) : 0;
  const startMs = allMs.length ? Math.max(Math.min(...allMs), endMs - (MAX_DAYS - 1) * DAY_MS) : 0;
  const n = allMs.length ? Math.round((endMs - startMs) / DAY_MS) + 1 : 0;
  const idx = (ms: number | null): number | null => (ms === null || ms < startMs || ms > endMs ? null : Math.round((ms - startMs) / DAY_MS));
  const actual: (number | null)[] = Array.from({ length: n }, () => null);
  for (const p of seriesMs) { const i = idx(p.ms); if (i !== null && p.v !== null) actual[i] = p.v; }
  const compare: (number | null)[] = Array.from({ length: n }, () => null);
  for (const p of input.compare ?? []) { const i = idx(parseDay(p.day)); if (i !== null && finite(p.value)) compare[i] = p.value; }
  const band: (BandPoint | null)[] = Array.from({ length: n }, () => null);
  for (const b of bandMs) { const i = idx(b.ms); if (i !== null) band[i] = b.b; }

  const values = [...actual, ...compare].filter(finite);
  for (const b of band) if (b) values.push(b.low, b.high, ...(finite(b.expected) ? [b.expected] : []));
  const hasExpected = band.some((b) => b !== null && finite(b.expected));
  const anomalyIdx = [...new Set((input.anomalies ?? []).map((d) => idx(parseDay(d))))].filter((i): i is number => i !== null && actual[i] !== null);
  const hiIdx = input.highlightDay ? idx(parseDay(input.highlightDay)) : null;

  // Legend row (only what is drawn).
  const legend: { label: string; swatch: (x: number, y: number) => string }[] = [];
  if (values.length) {
    legend.push({ label: t.actual, swatch: (x, y) => `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${COLOR.actual}" stroke-width="2.5" stroke-linecap="round"/>` });
    if (band.some((b) => b)) legend.push({ label: t.band, swatch: (x, y) => `<rect x="${x}" y="${y - 5}" width="18" height="10" rx="2" fill="${COLOR.band}" fill-opacity="0.3"/>` });
    if (hasExpected) legend.push({ label: t.expected, swatch: (x, y) => `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${COLOR.expected}" stroke-width="1.5" stroke-dasharray="4 3"/>` });
    if (compare.some((v) => v !== null)) legend.push({ label: input.compareLabel ?? t.compare, swatch: (x, y) => `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${COLOR.compare}" stroke-width="1.75"/>` });
    if (anomalyIdx.length) legend.push({ label: t.anomaly, swatch: (x, y) => `<circle cx="${x + 9}" cy="${y}" r="4.5" fill="${COLOR.anomaly}"/>` });
  }
  y += 24;
  let lx = padX;
  for (const item of legend) {
    const label = truncateText(item.label, W - 2 * padX - 24, 12);
    const w = 24 + estimateTextWidth(label, 12) + 18;
    if (lx > padX && lx + w > W - padX) { lx = padX; y += 18; }
    out.push(item.swatch(lx, y - 4), text(lx + 24, y, label, `font-size="12" fill="${COLOR.muted}"`));
    const box = textBox(label, lx + 24, y, 12);
    labels.add('legend', label, { x: lx, y: Math.min(box.y, y - 9), w: box.x + box.w - lx, h: box.h });
    lx += w;
  }

  const plotTop = y + 18;
  const plotBottom = H - 34;
  if (!values.length || plotBottom - plotTop < 40) {
    const cy = (plotTop + H) / 2;
    out.push(`<rect x="${padX}" y="${plotTop}" width="${W - 2 * padX}" height="${Math.max(0, H - 16 - plotTop)}" rx="6" fill="#f9fafb" stroke="${COLOR.grid}"/>`);
    out.push(text(W / 2, cy + 5, t.noData, `font-size="14" fill="${COLOR.muted}" text-anchor="middle"`));
    labels.add('noData', t.noData, textBox(t.noData, W / 2, cy + 5, 14, 'middle'));
    return done(null);
  }

  // Y scale: include zero when the data sits close to it; headroom for the highlight label.
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo >= 0 && lo <= hi * 0.35) lo = 0;
  if (hi <= 0 && hi >= lo * 0.35) hi = 0;
  if (hiIdx !== null && actual[hiIdx] !== null) hi += (hi - lo) * 0.08;
  const ticks = niceTicks(lo, hi, Math.max(2, Math.min(6, Math.floor((plotBottom - plotTop) / 50))));
  const y0 = ticks[0] ?? lo;
  const y1 = ticks[ticks.length - 1] ?? hi;
  const tickLabels = formatTicks(ticks, fmt);
  const plotLeft = padX + Math.max(...tickLabels.map((s) => estimateTextWidth(s, 11.5))) + 10;
  const plotRight = W - padX - 6;
  const plotW = plotRight - plotLeft;
  const inset = Math.min(12, plotW / (2 * n));
  const x = (i: number): number => (n === 1 ? plotLeft + plotW / 2 : plotLeft + inset + (i * (plotW - 2 * inset)) / (n - 1));
  const yv = (v: number): number => plotBottom - ((v - y0) / (y1 - y0)) * (plotBottom - plotTop);

  // Grid and y labels.
  ticks.forEach((tv, k) => {
    const ty = yv(tv);
    out.push(`<line x1="${r1(plotLeft)}" y1="${r1(ty)}" x2="${r1(plotRight)}" y2="${r1(ty)}" stroke="${tv === 0 && k > 0 ? COLOR.axis : COLOR.grid}" stroke-width="1"/>`);
    // Ticks too close for their labels (a short chart) keep the grid line and lose the text.
    const label = tickLabels[k] ?? '';
    if (labels.tryAdd('y', label, textBox(label, plotLeft - 8, ty + 4, 11.5, 'end'))) {
      out.push(text(plotLeft - 8, ty + 4, label, `font-size="11.5" fill="${COLOR.muted}" text-anchor="end"`));
    }
  });

  // X ticks: anchored at the highlighted (or last) day so it always gets a label; weekly steps
  // keep the same weekday labelled.
  const pxPerDay = n > 1 ? (plotW - 2 * inset) / (n - 1) : plotW;
  const labelW = Math.max(...[0, n - 1].map((i) => estimateTextWidth(formatDay(startMs + i * DAY_MS, input.locale), 11.5, true)), 40) + 16;
  const step = X_STEPS.find((s) => s * pxPerDay >= labelW) ?? Math.ceil(labelW / pxPerDay);
  const anchor = hiIdx ?? n - 1;
  if (hiIdx !== null) out.push(`<rect x="${r1(x(hiIdx) - Math.min(14, Math.max(4, pxPerDay * 0.4)))}" y="${r1(plotTop)}" width="${r1(Math.min(28, Math.max(8, pxPerDay * 0.8)))}" height="${r1(plotBottom - plotTop)}" fill="${COLOR.actual}" fill-opacity="0.08"/>`);
  out.push(`<line x1="${r1(plotLeft)}" y1="${plotBottom}" x2="${r1(plotRight)}" y2="${plotBottom}" stroke="${COLOR.axis}" stroke-width="1"/>`);
  const dayLabels: number[] = [];
  for (let i = 0; i < n; i++) {
    const labelled = (i - anchor) % step === 0;
    if (!labelled && pxPerDay < 5) continue;
    out.push(`<line x1="${r1(x(i))}" y1="${plotBottom}" x2="${r1(x(i))}" y2="${plotBottom + (labelled ? 5 : 3)}" stroke="${COLOR.axis}" stroke-width="1"/>`);
    if (labelled) dayLabels.push(i);
  }
  // The anchor day first, then outwards: a label pushed in from an edge, or a wider month name,
  // gives way to its neighbour rather than overlap it.
  dayLabels.sort((a, b) => Math.abs(a - anchor) - Math.abs(b - anchor) || a - b);
  for (const i of dayLabels) {
    const bold = i === hiIdx;
    const label = formatDay(startMs + i * DAY_MS, input.locale);
    const half = estimateTextWidth(label, 11.5, bold) / 2;
    const lxPos = Math.min(Math.max(x(i), plotLeft - 8 + half), W - 8 - half);
    if (!labels.tryAdd('x', label, textBox(label, lxPos, plotBottom + 19, 11.5, 'middle', bold))) continue;
    out.push(text(lxPos, plotBottom + 19, label, `font-size="11.5" text-anchor="middle" fill="${bold ? COLOR.text : COLOR.muted}"${bold ? ' font-weight="bold"' : ''}`));
  }

  // Band, expected, comparison, actual, markers — back to front.
  let run: number[] = [];
  const flushBand = (): void => {
    if (run.length) {
      const pts = [...run.map((i) => `${r1(x(i))},${r1(yv(band[i]!.high))}`), ...run.reverse().map((i) => `${r1(x(i))},${r1(yv(band[i]!.low))}`)];
      out.push(`<polygon points="${pts.join(' ')}" fill="${COLOR.band}" fill-opacity="0.28" stroke="none"/>`);
    }
    run = [];
  };
  for (let i = 0; i < n; i++) band[i] ? run.push(i) : flushBand();
  flushBand();
  const pathEl = (vals: (number | null)[], attrs: string): string => `<path d="${linePath(vals, x, yv)}" fill="none" stroke-linejoin="round" stroke-linecap="round" ${attrs}/>`;
  if (hasExpected) out.push(pathEl(band.map((b) => (b && finite(b.expected) ? b.expected : null)), `stroke="${COLOR.expected}" stroke-width="1.5" stroke-dasharray="5 4"`));
  if (compare.some((v) => v !== null)) {
    out.push(pathEl(compare, `stroke="${COLOR.compare}" stroke-width="1.75"`));
    for (const i of isolated(compare)) out.push(`<circle cx="${r1(x(i))}" cy="${r1(yv(compare[i]!))}" r="2.5" fill="${COLOR.compare}"/>`);
  }
  out.push(pathEl(actual, `stroke="${COLOR.actual}" stroke-width="2.5"`));
  for (const i of isolated(actual)) out.push(`<circle cx="${r1(x(i))}" cy="${r1(yv(actual[i]!))}" r="3" fill="${COLOR.actual}"/>`);
  for (const i of anomalyIdx) out.push(`<circle class="anomaly" cx="${r1(x(i))}" cy="${r1(yv(actual[i]!))}" r="5.5" fill="${COLOR.anomaly}" stroke="#ffffff" stroke-width="1.5"/>`);

  lines.actual = polylines(actual, x, yv);
  lines.compare = polylines(compare, x, yv);
  lines.expected = polylines(band.map((b) => (b && finite(b.expected) ? b.expected : null)), x, yv);
  const plot: Box = { x: plotLeft, y: plotTop, w: plotRight - plotLeft, h: plotBottom - plotTop };
  const hv = hiIdx !== null ? actual[hiIdx] : null;
  if (hiIdx !== null && hv !== null && hv !== undefined) {
    const cx = x(hiIdx);
    const cy = yv(hv);
    if (!anomalyIdx.includes(hiIdx)) out.push(`<circle class="highlight" cx="${r1(cx)}" cy="${r1(cy)}" r="4.5" fill="${COLOR.actual}" stroke="#ffffff" stroke-width="1.5"/>`);
    const label = formatPointValue(hv, fmt);
    // Above the point first, then below, beside and further off: the first spot that covers no
    // other text, neither line (the grey comparison line above all) nor the point itself.
    const spots: Spot[] = [
      { x: cx, baseline: cy - 11, anchor: 'middle' },
      { x: cx, baseline: cy + 21, anchor: 'middle' },
      { x: cx - 9, baseline: cy - 9, anchor: 'end' },
      { x: cx + 9, baseline: cy - 9, anchor: 'start' },
      { x: cx - 9, baseline: cy + 19, anchor: 'end' },
      { x: cx + 9, baseline: cy + 19, anchor: 'start' },
      { x: cx - 10, baseline: cy + 4, anchor: 'end' },
      { x: cx + 10, baseline: cy + 4, anchor: 'start' },
      // Then up and down the day's column, nearest first, until a gap between the lines is found.
      ...Array.from({ length: Math.ceil((plotBottom - plotTop) / 6) }, (_, k) => 6 * (k + 1)).flatMap((d) => [
        { x: cx, baseline: cy - 11 - d, anchor: 'middle' as const },
        { x: cx, baseline: cy + 21 + d, anchor: 'middle' as const },
        { x: cx - 9, baseline: cy - 9 - d, anchor: 'end' as const },
        { x: cx + 9, baseline: cy - 9 - d, anchor: 'start' as const },
        { x: cx - 9, baseline: cy + 19 + d, anchor: 'end' as const },
        { x: cx + 9, baseline: cy + 19 + d, anchor: 'start' as const },
      ]),
    ];
    const { spot, box } = bestSpot({
      text: label,
      size: 12.5,
      bold: true,
      spots,
      bounds: { x: plotLeft, y: plotTop, w: W - padX - plotLeft, h: plotBottom - plotTop },
      labels,
      lines: [lines.compare, lines.actual, lines.expected],
      marks: [{ x: cx - 7, y: cy - 7, w: 14, h: 14 }],
    });
    labels.add('highlight', label, box);
    // A label moved off to find a gap gets a thin leader to its point, so it still reads as its value.
    const nearX = Math.min(Math.max(cx, box.x), box.x + box.w);
    const nearY = Math.min(Math.max(cy, box.y), box.y + box.h);
    if (Math.hypot(nearX - cx, nearY - cy) > 16) {
      out.push(`<line class="leader" x1="${r1(cx)}" y1="${r1(cy)}" x2="${r1(nearX)}" y2="${r1(nearY)}" stroke="${COLOR.muted}" stroke-width="0.75" stroke-dasharray="2 2"/>`);
    }
    out.push(text(spot.x, spot.baseline, label, `font-size="12.5" font-weight="bold" text-anchor="${spot.anchor}" fill="${COLOR.text}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`));
  }
  return done(plot);
}

function svgDoc(w: number, h: number, body: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${CHART_FONT_FAMILY}">` +
    `<rect width="${w}" height="${h}" fill="${COLOR.bg}"/>${body.join('')}</svg>`
  );
}

/** Renders the chart to PNG bytes using only the repo's fonts (same pixels on every machine). */
export function renderSeriesChartPng(input: SeriesChartInput): Uint8Array {
  const scale = Math.min(4, Math.max(0.5, input.scale ?? 1));
  const resvg = new Resvg(seriesChartSvg(input), {
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: COLOR.bg,
  });
  return new Uint8Array(resvg.render().asPng());
}
