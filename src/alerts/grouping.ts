/**
 * Many SKUs hit by one cause become one message. A kind that hits a large share of the day's SKUs
 * is one shop-wide problem (the site was down, a price feed broke); otherwise several SKUs of one
 * category with the same kind are one category problem. Group ids are stable (`kind:shop`,
 * `kind:cat:Category`) so an ongoing group keeps updating one message.
 */
import type { AlertSettings } from '../config.js';
import type { AlertCandidate } from '../insights/anomalies/candidate.js';

export interface GroupOptions extends Pick<AlertSettings, 'groupMinSkus' | 'groupShopShare'> {
  /** SKUs scanned that day (the denominator of the shop-wide share). */
  skus: number;
}

/** Returns the group id of each candidate's dedup key; ungrouped candidates are absent. */
export function groupCandidates(candidates: readonly AlertCandidate[], o: GroupOptions): Map<string, string> {
  const groups = new Map<string, string>();
  const byKind = new Map<string, AlertCandidate[]>();
  for (const c of candidates) {
    if (c.sku === null) continue;
    const list = byKind.get(c.kind) ?? [];
    list.push(c);
    byKind.set(c.kind, list);
  }
  for (const [kind, list] of byKind) {
    if (list.length < o.groupMinSkus) continue;
    const categories = new Set(list.map((c) => c.category));
    if (categories.size > 1 && list.length >= o.groupShopShare * o.skus) {
      for (const c of list) groups.set(c.dedupKey, `${kind}:shop`);
      continue;
    }
    const byCategory = new Map<string, AlertCandidate[]>();
    for (const c of list) {
      if (c.category === null) continue;
      const inCat = byCategory.get(c.category) ?? [];
      inCat.push(c);
      byCategory.set(c.category, inCat);
    }
    for (const [category, inCat] of byCategory) {
      if (inCat.length < o.groupMinSkus) continue;
      for (const c of inCat) groups.set(c.dedupKey, `${kind}:cat:${category}`);
    }
  }
  return groups;
}
