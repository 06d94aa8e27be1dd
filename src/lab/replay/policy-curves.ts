/**
 * Routing policies between a cheap and a strong model, evaluated on recorded answers: each point
 * is a policy at one setting — the share of questions that reach the strong model, the mean
 * quality, and the total cost of every call it would make. A *cascade* always pays the cheap
 * call and pays the strong one too when it escalates; a *router* decides before any call and
 * pays one. Curves cover every item (SPEC §5).
 */

export interface PairItem {
  /** Quality of each model's answer in [0, 1]: 1/0 for GSM8K, grade ÷ 10 for MT-Bench. */
  cheapQuality: number;
  strongQuality: number;
  cheapCostUsd: number;
  strongCostUsd: number;
}

export interface CurvePoint {
  policy: string;
  /** Share of items answered by (cascades: escalated to) the strong model. */
  strongShare: number;
  quality: number;
  costUsd: number;
}

const sum = (xs: Iterable<number>) => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

/** The policy that sends the items flagged `strong` to the strong model alone. */
export function routePoint(policy: string, items: readonly PairItem[], strong: readonly boolean[]): CurvePoint {
  const n = items.length;
  return {
    policy,
    strongShare: sum(strong.map((s) => (s ? 1 : 0))) / n,
    quality: sum(items.map((it, i) => (strong[i] ? it.strongQuality : it.cheapQuality))) / n,
    costUsd: sum(items.map((it, i) => (strong[i] ? it.strongCostUsd : it.cheapCostUsd))),
  };
}

/** The cascade that asks the cheap model first and escalates the items flagged `escalate`. */
export function cascadePoint(policy: string, items: readonly PairItem[], escalate: readonly boolean[]): CurvePoint {
  const n = items.length;
  return {
    policy,
    strongShare: sum(escalate.map((e) => (e ? 1 : 0))) / n,
    quality: sum(items.map((it, i) => (escalate[i] ? it.strongQuality : it.cheapQuality))) / n,
    costUsd: sum(items.map((it, i) => it.cheapCostUsd + (escalate[i] ? it.strongCostUsd : 0))),
  };
}

/** Random routing at every share in `steps` equal steps (expected quality and cost, no sampling noise). */
export function randomCurve(items: readonly PairItem[], steps = 100): CurvePoint[] {
  const cheap = routePoint('random', items, items.map(() => false));
  const strong = routePoint('random', items, items.map(() => true));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const s = i / steps;
    return { policy: 'random', strongShare: s, quality: (1 - s) * cheap.quality + s * strong.quality, costUsd: (1 - s) * cheap.costUsd + s * strong.costUsd };
  });
}

/**
 * A scored policy swept over its threshold: the items with the highest scores go to the strong
 * model (router) or are escalated (cascade), from none to all in steps of 1 % of the items. Ties
 * are broken by item order, so the sweep is deterministic.
 */
export function sweep(policy: string, kind: 'cascade' | 'route', items: readonly PairItem[], scores: readonly number[], steps = 100): CurvePoint[] {
  const order = items.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const points: CurvePoint[] = [];
  let last = -1;
  for (let s = 0; s <= steps; s += 1) {
    const k = Math.round((s / steps) * items.length);
    if (k === last) continue;
    last = k;
    const flagged = new Array<boolean>(items.length).fill(false);
    for (const i of order.slice(0, k)) flagged[i] = true;
    points.push(kind === 'cascade' ? cascadePoint(policy, items, flagged) : routePoint(policy, items, flagged));
  }
  return points;
}

/**
 * The oracle: knows every answer's quality and sends each item to the cheaper model unless the
 * other is better, taking upgrades in order of quality gained per extra dollar. Its points are
 * the best any policy can do at their cost; between them, the straight line is an upper bound
 * too (see `oracleQualityAt`).
 */
export function oracleCurve(items: readonly PairItem[]): CurvePoint[] {
  const n = items.length;
  let quality = 0;
  let cost = 0;
  let strongCount = 0;
  const upgrades: Array<{ gain: number; extra: number; toStrong: boolean }> = [];
  for (const it of items) {
    const strongFirst = it.strongCostUsd < it.cheapCostUsd || (it.strongCostUsd === it.cheapCostUsd && it.strongQuality > it.cheapQuality);
    const [base, other] = strongFirst
      ? [{ q: it.strongQuality, c: it.strongCostUsd }, { q: it.cheapQuality, c: it.cheapCostUsd }]
      : [{ q: it.cheapQuality, c: it.cheapCostUsd }, { q: it.strongQuality, c: it.strongCostUsd }];
    quality += base.q;
    cost += base.c;
    if (strongFirst) strongCount += 1;
    if (other.q > base.q) upgrades.push({ gain: other.q - base.q, extra: other.c - base.c, toStrong: !strongFirst });
  }
  upgrades.sort((a, b) => b.gain * a.extra - a.gain * b.extra || b.gain - a.gain);
  const points: CurvePoint[] = [{ policy: 'oracle', strongShare: strongCount / n, quality: quality / n, costUsd: cost }];
  for (const u of upgrades) {
    quality += u.gain;
    cost += u.extra;
    strongCount += u.toStrong ? 1 : -1;
    points.push({ policy: 'oracle', strongShare: strongCount / n, quality: quality / n, costUsd: cost });
  }
  return points;
}

/** The oracle's quality at `costUsd` (linear between its points, flat past the last): an upper bound for every policy. */
export function oracleQualityAt(oracle: readonly CurvePoint[], costUsd: number): number {
  if (costUsd < oracle[0]!.costUsd) return Number.NEGATIVE_INFINITY;
  for (let i = 1; i < oracle.length; i += 1) {
    const a = oracle[i - 1]!;
    const b = oracle[i]!;
    if (costUsd <= b.costUsd) return b.costUsd === a.costUsd ? b.quality : a.quality + ((costUsd - a.costUsd) / (b.costUsd - a.costUsd)) * (b.quality - a.quality);
  }
  return oracle.at(-1)!.quality;
}

/**
 * SPEC §5's `at95`: the cheapest point of a policy whose quality reaches `share` (0.95) of the
 * strong model's, as a share of always-strong's cost; null when no point gets there.
 */
export function costShareAt(points: readonly CurvePoint[], strongQuality: number, strongCostUsd: number, share = 0.95): number | null {
  const target = share * strongQuality - 1e-12;
  let best: number | null = null;
  for (const p of points) if (p.quality >= target && (best === null || p.costUsd < best)) best = p.costUsd;
  return best === null ? null : best / strongCostUsd;
}

/** `costShareAt` for every policy of a curve, keyed by policy name. */
export function at95ByPolicy(curve: readonly CurvePoint[], strongQuality: number, strongCostUsd: number): Record<string, { costShare: number | null }> {
  const out: Record<string, { costShare: number | null }> = {};
  for (const policy of new Set(curve.map((p) => p.policy))) {
    out[policy] = { costShare: costShareAt(curve.filter((p) => p.policy === policy), strongQuality, strongCostUsd) };
  }
  return out;
}
