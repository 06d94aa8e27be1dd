/**
 * Herald's Prometheus metrics (SPEC section 7), in a registry of their own. Every metric is
 * registered when `createMetrics` runs, so `/metrics` lists each `# TYPE` line before the first
 * observation. Two kinds of feeding:
 *
 * - events on the hot path — a model attempt (`observeAttempt`, fed from the router's call log
 *   records) and a send (`instrumentSender`) — only bump in-memory counters: no I/O, no await;
 * - state — outbox backlog, open alerts, the last ETL run and brief, the budget left — is read
 *   from the database when Prometheus scrapes (`collect`), so the hot path never pays for it.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { EtlSource } from '../data/etl-source.js';
import type { Queryable } from '../data/store.js';
import { SendError, type Sender } from '../delivery/sender.js';
import { dayIn } from '../time/days.js';
import type { AttemptRecord } from '../router/types.js';
import { dateReader, systemClock, type Clock } from '../time/clock.js';

export interface MetricsOptions {
  /** Herald's database: read at scrape time for the gauges. Null leaves those gauges empty. */
  store: Queryable | null;
  /** The ETL source, for `herald_etl_last_success_timestamp_seconds`. */
  etl?: EtlSource | null;
  config: Pick<Config, 'budget' | 'routes' | 'timeZone'>;
  clock?: Clock;
  /** prom-client's process metrics (CPU, memory, event loop lag…); default true. */
  processDefaults?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  /** One call-log record (an attempt, a cache hit, a budget refusal, a shadow call). */
  observeAttempt(record: AttemptRecord): void;
  /** The same sender, counting each send by transport and outcome. */
  instrumentSender(sender: Sender): Sender;
}

