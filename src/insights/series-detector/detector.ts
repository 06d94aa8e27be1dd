// The generic online anomaly detector: one set of constants for every series.
//
// Per point: forecast the value from the past (a flat level, or the median of the same phase in
// the last seasons once that seasonal forecast has proven better); turn the forecast error,
// alone and averaged over a few points, into a robust z-score; map it to a raw score; pass the
// raw scores through an anomaly likelihood (how unusual is the recent run of raw scores for
// *this* series); lift new extremes of the series' range; and damp the scores for a while after
// an alarm so one incident alarms once.

import { AnomalyLikelihood } from './likelihood.js';
import { candidatePeriods, medianStep } from './period.js';
import { RobustScale } from './robust-scale.js';

/** Score at or above which a point is reported as an anomaly: a tail probability of 1e-5 (see surpriseHalf). */
export const DEFAULT_THRESHOLD = 0.5;

export interface DetectorOptions {
  /**
   * Seasonal period in points; `null` for none. Default undefined: chosen among candidatePeriods()
   * — weekly (7) for daily data, a day or a week for finer data — whenever its forecast beats a
   * flat one (see seasonalAdvantage).
   */
  readonly period?: number | null;
  /** Points scored 0 while statistics settle. Default 30: a month of daily data. */
  readonly warmup?: number;
  /**
   * Span (points) of the flat forecast's level. Default 100: long enough that noise and a spike
   * barely move it, so a level shift stays visible for a while.
   */
  readonly levelSpan?: number;
  /** Span (points) of the error scales. Default 500: the noise level of a series changes slowly. */
  readonly scaleSpan?: number;
  /** Error-scale updates are clipped at this multiple of the scale. Default 4: spikes don't inflate it. */
  readonly scaleClip?: number;
  /**
   * Horizons (points) over which errors are averaged before scaling. Default [1, 8]: 1 for spikes,
   * 8 for shifts too small to stand out point by point but clear on average.
   */
  readonly horizons?: readonly number[];
  /** Past seasons whose median is the seasonal forecast. Default 3: one odd season cannot echo. */
  readonly seasons?: number;
  /**
   * A seasonal forecast is used only while its typical error is below this share of the flat
   * forecast's. Default 0.8: seasonal differencing adds noise, so it must clearly pay.
   */
  readonly seasonalAdvantage?: number;
  /** z at which the raw score is 0.5 (raw = z²/(z²+zHalf²)). Default 15: keeps raw scores graded up to large z. */
  readonly zHalf?: number;
  /** Raw scores averaged by the likelihood. Default 10 (Numenta's): runs of surprise weigh more than a blip. */
  readonly likelihoodWindow?: number;
  /** Averages that define "usual" for the likelihood. Default 8640 (Numenta's: a month of 5-minute data). */
  readonly likelihoodHistory?: number;
  /** Floor on the likelihood's spread. Default 0.03: a dead-quiet history does not make every wobble alarming. */
  readonly likelihoodMinStd?: number;
  /**
   * Floor on the spread of the single-point likelihood, which runs beside the averaged one so a
   * lone outlier alarms on its own row instead of days later when the average catches up (on
   * daily data a 10-point average is 10 days). Default 0.15: only clearly extreme single points
   * count; lower floors add false alarms on bursty series (NAB standard 65.8 at 0.15, 69.2 without).
   */
  readonly pointLikelihoodMinStd?: number;
  /** −log10 tail probability at which the score is 0.5. Default 5 (1 in 100 000). */
  readonly surpriseHalf?: number;
  /**
   * A value beyond the range seen so far by this share of the range scores at least `rangeScore`.
   * Default 0.05 (Numenta's "spatial anomaly"): a new extreme is news even when the forecast error
   * is modest relative to a noisy past. 0 turns it off.
   */
  readonly rangeTolerance?: number;
  /** Score of a new extreme. Default 1. */
  readonly rangeScore?: number;
  /**
   * Points after an alarm during which scores are damped, at most `holdOffSeasons` seasons of the
   * candidate period. Default 150 points / 2 seasons: one incident alarms once (NAB counts only
   * the first detection in a window and charges every false one); for daily data this is two weeks.
   */
  readonly holdOff?: number;
  readonly holdOffSeasons?: number;
  /** Factor applied to scores during hold-off. Default 0.5: below the default threshold, still ranked. */
  readonly holdOffFactor?: number;
  /** Score at or above which a point is an anomaly (and starts a hold-off). Default DEFAULT_THRESHOLD. */
  readonly threshold?: number;
}

