/**
 * Runs suites against models: loads each suite's cases, picks its models (`--models`, or the
 * route's), and works through case × repeat × model in one lane per provider, each lane with
 * `concurrency` workers behind an adaptive limiter (429s shrink it). Results stream into
 * `RunStats` typed arrays; answers are never kept.
 */
import type { Config, Locale, RouteName } from '../config.js';
import { labText } from '../locales/lab.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import { resolveModel, type ResolvedModel } from '../router/catalog.js';
import type { Provider } from '../router/provider.js';
import { createRouter } from '../router/router.js';
import { createAdaptiveLimiter, type AdaptiveLimiter } from './limiter.js';
import { createModelClient, emptyAccount, type ModelClientDeps } from './model-client.js';
import { createBenchProgress } from './progress.js';
import type { RecordingStore } from './recordings.js';
import { RunStats } from './run-stats.js';
import type { AnySuite, LocalCandidate, OwnModelsRun, SuiteCase, SuiteContext } from './suite.js';
import { clockOf } from '../time/clock.js';

export interface BenchOptions {
  config: Config;
  suites: readonly AnySuite[];
  /** `--models`: run these instead of each suite's route models (filtered by what the suite calls: chat or embeddings). */
  models?: readonly string[];
  /** Times each case runs on each model (default 1); intervals come from all of them. */
  repeats?: number;
  /** Requests in flight per provider at most (default 4); 429s lower it for a while. */
  concurrency?: number;
  /** Answer from the recordings where they exist (`--replay`). */
  replay?: boolean;
  context: SuiteContext;
  recordings: RecordingStore;
  /** Provider instances by name (in-process, replay), passed to the router's provider seam. */
  providers?: Readonly<Record<string, Provider>>;
  fetch?: typeof fetch;
  /** How waits happen (router retries, 429 pauses); tests inject one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Monotonic ms clock (default performance.now). */
  clock?: () => number;
  /** Where the progress line goes (stderr), or null. */
  progress?: NodeJS.WritableStream | null;
  /** One-line warnings (skipped suites, missing recordings). */
  warn?: (line: string) => void;
  logger?: Logger;
  /** Language of the progress line and warnings (default ru). */
  locale?: Locale;
}

export interface BenchOutcome {
  runs: RunStats[];
  /** Runs, curves and report sections of suites that run their own recorded models (`runOwn`). */
  own: Array<{ suite: string } & OwnModelsRun>;
  /** Suites skipped, with why. */
  skipped: Array<{ suite: string; reason: string }>;
  /** The route of each suite that ran (null for suites without a model). */
  routes: Record<string, RouteName | null>;
}

interface Work {
  stats: RunStats;
  caseIndex: number;
  repeat: number;
}

interface Lane {
  name: string;
  limiter: AdaptiveLimiter;
  items: Work[][];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  const repeats = options.repeats ?? 1;
  const concurrency = options.concurrency ?? 4;
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;
  const warn = options.warn ?? (() => {});
  const t = labText(options.locale ?? 'ru');
  const config = benchConfig(options.config);
  const router = createRouter({
    config,
    store: null,
    clock: clockOf({ sleep }),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
  });

  const skipped: BenchOutcome['skipped'] = [];
  const routes: BenchOutcome['routes'] = {};
  const runs: RunStats[] = [];
  const own: BenchOutcome['own'] = [];
  // Names in --models that some suite records itself are not config models for the other suites.
  const recorded = new Set(options.suites.flatMap((s) => s.ownModels ?? []));
  const lanes = new Map<string, Lane>();
  const lane = (name: string) => {
    let l = lanes.get(name);
    if (!l) lanes.set(name, (l = { name, limiter: createAdaptiveLimiter(name === 'local' ? 1 : concurrency, sleep), items: [] }));
    return l;
  };
  type Job = { stats: RunStats; suite: AnySuite; cases: SuiteCase[]; exec: (c: SuiteCase, index: number, repeat: number) => Promise<void> };
  const jobs = new Map<RunStats, Job>();

