/**
 * What a bench suite is: its cases, the route it measures, and a scorer. A suite is one file in
 * `src/lab/suites/` (its code) plus, usually, data in `bench/suites/` (its cases); registering it
 * in `src/lab/suites/index.ts` makes `herald bench` run it. See the README's "Model lab" section.
 */
import type { Config, RouteName } from '../config.js';
import type { Store } from '../data/store.js';
import type { ChatRequest } from '../router/types.js';
import type { RunResult } from './run-stats.js';

export interface SuiteCase {
  /** Stable id: recordings and history are keyed on it. */
  id: string;
}

/** How one case went on one model. */
export interface CaseScore {
  /** Quality of this answer in [0, 1]; a failed call scores 0. */
  score: number;
  /** The answer passed the suite's schema; null for suites whose answers have no schema. */
  schemaValid: boolean | null;
  /** Expected and predicted label, for suites that report macro-F1 (classify). */
  label?: { expected: string; predicted: string | null };
  /** Extra per-case figures averaged into the run's `metrics` (e.g. `mrr`). */
  metrics?: Record<string, number>;
}

/** A model's answer as a suite sees it: failure is data. */
export type LabAnswer<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'invalid' | 'error'; error: string };

/**
 * One model, as the suite calls it. The lab fixes the model (exactly one, no cascade), bypasses
 * the response cache, prices every attempt, records or replays, and slows down on 429s.
 */
export interface ModelClient {
  readonly model: string;
  chat<T = string>(request: Omit<ChatRequest<T>, 'route' | 'models' | 'cache'>): Promise<LabAnswer<T>>;
  embed(input: string[]): Promise<LabAnswer<number[][]>>;
}

/** A candidate that is no model: a classical detector, a Postgres search baseline. Costs nothing. */
export interface LocalCandidate<C extends SuiteCase> {
  name: string;
  /** The cases this candidate answers (default all): NAB's detectors do not scan a shop, and the shop's do not read NAB. */
  handles?(c: C): boolean;
  /** Set-up once per run (e.g. indexing the corpus). */
  prepare?(): Promise<void>;
  run(c: C): Promise<CaseScore>;
}

export interface SuiteContext {
  /** Where the shared data sets live (NAB, replay…). */
  sharedDataDir: string;
  /** Repository root (bench/suites/ lives under it). */
  rootDir: string;
  store: Store | null;
  /** The configuration (the ETL relation and currency for suites that read the shop's data). */
  config?: Config;
}

export type Loaded<C> = { cases: C[] } | { absent: string };

export interface Suite<C extends SuiteCase = SuiteCase, S = unknown> {
  name: string;
  /** The route the suite measures (its models run by default; its block is recommended); null when no model answers. */
  route: RouteName | null;
  /** One line for the report. */
  description: string;
  /** True when answers have a schema (schemaValidRate is null otherwise). */
  hasSchema: boolean;
  /** Which chat operation the models do: `chat` or `embed`; a suite of local candidates only says `none`. */
  operation: 'chat' | 'embed' | 'none';
  /** The cases, or why the suite's data is absent (then it is skipped with a warning). */
  load(ctx: SuiteContext): Promise<Loaded<C>>;
  /** Per-model set-up through the client (e.g. embedding the corpus); its cost counts in the run. */
  prepare?(client: ModelClient, cases: readonly C[]): Promise<S>;
  /** Asks the model and scores the answer. */
  run(c: C, client: ModelClient, state: S): Promise<CaseScore>;
  /**
   * Candidates that are not models, scored in the same table (baselines, detectors). Async, so a
   * suite can first ask the database what it offers (e.g. pg_trgm).
   */
  localCandidates?(ctx: SuiteContext, cases: readonly C[]): LocalCandidate<C>[] | Promise<LocalCandidate<C>[]>;
  /**
   * Suites over recorded answers of their own models (`gsm8k-replay`, `mtbench-replay`): they need
   * no config, key or network, `--models` filters among `ownModels`, and the bench calls `runOwn`
   * instead of the per-case loop (latency is modelled, some models have no grade, and the suite
   * adds routing curves).
   */
  ownModels?: readonly string[];
  runOwn?(ctx: SuiteContext, cases: readonly C[], models: readonly string[], config: Config): Promise<OwnModelsRun>;
}

/** What a suite with its own models reports: its runs and, for suites that compare routing policies, curves and at95 (SPEC §5). */
export interface OwnModelsRun {
  runs: RunResult[];
  curves?: Array<{ policy: string; strongShare: number; quality: number; costUsd: number }>;
  at95?: Record<string, { costShare: number | null }>;
  /** The report's section for this suite (Markdown). */
  report: string;
}

/** Type-erased suite for the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySuite = Suite<any, any>;