/** Seconds buckets from a cache hit (ms) to a slow reasoning model (a minute). */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
const NOT_MODEL_CALLS = new Set(['cached', 'budget']);
const SEVERITIES = ['info', 'warning', 'critical'] as const;

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  const now = dateReader(options.clock ?? systemClock);
  const { store } = options;
  if (options.processDefaults !== false) collectDefaultMetrics({ register: registry });

  const calls = new Counter({ name: 'herald_llm_calls_total', help: 'Model call-log records by route, model and status (one per attempt, cache hit, budget refusal or shadow call).', labelNames: ['route', 'model', 'status'] as const, registers: [registry] });
  const latency = new Histogram({ name: 'herald_llm_latency_seconds', help: 'Latency of model attempts (cache hits and budget refusals excluded).', labelNames: ['route', 'model'] as const, buckets: LATENCY_BUCKETS, registers: [registry] });
  const tokens = new Counter({ name: 'herald_llm_tokens_total', help: 'Tokens by route, model and kind (input, cached, output).', labelNames: ['route', 'model', 'kind'] as const, registers: [registry] });
  const cost = new Counter({ name: 'herald_llm_cost_usd_total', help: 'Model spend in USD by route and model (unpriced calls add nothing; see herald_llm_unpriced_calls_total).', labelNames: ['route', 'model'] as const, registers: [registry] });
  const unpriced = new Counter({ name: 'herald_llm_unpriced_calls_total', help: 'Calls to a model with no known price, by model.', labelNames: ['model'] as const, registers: [registry] });
  const cacheHits = new Counter({ name: 'herald_cache_hits_total', help: 'Answers served from the response cache, by route.', labelNames: ['route'] as const, registers: [registry] });
  const deliveries = new Counter({ name: 'herald_deliveries_total', help: 'Sends by transport and outcome (sent, rate_limited, transient_error, permanent_error).', labelNames: ['transport', 'outcome'] as const, registers: [registry] });

  new Gauge({
    name: 'herald_budget_remaining_usd',
    help: "What is left of today's model budgets in USD, by scope (global or a route name).",
    labelNames: ['scope'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const limits = budgetLimits(options.config);
      if (limits.size === 0 || !store) return;
      const today = dayIn(now(), options.config.timeZone);
      const rows = await store.query<{ route: string; spent: number }>(
        `select route, coalesce(sum(cost_usd), 0)::float8 as spent from llm_calls where day = $1 group by route`,
        [today],
      );
      const spent = new Map(rows.map((r) => [r.route, r.spent]));
      const total = rows.reduce((s, r) => s + r.spent, 0);
      for (const [scope, limit] of limits) this.set({ scope }, Math.max(0, limit - (scope === 'global' ? total : (spent.get(scope) ?? 0))));
    },
  });
  new Gauge({
    name: 'herald_outbox_pending',
    help: 'Outbox rows waiting to be sent (pending or in flight).',
    registers: [registry],
    async collect() {
      if (!store) return;
      const [row] = await store.query<{ n: number }>(`select count(*)::int as n from deliveries where status in ('pending', 'sending')`);
      this.set(row?.n ?? 0);
    },
  });
  new Gauge({
    name: 'herald_alerts_open',
    help: 'Alerts not yet resolved (open, acknowledged or snoozed), by severity.',
    labelNames: ['severity'] as const,
    registers: [registry],
    async collect() {
      if (!store) return;
      const rows = await store.query<{ severity: string; n: number }>(`select severity, count(*)::int as n from alerts where status <> 'resolved' group by severity`);
      const by = new Map(rows.map((r) => [r.severity, r.n]));
      for (const severity of SEVERITIES) this.set({ severity }, by.get(severity) ?? 0);
    },
  });
  new Gauge({
    name: 'herald_etl_last_success_timestamp_seconds',
    help: 'When the last successful ETL run finished (Unix seconds).',
    registers: [registry],
    async collect() {
      const at = options.etl ? await options.etl.lastEtlFinishedAt() : null;
      if (at) this.set(Date.parse(at) / 1000);
    },
  });
  new Gauge({
    name: 'herald_brief_last_sent_timestamp_seconds',
    help: 'When a brief was last delivered to a chat (Unix seconds).',
    registers: [registry],
    async collect() {
      if (!store) return;
      const [row] = await store.query<{ at: number | null }>(`select extract(epoch from max(sent_at))::float8 as at from deliveries where kind = 'brief' and status = 'sent'`);
      if (row?.at !== null && row?.at !== undefined) this.set(row.at);
    },
  });

  return {
    registry,
    observeAttempt(r) {
      calls.inc({ route: r.route, model: r.model, status: r.status });
      if (r.cacheHit) cacheHits.inc({ route: r.route });
      if (NOT_MODEL_CALLS.has(r.status)) return;
      latency.observe({ route: r.route, model: r.model }, r.latencyMs / 1000);
      if (r.inputTokens) tokens.inc({ route: r.route, model: r.model, kind: 'input' }, r.inputTokens);
      if (r.cachedTokens) tokens.inc({ route: r.route, model: r.model, kind: 'cached' }, r.cachedTokens);
      if (r.outputTokens) tokens.inc({ route: r.route, model: r.model, kind: 'output' }, r.outputTokens);
      if (r.costUsd !== null) cost.inc({ route: r.route, model: r.model }, r.costUsd);
      else if (r.pricing === 'unpriced') unpriced.inc({ model: r.model });
    },
    instrumentSender(sender) {
      return {
        transport: sender.transport,
        async send(chatId, message, signal) {
          try {
            const sent = await sender.send(chatId, message, signal);
            deliveries.inc({ transport: sender.transport, outcome: 'sent' });
            return sent;
          } catch (err) {
            const kind = err instanceof SendError ? err.failure.kind : 'transient';
            deliveries.inc({ transport: sender.transport, outcome: kind === 'rate_limited' ? kind : `${kind}_error` });
            throw err;
          }
        },
      };
    },
  };
}

/** The configured daily limits: `global` from `budget.dailyUsd`, and each route's `budgetUsd`. */
function budgetLimits(config: Pick<Config, 'budget' | 'routes'>): Map<string, number> {
  const limits = new Map<string, number>();
  if (config.budget.dailyUsd !== undefined) limits.set('global', config.budget.dailyUsd);
  for (const [name, route] of Object.entries(config.routes)) if (route?.budgetUsd !== undefined) limits.set(name, route.budgetUsd);
  return limits;
}
