/**
 * `createHerald(config, overrides?)`: the one place that builds Herald's object graph, once — the
 * store, the repositories over it, the model router with its providers (and the budget notices it
 * raises), the brief narrator and alert explainer on top of it, and the feature services: brief,
 * scan, broadcast, chat commands, scheduler jobs. CLI commands, `herald start`, the transports'
 * test harness and the benchmarks receive this graph instead of wiring their own.
 *
 * `overrides` is how a test or a benchmark swaps a part: its own store, clock, logger, model
 * providers (an in-process provider, the lab's replay provider) or outbox senders.
 */
import type { Config, Locale } from '../config.js';
import { budgetAlerter } from '../alerts/budget-notice.js';
import { createRouterExplainer, type Explainer } from '../alerts/explainer.js';
import type { ScanOptions, ScanResult } from '../alerts/run-scan.js';
import type { AskService } from '../ask/ask-service.js';
import { buildBrief, type BuildBriefOptions } from '../brief/brief-service.js';
import type { ChatCore } from '../chat/chat-commands.js';
import { etlSourceFor, type EtlSource } from '../data/etl-source.js';
import { openStore } from '../data/open-store.js';
import type { Store } from '../data/store.js';
import type { Sender } from '../delivery/sender.js';
import { createSubscriptionRepository, type SubscriptionRepository } from '../delivery/subscriptions.js';
import type { Narrator } from '../insights/narrator.js';
import type { Brief } from '../insights/types.js';
import { createLogger, type Logger } from '../log.js';
import type { Metrics } from '../monitor/metrics.js';
import type { Provider, ProviderFactory } from '../router/provider.js';
import type { Router } from '../router/router.js';
import type { BroadcastDeps, BroadcastResult } from '../scheduler/broadcast.js';
import type { SchedulerJobs } from '../scheduler/scheduler.js';
import { dateReader, systemClock, type Clock } from '../time/clock.js';

export interface HeraldOverrides {
  /** An open store (the caller keeps ownership: `close()` leaves it open). Default: the configured one, opened and migrated here. */
  store?: Store;
  logger?: Logger;
  /** Herald's time for every part: briefs, scans, the router's deadlines and budget days, the outbox. */
  clock?: Clock;
  /** Model providers by the config's provider name, used instead of building them (tests, the lab's replay). */
  providers?: Readonly<Record<string, Provider>>;
  /** Provider factories by kind, beside the built-in OpenAI-compatible one. */
  providerKinds?: Readonly<Record<string, ProviderFactory>>;
  /** fetch for the OpenAI SDK (default the global fetch). */
  fetch?: typeof fetch;
  /** Randomness for canary/shadow shares and jitter (default Math.random). */
  random?: () => number;
  /** Outbox senders (default: one per configured chat platform). */
  senders?: readonly Sender[];
  /** Prometheus metrics (default true; one-shot CLI commands skip prom-client's load). */
  metrics?: boolean;
  /** Process metrics in the registry (default true; tests turn them off). */
  processMetrics?: boolean;
}

/** One repository per aggregate, built once over the store. */
export interface Repositories {
  /** The shop's ETL rows: SQL on the store, or Supabase's API when configured. */
  etl: EtlSource;
  /** Chat subscriptions, with the config's brief time and zone as defaults. */
  subscriptions: SubscriptionRepository;
}

/** A brief to build: the day (default the latest with data) and the language (default the config's). */
export type BriefRequest = Omit<BuildBriefOptions, 'locale'> & { locale?: Locale };

export interface Herald {
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The clock's reading as a Date. */
  now(): Date;
  readonly repositories: Repositories;
  /** The model router; null when no route lists a model. */
  readonly router: Router | null;
  /** The brief's model narrative (route `brief`); null keeps the template. */
  readonly narrator: Narrator | null;
  /** New alerts' one-sentence explanation (route `alert`); null keeps the template. */
  readonly explainer: Explainer | null;
  /** Counters and gauges; the router reports every attempt to them (null when turned off). */
  readonly metrics: Metrics | null;
  /** A day's brief (default the latest day with data), with the narrator when there is one. */
  brief(options?: BriefRequest): Promise<Brief>;
  /** The anomaly scan of a day (default the latest), opening, updating and resolving alerts. */
  scan(options?: Omit<ScanOptions, 'now'>): Promise<ScanResult>;
  /** The outbox senders (overridden, or one per configured chat platform, counted by the metrics). */
  senders(): readonly Sender[];
  /** Plans a day's brief for every subscribed chat and drains the outbox (`herald send brief`). */
  sendBrief(date: string, options?: { senders?: readonly Sender[] }): Promise<BroadcastResult>;
  /** Announces due alerts (`herald send alerts`). */
  sendAlerts(options?: { date?: string; senders?: readonly Sender[] }): Promise<BroadcastResult>;
  /** The chat core every transport shares, built (and its modules loaded) on first use. */
  chatCore(): Promise<ChatCore>;
  /** Ask Herald's service, built on first use. */
  ask(): Promise<AskService>;
  /** The scheduler's jobs over this graph. */
  schedulerJobs(options: { senders: readonly Sender[]; signal?: AbortSignal }): Promise<SchedulerJobs>;
  /**
   * Waits for background work (shadow calls, budget notices), flushes the call log, closes Ask's
   * pool and — when it opened it — the store. Once: later calls return the same promise.
   */
  close(): Promise<void>;
}

