import type { Config, Locale } from '../config.js';
import { RuntimeError } from '../errors.js';
import { briefWindow, etlSourceFor, type EtlSource } from '../data/etl-source.js';
import type { Queryable } from '../data/store.js';
import { briefFromRows } from './build-brief.js';
import { addDays } from '../time/days.js';
import type { Narrator } from '../insights/narrator.js';
import type { Brief } from '../insights/types.js';
import type { Clock } from '../time/clock.js';

export interface BriefDeps {
  store: Queryable;
  config: Pick<Config, 'data' | 'thresholds'> & Partial<Pick<Config, 'supabase'>>;
  /** Where the ETL rows come from (default: SQL on `store`, or Supabase's API when configured). */
  etl?: EtlSource;
  /** The model narrative; without one the brief keeps its template narrative. */
  narrator?: Narrator | null;
  clock: Clock;
}

export interface BuildBriefOptions {
  /** Day to brief (YYYY-MM-DD); default: the latest day with data. */
  date?: string;
  locale: Locale;
  signal?: AbortSignal;
}

/** Thrown when there is nothing to brief (exit 1 in the CLI, a polite reply in chat). */
export class NoDataError extends RuntimeError {
  override name = 'NoDataError';
  constructor(readonly date: string | null) {
    super(date ? `brief: no data for ${date} in the ETL relation` : 'brief: the ETL relation has no data yet');
  }
}

/** Loads a day's rows, builds the brief and asks the narrator for the narrative. */
export async function buildBrief(deps: BriefDeps, options: BuildBriefOptions): Promise<Brief> {
  const reader = deps.etl ?? etlSourceFor(deps.store, deps.config);
  const range = await reader.dayRange();
  const date = options.date ?? range.last;
  if (!date || !range.last) throw new NoDataError(options.date ?? null);
  const [{ rows, firstSaleDay }, etlFinishedAt, series] = await Promise.all([
    briefWindow(reader, date),
    reader.lastEtlFinishedAt(),
    reader.dailyTotals(addDays(date, -27), date),
  ]);
  if (!rows.some((r) => r.day === date)) throw new NoDataError(date);

  const brief = briefFromRows({
    date,
    rows,
    firstSaleDay,
    dataStartDay: range.first,
    lastDay: range.last,
    etlFinishedAt,
    series,
    currency: deps.config.data.currency,
    locale: options.locale,
    thresholds: deps.config.thresholds.tags,
    now: new Date(deps.clock.now()),
  });
  if (deps.narrator) {
    const told = await deps.narrator.narrate(brief, options.locale, options.signal);
    if (told) {
      brief.narrative = told.narrative;
      brief.narrativeSource = told.source;
    }
  }
  return brief;
}