type Resolved = Required<Omit<DetectorOptions, 'period'>> & { readonly period: number | null | undefined };

export const DEFAULTS: Resolved = {
  period: undefined,
  warmup: 30,
  levelSpan: 100,
  scaleSpan: 500,
  scaleClip: 4,
  horizons: [1, 8],
  seasons: 3,
  seasonalAdvantage: 0.8,
  zHalf: 15,
  likelihoodWindow: 10,
  likelihoodHistory: 8640,
  likelihoodMinStd: 0.03,
  pointLikelihoodMinStd: 0.15,
  surpriseHalf: 5,
  rangeTolerance: 0.05,
  rangeScore: 1,
  holdOff: 150,
  holdOffSeasons: 2,
  holdOffFactor: 0.5,
  threshold: DEFAULT_THRESHOLD,
};

/** History kept for seasonal forecasts: bounds memory on endless streams. */
const MAX_HISTORY = 8192;
/** Timestamps used to learn the sampling step before seasonal candidates are chosen. */
const STEP_SAMPLE = 20;

export interface Detector {
  /** Scores the next point from the past and itself, in [0, 1]. */
  update(timestamp: Date, value: number): number;
  /** The seasonal lag used for the last point, or null for the flat forecast. */
  readonly activePeriod: number | null;
}

/** Error streams of one forecaster: running means over each horizon and their robust scales. */
class ErrorModel {
  private readonly recent: number[] = [];
  private readonly sums: number[];
  private readonly scales: RobustScale[];
  /** Typical absolute error: the forecaster's skill. */
  readonly skill: RobustScale;

  constructor(
    private readonly horizons: readonly number[],
    span: number,
    clip: number,
  ) {
    this.sums = horizons.map(() => 0);
    this.scales = horizons.map(() => new RobustScale(span, clip));
    this.skill = new RobustScale(span, clip);
  }

  /** Adds an error; returns the largest robust z over the horizons (0 while unsettled). */
  push(error: number, minCount: number): number {
    this.recent.push(error);
    const maxH = this.horizons[this.horizons.length - 1]!;
    let z = 0;
    for (let j = 0; j < this.horizons.length; j++) {
      const h = this.horizons[j]!;
      this.sums[j]! += error;
      if (this.recent.length > h) this.sums[j]! -= this.recent[this.recent.length - 1 - h]!;
      if (this.recent.length < h) continue;
      const mean = this.sums[j]! / h;
      const scale = this.scales[j]!;
      if (scale.count >= minCount) {
        if (scale.scale > 0) z = Math.max(z, Math.abs(mean) / scale.scale);
        else if (Math.abs(mean) > 1e-12) z = Math.max(z, 1e3); // any change after a flat line
      }
      scale.update(mean);
    }
    if (this.recent.length > 4 * maxH + 64) this.recent.splice(0, this.recent.length - maxH);
    this.skill.update(error);
    return z;
  }
}

