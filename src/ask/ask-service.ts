/**
 * Ask Herald assembled from the configuration: the ETL query source (read-only role when
 * configured), the tools over it, and the loop's limits from config `ask` and route `ask`.
 * Transports, the CLI and the console all answer questions through this one object.
 */
import { configSecrets, type Config, type Locale } from '../config.js';
import { openEtlQueries, type EtlQuerySource } from '../data/etl-queries.js';
import type { Store } from '../data/store.js';
import { dayIn } from '../time/days.js';
import type { Logger } from '../log.js';
import type { Router } from '../router/router.js';
import { askQuestion, type AskInput, type AskResult } from './ask-loop.js';
import { createAskTools, type AskTools } from './tools.js';
import type { Clock } from '../time/clock.js';

/** How long the data's day range is reused between questions. */
const RANGE_TTL_MS = 60_000;
/** The whole question's deadline when route `ask` sets none (the router's default). */
const DEFAULT_DEADLINE_MS = 60_000;

export interface AskServiceOptions {
  config: Config;
  store: Pick<Store, 'transaction'>;
  /** Null without models: only the deterministic commands answer then. */
  router: Pick<Router, 'chat' | 'hasRoute' | 'transcribe'> | null;
  logger: Logger;
  /** Herald's clock: the rate limits, "today" for the tools and the deadline. */
  clock: Clock;
  newId?: () => string;
}

export interface AskService {
  /** True when route `ask` has a model: free-text questions work. */
  readonly hasModel: boolean;
  readonly router: AskServiceOptions['router'];
  readonly source: EtlQuerySource;
  readonly tools: AskTools;
  readonly settings: Config['ask'];
  /** Shop currency (config `data.currency`). */
  readonly currency: string;
  ask(input: AskInput, locale: Locale): Promise<AskResult>;
  close(): Promise<void>;
}

export function createAskService(options: AskServiceOptions): AskService {
  const { config, logger } = options;
  const queries = openEtlQueries({
    store: options.store,
    readonlyUrl: config.database.readonlyUrl,
    supabase: config.supabase ? { ...config.supabase, etlRunsRelation: config.data.etlRunsRelation } : null,
    relation: config.data.relation,
    statementTimeoutMs: config.ask.statementTimeoutMs,
    rowLimit: config.ask.rowLimit,
  });
  const tools = createAskTools({
    source: queries.source,
    currency: config.data.currency,
    onError: (name, err) => logger.warn({ err, tool: name }, 'ask: tool query failed'),
  });
  const secrets = configSecrets(config);
  const router = options.router;
  // The data's first and last day go into every question's prompt; the ETL adds a day at most
  // a few times a day, so a minute-old answer is as good and saves a query per question.
  let range: { at: number; value: Promise<{ first: string | null; last: string | null }> } | null = null;
  const dataRange = () => {
    const at = options.clock.now();
    if (!range || at - range.at > RANGE_TTL_MS || at < range.at) {
      const value = queries.source.dataRange();
      range = { at, value };
      value.catch(() => (range = null));
    }
    return range.value;
  };
  return {
    hasModel: router?.hasRoute('ask') ?? false,
    router,
    source: queries.source,
    tools,
    settings: config.ask,
    currency: config.data.currency,
    async ask(input, locale) {
      if (!router) throw new Error('ask: no router; check hasModel first');
      const route = input.images?.length ? 'vision' : 'ask';
      const result = await askQuestion(
        {
          router, tools, locale, secrets,
          currency: config.data.currency,
          limits: { maxSteps: config.ask.maxSteps, maxCostUsd: config.ask.maxCostUsd, deadlineMs: config.routes[route]?.deadlineMs ?? DEFAULT_DEADLINE_MS },
          dataRange,
          today: () => dayIn(new Date(options.clock.now()), config.timeZone),
          clock: options.clock,
          ...(options.newId ? { newId: options.newId } : {}),
        },
        input,
      );
      logger.info(
        { runId: result.runId, outcome: result.outcome, model: result.model, steps: result.steps, tools: result.toolCalls.length, unverified: result.unverified.length, costUsd: result.costUsd },
        'ask: answered',
      );
      return result;
    },
    close: () => queries.close(),
  };
}
