// Where a chart's texts go so that none covers another, nor the lines a reader must follow: text
// boxes estimated from the font size (see `estimateTextWidth`), a register of placed boxes, and
// a search over candidate spots for a label that must sit near a point.
import { estimateTextWidth } from './chart-text.js';

/** An axis-aligned box: top-left corner and size, in SVG px. */
export interface Box { x: number; y: number; w: number; h: number }

export interface Point { x: number; y: number }

export type TextAnchor = 'start' | 'middle' | 'end';

/** A placed text, for the SVG and for the geometry tests. */
export interface PlacedLabel { role: string; text: string; box: Box }

/** DejaVu Sans ascent and descent as shares of the font size (rounded outwards). */
const ASCENT = 0.93;
const DESCENT = 0.24;

/** The box a text covers when drawn at `x` (per its anchor) with its baseline at `baseline`. */
export function textBox(text: string, x: number, baseline: number, size: number, anchor: TextAnchor = 'start', bold = false): Box {
  const w = estimateTextWidth(text, size, bold);
  const left = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
  return { x: left, y: baseline - ASCENT * size, w, h: (ASCENT + DESCENT) * size };
}

export function grow(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, w: b.w + 2 * by, h: b.h + 2 * by };
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Whether the segment p→q passes through the box (Liang–Barsky clipping). */
export function segmentHitsBox(p: Point, q: Point, b: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const edges: Array<[number, number]> = [
    [-dx, p.x - b.x],
    [dx, b.x + b.w - p.x],
    [-dy, p.y - b.y],
    [dy, b.y + b.h - p.y],
  ];
  for (const [pe, qe] of edges) {
    if (pe === 0) {
      if (qe < 0) return false;
      continue;
    }
    const r = qe / pe;
    if (pe < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
  }
  return true;
}

/** Whether any segment of the polylines passes through the box. */
export function polylinesHitBox(lines: readonly (readonly Point[])[], b: Box): boolean {
  for (const line of lines) {
    if (line.length === 1 && segmentHitsBox(line[0]!, line[0]!, b)) return true;
    for (let i = 1; i < line.length; i++) if (segmentHitsBox(line[i - 1]!, line[i]!, b)) return true;
  }
  return false;
}

/** Texts placed so far; a new one is drawn only where it overlaps none of them. */
export class LabelRegister {
  readonly placed: PlacedLabel[] = [];

  /** Gap kept between two texts so they never touch. */
  constructor(private readonly gap = 2) {}

  fits(box: Box): boolean {
    const grown = grow(box, this.gap / 2);
    return this.placed.every((p) => !boxesOverlap(grown, grow(p.box, this.gap / 2)));
  }

  add(role: string, text: string, box: Box): void {
    this.placed.push({ role, text, box });
  }

  /** Adds the text if it fits; false (and nothing added) when it would overlap a placed one. */
  tryAdd(role: string, text: string, box: Box): boolean {
    if (!this.fits(box)) return false;
    this.add(role, text, box);
    return true;
  }
}

/** A candidate spot for a point's label: where its anchor and baseline go. */
export interface Spot { x: number; baseline: number; anchor: TextAnchor }

export interface SpotSearch {
  text: string;
  size: number;
  bold: boolean;
  /** The candidates in order of preference. */
  spots: Spot[];
  /** Where the label must stay (the plot area). */
  bounds: Box;
  labels: LabelRegister;
  /** Lines the label must not cross, most important first (each costs more than the next). */
  lines: ReadonlyArray<readonly (readonly Point[])[]>;
  /** Marks (the point itself) the label must not cover. */
  marks: Box[];
}

/**
 * The first candidate that covers no label, line or mark; failing that, the least bad one (a
 * label overlap is worse than crossing any line, an earlier line worse than a later one).
 */
export function bestSpot(s: SpotSearch): { spot: Spot; box: Box; clear: boolean } {
  let best: { spot: Spot; box: Box; cost: number } | null = null;
  for (const raw of s.spots) {
    const spot = clampSpot(raw, s);
    const box = textBox(s.text, spot.x, spot.baseline, s.size, spot.anchor, s.bold);
    const padded = grow(box, 1.5);
    let cost = s.labels.fits(box) ? 0 : 1_000_000;
    s.lines.forEach((line, i) => {
      if (polylinesHitBox(line, padded)) cost += 1000 / 10 ** i;
    });
    for (const m of s.marks) if (boxesOverlap(padded, m)) cost += 500;
    if (cost === 0) return { spot, box, clear: true };
    if (!best || cost < best.cost) best = { spot, box, cost };
  }
  if (!best) throw new Error('bestSpot: no candidate spots');
  return { spot: best.spot, box: best.box, clear: false };
}

/** Moves a spot so its text stays inside the bounds. */
function clampSpot(spot: Spot, s: SpotSearch): Spot {
  const box = textBox(s.text, spot.x, spot.baseline, s.size, spot.anchor, s.bold);
  const dx = box.x < s.bounds.x ? s.bounds.x - box.x : box.x + box.w > s.bounds.x + s.bounds.w ? s.bounds.x + s.bounds.w - (box.x + box.w) : 0;
  const dy = box.y < s.bounds.y ? s.bounds.y - box.y : box.y + box.h > s.bounds.y + s.bounds.h ? s.bounds.y + s.bounds.h - (box.y + box.h) : 0;
  return { ...spot, x: spot.x + dx, baseline: spot.baseline + dy };
}
