// Candidate seasonal periods from the sampling step. The detector then keeps a candidate only while
// its seasonal forecast beats a flat one (see detector.ts), which is how a period is "detected":
// by forecasting skill on the past rather than by a fragile autocorrelation peak search.

const DAY_MS = 86_400_000;

/** Median of the first gaps between timestamps, in milliseconds (0 when unknown). */
export function medianStep(timesMs: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < timesMs.length; i++) {
    const g = timesMs[i]! - timesMs[i - 1]!;
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

/**
 * Seasonal lags worth trying for a series sampled every `stepMs`:
 * - daily data (step of about a day): weekly, 7 — marketplace sales follow the week;
 * - finer regular data: one day and one week in steps, when a day is a whole number of steps;
 * - anything coarser, irregular or unknown: none.
 * Lags longer than `maxLag` are dropped (the detector needs a few seasons of history per lag).
 */
export function candidatePeriods(stepMs: number, maxLag: number): number[] {
  if (!(stepMs > 0)) return [];
  if (Math.abs(stepMs - DAY_MS) <= DAY_MS * 0.1) return [7];
  if (stepMs > DAY_MS) return [];
  const perDay = DAY_MS / stepMs;
  if (Math.abs(perDay - Math.round(perDay)) > 0.01 || Math.round(perDay) < 2) return [];
  return [Math.round(perDay), Math.round(perDay) * 7].filter((lag) => lag <= maxLag);
}