export async function createHerald(config: Config, overrides: HeraldOverrides = {}): Promise<Herald> {
  const clock = overrides.clock ?? systemClock;
  const now = dateReader(clock);
  const logger = overrides.logger ?? createLogger(process.env.HERALD_LOG_LEVEL ?? 'warn');
  const ownsStore = overrides.store === undefined;
  const store = overrides.store ?? (await openStore({ url: config.database.url, dataDir: config.database.dataDir, command: 'herald' }));

  const repositories: Repositories = {
    etl: etlSourceFor(store, config),
    subscriptions: createSubscriptionRepository(store, { briefAt: config.schedule.briefAt, timeZone: config.timeZone }),
  };
  // Registered before anything runs, so /metrics lists every metric from the first scrape.
  // Loaded only when wanted: a one-shot command does not pay for prom-client.
  const metrics =
    overrides.metrics === false
      ? null
      : (await import('../monitor/metrics.js')).createMetrics({ store, etl: repositories.etl, config, clock, processDefaults: overrides.processMetrics ?? true });
  const budgetNotices = budgetAlerter({ store, logger, locale: config.locale, clock });

  const hasModels = Object.values(config.routes).some((r) => r && r.models.length > 0);
  // The router (and with it the openai SDK) is loaded only when some route has a model.
  const router: Router | null = hasModels
    ? (await import('../router/index.js')).createRouter({
        config,
        store,
        logger,
        clock,
        onBudgetExhausted: budgetNotices,
        ...(metrics ? { onAttempt: metrics.observeAttempt } : {}),
        ...(overrides.providers ? { providers: overrides.providers } : {}),
        ...(overrides.providerKinds ? { providerKinds: overrides.providerKinds } : {}),
        ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
        ...(overrides.random ? { random: overrides.random } : {}),
      })
    : null;
  const narrator = router && router.hasRoute('brief') ? (await import('../brief/brief-narrator.js')).createBriefNarrator(router) : null;
  const explainer = router && router.hasRoute('alert') ? createRouterExplainer(router) : null;

  let senders: readonly Sender[] | undefined = overrides.senders;
  const defaultSenders = async () => {
    const { createOutboxSenders } = await import('../transports/outbox-senders.js');
    return createOutboxSenders(config).map((s) => metrics?.instrumentSender(s) ?? s);
  };
  // Outbox senders are built from the config's tokens; loading grammY/Bolt waits until one is needed.
  senders ??= config.telegram || config.slack ? await defaultSenders() : [];

  const brief = (options: BriefRequest = {}) => buildBrief({ store, config, etl: repositories.etl, narrator, clock }, { ...options, locale: options.locale ?? config.locale });
  const broadcast = (chosen?: readonly Sender[]): BroadcastDeps => ({
    store,
    logger,
    senders: chosen ?? senders,
    locale: config.locale,
    clock,
  });

  let askService: Promise<AskService> | undefined;
  const ask = () => (askService ??= import('../ask/ask-service.js').then(({ createAskService }) => createAskService({ config, store, router, logger, clock })));
  let core: Promise<ChatCore> | undefined;
  let closing: Promise<void> | undefined;

  return {
    config,
    store,
    logger,
    clock,
    now,
    repositories,
    router,
    narrator,
    explainer,
    metrics,
    brief,
    scan: async (options = {}) => (await import('../alerts/run-scan.js')).runScan({ store, config, etl: repositories.etl, explainer, logger }, { ...options, now: now() }),
    senders: () => senders,
    sendBrief: async (date, options = {}) => (await import('../scheduler/broadcast.js')).sendBrief(broadcast(options.senders), { date, build: (d) => brief({ date: d }) }),
    sendAlerts: async (options = {}) =>
      (await import('../scheduler/broadcast.js')).sendAlerts(broadcast(options.senders), { ...(options.date ? { date: options.date } : {}), settings: config.alerts, currency: config.data.currency }),
    chatCore: () =>
      (core ??= (async () => {
        const [{ createChatCore }, { alertsPort }, { alertInteractions }, { createOpsStatus }, { createChatAsk }, service] = await Promise.all([
          import('../chat/chat-commands.js'),
          import('../alerts/alert-list.js'),
          import('../alerts/alert-interactions.js'),
          import('../monitor/ops-status.js'),
          import('../ask/chat-ask.js'),
          ask(),
        ]);
        return createChatCore({
          config,
          store,
          logger,
          clock,
          briefs: (options) => brief(options),
          subscriptions: repositories.subscriptions,
          alerts: alertsPort({ store, config }),
          ops: createOpsStatus({ store, config, clock }),
          interactions: [alertInteractions({ store, config })],
          ask: createChatAsk({ service, clock }),
        });
      })()),
    ask,
    schedulerJobs: async ({ senders: chosen, signal }) =>
      (await import('../scheduler/scheduler-jobs.js')).createSchedulerJobs({
        store,
        config,
        logger,
        clock,
        senders: chosen,
        narrator,
        explainer,
        build: (date) => brief({ date }),
        etl: repositories.etl,
        ...(signal ? { signal } : {}),
      }),
    close: () => (closing ??= (async () => {
      await router?.idle();
      await budgetNotices.settled();
      await router?.close();
      await (await askService)?.close();
      if (ownsStore) await store.close();
    })()),
  };
}
