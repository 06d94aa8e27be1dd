/**
 * Independent checks that a labelled demo incident is really in the rows — written from the
 * SPEC's definitions of each alert kind, not from the generator's code.
 */
import { addDays } from '../../../src/time/days.js';
import type { SkuDay } from '../../../src/insights/types.js';
import type { DemoIncident } from '../../../src/data/demo/generate-demo.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : 0);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/** Returns null when the incident holds, else what is wrong. */
export function checkIncident(incident: DemoIncident, rows: readonly SkuDay[]): string | null {
  const inWindow = (r: SkuDay) => r.day >= incident.from && r.day <= incident.to;
  const before = (r: SkuDay, days: number) => r.day < incident.from && r.day >= addDays(incident.from, -days);
  const subject = rows.filter((r) => (incident.sku ? r.sku === incident.sku : r.category === incident.category));
  const win = subject.filter(inWindow);
  if (win.length === 0) return 'no rows in the window';
  const prior = (days: number) => subject.filter((r) => before(r, days));

  switch (incident.kind) {
    case 'stockout': {
      if (!win.every((r) => r.units === 0 && r.stock === 0)) return 'units or stock not 0 in the window';
      if (sum(prior(7).map((r) => r.units)) === 0) return 'did not sell in the 7 days before';
      return null;
    }
    case 'price_anomaly': {
      const usual = median(prior(7).map((r) => r.price ?? NaN));
      const ratio = (win[0]!.price ?? NaN) / usual;
      return (ratio > 0.08 && ratio < 0.12) || (ratio > 8 && ratio < 12) ? null : `price ratio ${ratio}`;
    }
    case 'ad_spend_spike': {
      const drr = sum(win.map((r) => r.adSpend)) / sum(win.map((r) => r.revenue));
      const lift = mean(win.map((r) => r.adSpend)) / mean(prior(14).map((r) => r.adSpend));
      return drr > 0.4 && lift >= 3 ? null : `ДРР ${drr}, spend lift ${lift}`;
    }
    case 'drr_high': {
      const drr = sum(win.map((r) => r.adSpend)) / sum(win.map((r) => r.revenue));
      return drr > 0.4 ? null : `ДРР ${drr}`;
    }
    case 'zero_sales': {
      if (!win.every((r) => r.units === 0 && (r.stock ?? 0) > 0)) return 'sold or out of stock in the window';
      const usual = mean(prior(14).map((r) => r.units));
      return usual >= 1 ? null : `not an established seller (${usual}/day)`;
    }
    case 'returns_spike': {
      const lift = mean(win.map((r) => r.returns)) / Math.max(0.1, mean(prior(28).map((r) => r.returns)));
      return lift >= 3 && sum(win.map((r) => r.returns)) >= 5 ? null : `returns lift ${lift}`;
    }
    case 'sales_spike': {
      const lift = mean(win.map((r) => r.units)) / mean(prior(14).map((r) => r.units));
      return lift >= 2.5 ? null : `sales lift ${lift}`;
    }
    case 'sales_drop': {
      const perDay = (rs: SkuDay[]) => sum(rs.map((r) => r.units)) / new Set(rs.map((r) => r.day)).size;
      const ratio = perDay(win) / perDay(prior(14));
      return ratio < 0.7 ? null : `sales ratio ${ratio}`;
    }
    case 'low_cover': {
      const bySku = new Map(subject.map((r) => [r.day, r]));
      for (const r of win) {
        const rate = mean([0, 1, 2, 3, 4, 5, 6].map((k) => bySku.get(addDays(r.day, -k))?.units ?? 0));
        if (!(rate > 0 && (r.stock ?? 0) / rate < 7)) return `cover ${(r.stock ?? 0) / rate} on ${r.day}`;
      }
      return null;
    }
    case 'etl_stale':
      return null;
    default: {
      const never: never = incident.kind;
      return `unknown kind ${String(never)}`;
    }
  }
}
