import type { AlertRecord } from '../insights/alert-record.js';

/**
 * Alerts as messages: the members of one group together (in the given order), every ungrouped
 * alert alone. The first alert of a group leads it (its id is on the buttons).
 */
export function groupAlerts(alerts: readonly AlertRecord[]): AlertRecord[][] {
  const out: AlertRecord[][] = [];
  const byGroup = new Map<string, AlertRecord[]>();
  for (const a of alerts) {
    if (a.groupId === null) {
      out.push([a]);
      continue;
    }
    let g = byGroup.get(a.groupId);
    if (!g) {
      byGroup.set(a.groupId, (g = []));
      out.push(g);
    }
    g.push(a);
  }
  return out;
}