  for (const suite of options.suites) {
    const loaded = await suite.load(options.context);
    if ('absent' in loaded) {
      skipped.push({ suite: suite.name, reason: loaded.absent });
      warn(t.skipped(suite.name, loaded.absent));
      continue;
    }
    const cases = loaded.cases as SuiteCase[];
    if (suite.runOwn) {
      const mine = (suite.ownModels ?? []).filter((m) => !options.models || options.models.includes(m));
      if (mine.length === 0) {
        const reason = t.skipReason.notRecorded(suite.ownModels ?? []);
        skipped.push({ suite: suite.name, reason });
        warn(t.skipped(suite.name, reason));
        continue;
      }
      routes[suite.name] = suite.route;
      own.push({ suite: suite.name, ...(await suite.runOwn(options.context, cases, mine, options.config)) });
      continue;
    }
    const others = options.models?.filter((m) => !recorded.has(m));
    if (options.models && others!.length === 0 && suite.operation !== 'none') {
      const reason = t.skipReason.onlyRecorded;
      skipped.push({ suite: suite.name, reason });
      warn(t.skipped(suite.name, reason));
      continue;
    }
    const models = suite.operation === 'none' ? [] : pickModels(suite, config, others);
    const locals: LocalCandidate<SuiteCase>[] = (await suite.localCandidates?.(options.context, cases)) ?? [];
    if (models.length === 0 && locals.length === 0) {
      const reason = t.skipReason.noModels(String(suite.route));
      skipped.push({ suite: suite.name, reason });
      warn(t.skipped(suite.name, reason));
      continue;
    }
    routes[suite.name] = suite.route;
    for (const model of models) {
      const stats = new RunStats(suite.name, model.key, 'model', cases.length, repeats, false);
      const deps: ModelClientDeps = {
        router, route: suite.route!, model, suite: suite.name, recordings: options.recordings, replay: options.replay ?? false,
        limiter: lane(model.provider).limiter, clock, rateLimitPause: (n) => Math.min(30_000, 1_000 * 2 ** n), maxRateLimitRounds: 12,
      };
      let state: Promise<unknown> | undefined;
      const prepared = () =>
        (state ??= (async () => {
          if (!suite.prepare) return undefined;
          const account = emptyAccount();
          const s = await suite.prepare(createModelClient(deps, '__prepare__', 0, account), cases);
          stats.addSetup(account);
          return s;
        })());
      const job: Job = {
        stats, suite, cases,
        exec: async (c, index, repeat) => {
          const s = await prepared();
          const account = emptyAccount();
          const score = await suite.run(c, createModelClient(deps, c.id, repeat, account), s);
          stats.add(index, score, account);
        },
      };
      jobs.set(stats, job);
      runs.push(stats);
      lane(model.provider).items.push(workOf(stats, cases.length, repeats));
    }
    for (const local of locals) {
      const mine = local.handles ? cases.filter((c) => local.handles!(c)) : cases;
      if (mine.length === 0) continue;
      const stats = new RunStats(suite.name, local.name, 'local', mine.length, repeats, true);
      let prepared: Promise<void> | undefined;
      const job: Job = {
        stats, suite, cases: mine,
        exec: async (c, index) => {
          await (prepared ??= local.prepare?.() ?? Promise.resolve());
          const started = clock();
          const score = await local.run(c);
          const account = emptyAccount();
          account.latencyMs = clock() - started;
          stats.add(index, score, account);
        },
      };
      jobs.set(stats, job);
      runs.push(stats);
      lane('local').items.push(workOf(stats, mine.length, repeats));
    }
  }

  const total = runs.reduce((s, r) => s + r.caseCount * r.repeats, 0);
  const progress = createBenchProgress(options.progress ?? null, total, clock, options.locale ?? 'ru');
  try {
    await Promise.all(
      [...lanes.values()].map((l) => {
        const queue = interleave(l.items);
        const worker = async () => {
          for (let next = queue.next(); !next.done; next = queue.next()) {
            const { stats, caseIndex, repeat } = next.value;
            const job = jobs.get(stats)!;
            const index = caseIndex * stats.repeats + repeat;
            await job.exec(job.cases[caseIndex]!, index, repeat);
            progress.caseDone(stats.errored[index] === 1, stats.costs[index]!);
          }
        };
        const workers = l.name === 'local' ? 1 : concurrency;
        return Promise.all(Array.from({ length: workers }, worker));
      }),
    );
  } finally {
    progress.finish();
    await options.recordings.flush();
    await router.close();
  }
  return { runs, own, skipped, routes };
}

/** The lazily generated work of one run: case-major, so every model sees case 1 before case 2. */
function workOf(stats: RunStats, cases: number, repeats: number): Work[] {
  // A small array of descriptors (three numbers each); answers are not kept.
  const out: Work[] = new Array(cases * repeats);
  for (let c = 0, i = 0; c < cases; c++) for (let r = 0; r < repeats; r++) out[i++] = { stats, caseIndex: c, repeat: r };
  return out;
}

/** Round-robin over the runs of a lane, so models progress together and a slow one does not starve the rest. */
function* interleave(lists: Work[][]): Generator<Work> {
  const pos = lists.map(() => 0);
  let left = lists.reduce((s, l) => s + l.length, 0);
  while (left > 0) {
    for (let i = 0; i < lists.length; i++) {
      if (pos[i]! < lists[i]!.length) {
        yield lists[i]![pos[i]!++]!;
        left -= 1;
      }
    }
  }
}

/** The models a suite runs: `--models` (those able to do the suite's operation) or its route's. */
function pickModels(suite: AnySuite, config: Config, named: readonly string[] | undefined): ResolvedModel[] {
  const keys = named ?? (suite.route ? (config.routes[suite.route]?.models ?? []) : []);
  const out: ResolvedModel[] = [];
  for (const key of keys) {
    const m = resolveModel(key, config);
    if (!m) throw new UsageError(`bench: --models: unknown model "${key}" (declare it under "models" in the config or use a catalog model)`);
    const embeds = m.capabilities.embeddings;
    if (named && (suite.operation === 'embed') !== embeds) continue;
    out.push(m);
  }
  return out;
}

/**
 * The config the bench's router runs on: the same models and providers, but no daily budget (the
 * bench is not the bot's traffic, and a spent budget must not zero a model's quality), and no
 * canary or shadow (each call names its one model).
 */
function benchConfig(config: Config): Config {
  const routes: Config['routes'] = {};
  for (const [name, r] of Object.entries(config.routes)) {
    if (!r) continue;
    const { canary: _c, shadow: _s, budgetUsd: _b, ...rest } = r;
    routes[name as RouteName] = rest;
  }
  return { ...config, routes, budget: {}, cache: { ...config.cache, enabled: false } };
}
