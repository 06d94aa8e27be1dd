// Anomaly likelihood in the manner of Numenta's: how unusual is the recent average of raw scores
// compared with this series' own history of such averages. It turns a raw score that means
// different things on different series (a bursty series produces high raw scores all the time)
// into a probability-like figure comparable across series, so one threshold fits all.

/** log10 of the standard normal upper tail Q(z), accurate far into the tail (no underflow). */
export function log10NormalTail(z: number): number {
  if (z < 5) return Math.log10(0.5 * erfc(z / Math.SQRT2));
  // Asymptotic series of Mills' ratio; relative error below 1e-4 for z ≥ 5.
  const z2 = z * z;
  const series = 1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2);
  return (-z2 / 2 - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log(series)) / Math.LN10;
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export class AnomalyLikelihood {
  private readonly recent: Float64Array;
  private readonly averages: Float64Array;
  private n = 0;
  private recentSum = 0;
  private sum = 0;
  private sumSq = 0;

  /**
   * @param shortWindow  raw scores averaged into one figure (Numenta: 10): a lone blip counts
   *                     little, a run of surprises a lot.
   * @param history      averages whose mean and spread define "usual" (Numenta: 8640, a month of
   *                     5-minute data).
   * @param minStd       floor on the spread so a perfectly quiet history does not make every
   *                     small wobble infinitely unlikely.
   */
  constructor(
    private readonly shortWindow: number,
    private readonly history: number,
    private readonly minStd: number,
  ) {
    this.recent = new Float64Array(shortWindow);
    this.averages = new Float64Array(history);
  }

  /** Adds a raw score; returns −log10 of the tail probability of the recent average (≥ 0). */
  update(raw: number): number {
    const i = this.n++;
    if (i >= this.shortWindow) this.recentSum -= this.recent[i % this.shortWindow]!;
    this.recent[i % this.shortWindow] = raw;
    this.recentSum += raw;
    const avg = this.recentSum / Math.min(this.n, this.shortWindow);

    let surprise = 0;
    const k = Math.min(i, this.history);
    if (k >= 2) {
      const mean = this.sum / k;
      const variance = Math.max(0, this.sumSq / k - mean * mean);
      const std = Math.max(Math.sqrt(variance), this.minStd);
      const z = (avg - mean) / std;
      surprise = z > 0 ? -log10NormalTail(z) : 0;
    }
    if (i >= this.history) {
      const old = this.averages[i % this.history]!;
      this.sum -= old;
      this.sumSq -= old * old;
    }
    this.averages[i % this.history] = avg;
    this.sum += avg;
    this.sumSq += avg * avg;
    return surprise;
  }
}
