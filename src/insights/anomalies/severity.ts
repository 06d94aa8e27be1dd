import type { DetectorThresholds } from '../../config.js';
import type { Severity } from './candidate.js';

/** Severity by money at risk per day (the impact a seller feels), against the configured floors. */
export function severityFor(atRisk: number, t: Pick<DetectorThresholds, 'criticalAtRisk' | 'warningAtRisk'>): Severity {
  if (atRisk >= t.criticalAtRisk) return 'critical';
  if (atRisk >= t.warningAtRisk) return 'warning';
  return 'info';
}

/** The more severe of two. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  const rank = { info: 0, warning: 1, critical: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}