export function createDetector(options: DetectorOptions = {}): Detector {
  const o: Resolved = { ...DEFAULTS, ...options };
  const horizons = [...o.horizons].sort((a, b) => a - b);
  const newModel = (): ErrorModel => new ErrorModel(horizons, o.scaleSpan, o.scaleClip);
  const flat = newModel();
  const likelihood = new AnomalyLikelihood(o.likelihoodWindow, o.likelihoodHistory, o.likelihoodMinStd);
  const pointLikelihood = new AnomalyLikelihood(1, o.likelihoodHistory, o.pointLikelihoodMinStd);
  const minCount = Math.min(o.warmup, 10);
  const history: number[] = [];
  const times: number[] = [];

  // Seasonal forecasters: decided once the sampling step is known, unless the period is given.
  let seasonal: { lag: number; model: ErrorModel }[] | null =
    o.period === undefined ? null : o.period === null ? [] : [{ lag: o.period, model: newModel() }];
  let holdOff = seasonal ? holdOffFor(seasonal.map((s) => s.lag)) : o.holdOff;

  let n = 0;
  let level = 0;
  let minSeen = 0;
  let maxSeen = 0;
  let lastAlarm = -Infinity;
  let active: number | null = null;

  function holdOffFor(lags: number[]): number {
    const shortest = Math.min(...lags);
    return Number.isFinite(shortest) ? Math.min(o.holdOff, o.holdOffSeasons * shortest) : o.holdOff;
  }

  function seasonalForecast(lag: number): number | null {
    if (history.length < lag * o.seasons) return null;
    const past: number[] = [];
    for (let s = 1; s <= o.seasons; s++) past.push(history[history.length - s * lag]!);
    past.sort((a, b) => a - b);
    const mid = past.length >> 1;
    return past.length % 2 ? past[mid]! : (past[mid - 1]! + past[mid]!) / 2;
  }

  return {
    get activePeriod() {
      return active;
    },
    update(timestamp: Date, value: number): number {
      n++;
      if (seasonal === null) {
        times.push(timestamp.getTime());
        if (times.length === STEP_SAMPLE) {
          const lags = candidatePeriods(medianStep(times), Math.floor(MAX_HISTORY / o.seasons));
          seasonal = lags.map((lag) => ({ lag, model: newModel() }));
          holdOff = holdOffFor(lags);
        }
      }

      // Flat forecast: the level of the recent past.
      let z = n === 1 ? 0 : flat.push(value - level, minCount);
      level = n === 1 ? value : level + (2 / (o.levelSpan + 1)) * (value - level);

      // A seasonal forecast takes over only while clearly more skilful.
      active = null;
      let bestSkill = flat.skill.scale * o.seasonalAdvantage;
      for (const s of seasonal ?? []) {
        const forecast = seasonalForecast(s.lag);
        if (forecast === null) continue;
        const sz = s.model.push(value - forecast, minCount);
        if (s.model.skill.count >= Math.max(s.lag, minCount) && s.model.skill.scale < bestSkill) {
          bestSkill = s.model.skill.scale;
          z = sz;
          active = s.lag;
        }
      }
      history.push(value);
      if (history.length > 2 * MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);

      const raw = (z * z) / (z * z + o.zHalf * o.zHalf);
      const surprise = Math.max(likelihood.update(raw), pointLikelihood.update(raw));
      let score = surprise / (surprise + o.surpriseHalf);

      // A new extreme; after a perfectly flat past, any other value is one.
      if (o.rangeTolerance > 0 && n > 1) {
        const margin = o.rangeTolerance * (maxSeen - minSeen);
        if (value > maxSeen + margin || value < minSeen - margin) score = Math.max(score, o.rangeScore);
      }
      if (n === 1 || value > maxSeen) maxSeen = value;
      if (n === 1 || value < minSeen) minSeen = value;

      if (n <= o.warmup) return 0;
      if (n - lastAlarm <= holdOff) return score * o.holdOffFactor;
      if (score >= o.threshold) lastAlarm = n;
      return score;
    },
  };
}

/** Scores a whole series in order, exactly as feeding it point by point would. */
export function scoreSeries(
  points: ReadonlyArray<{ readonly time: Date; readonly value: number }>,
  options?: DetectorOptions,
): number[] {
  const d = createDetector(options);
  return points.map((p) => d.update(p.time, p.value));
}
