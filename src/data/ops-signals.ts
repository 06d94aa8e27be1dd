/**
 * What Herald's self-alert rules read about Herald itself: aggregates over the call log
 * (`llm_calls`) and the outbox (`deliveries`). Each function is one parameterised query over a
 * window the caller computes from its injected clock; the rules (`alerts/self-alert-rules.ts`)
 * stay pure.
 */
import type { Queryable } from './store.js';

/** Attempts that reached a model (cache hits and budget refusals did not; shadow calls are logged apart). */
const MODEL_ATTEMPT = `status not in ('cached', 'budget', 'shadow')`;
/** Attempts that failed at the model (an escalated answer was valid, a repaired one too). */
const FAILED = `status in ('error', 'timeout', 'rate_limited', 'invalid')`;

export interface ModelErrorStat {
  model: string;
  calls: number;
  errors: number;
}

/** Attempts and failed attempts per model with `from` ≤ ts < `to`. */
export async function modelErrorStats(db: Queryable, from: Date, to: Date): Promise<ModelErrorStat[]> {
  return db.query<ModelErrorStat & Record<string, unknown>>(
    `select model, count(*)::int as calls, (count(*) filter (where ${FAILED}))::int as errors
       from llm_calls where ts >= $1::timestamptz and ts < $2::timestamptz and ${MODEL_ATTEMPT}
      group by model order by model`,
    [from.toISOString(), to.toISOString()],
  );
}

export interface LatencyStat {
  model: string;
  calls: number;
  p95Ms: number;
}

/** p95 attempt latency per model over the shop days `fromDay`…`toDay` inclusive. */
export async function latencyP95ByModel(db: Queryable, fromDay: string, toDay: string): Promise<LatencyStat[]> {
  return db.query<LatencyStat & Record<string, unknown>>(
    `select model, count(*)::int as calls,
            (percentile_cont(0.95) within group (order by latency_ms))::float8 as "p95Ms"
       from llm_calls where day >= $1 and day <= $2 and ${MODEL_ATTEMPT}
      group by model order by model`,
    [fromDay, toDay],
  );
}

export interface DailyCost {
  day: string;
  route: string;
  costUsd: number;
}

/** Priced spend per shop day and route over `fromDay`…`toDay` (unpriced calls add nothing). */
export async function dailyCosts(db: Queryable, fromDay: string, toDay: string): Promise<DailyCost[]> {
  return db.query<DailyCost & Record<string, unknown>>(
    `select day, route, coalesce(sum(cost_usd), 0)::float8 as "costUsd"
       from llm_calls where day >= $1 and day <= $2
      group by day, route order by day, route`,
    [fromDay, toDay],
  );
}

export interface UnpricedStat {
  model: string;
  calls: number;
}

/** Calls to models without a known price with `from` ≤ ts < `to`. */
export async function unpricedCalls(db: Queryable, from: Date, to: Date): Promise<UnpricedStat[]> {
  return db.query<UnpricedStat & Record<string, unknown>>(
    `select model, count(*)::int as calls from llm_calls
      where pricing = 'unpriced' and ts >= $1::timestamptz and ts < $2::timestamptz and ${MODEL_ATTEMPT}
      group by model order by model`,
    [from.toISOString(), to.toISOString()],
  );
}

export interface EscalationStat {
  route: string;
  /** Calls (distinct call ids) that reached a model. */
  calls: number;
  /** Of those, calls where a check doubted an answer and sent it on (an `escalated` attempt). */
  escalated: number;
}

/** Escalation per route over the shop days `fromDay`…`toDay` inclusive. */
export async function escalationStats(db: Queryable, fromDay: string, toDay: string): Promise<EscalationStat[]> {
  return db.query<EscalationStat & Record<string, unknown>>(
    `select route, count(distinct call_id)::int as calls,
            count(distinct call_id) filter (where status = 'escalated')::int as escalated
       from llm_calls where day >= $1 and day <= $2 and ${MODEL_ATTEMPT}
      group by route order by route`,
    [fromDay, toDay],
  );
}

export interface DeliveryFailureStat {
  transport: string;
  failures: number;
  /** The latest failure's error (already scrubbed of secrets when stored). */
  lastError: string | null;
}

/**
 * Outbox rows that failed for good (a permanent error, or retries exhausted) whose last attempt
 * started in `from` ≤ t < `to`, per transport.
 */
export async function deliveryFailures(db: Queryable, from: Date, to: Date): Promise<DeliveryFailureStat[]> {
  return db.query<DeliveryFailureStat & Record<string, unknown>>(
    `select transport, count(*)::int as failures,
            (array_agg(last_error order by coalesce(attempt_started_at, created_at) desc))[1] as "lastError"
       from deliveries
      where status = 'failed' and coalesce(attempt_started_at, created_at) >= $1::timestamptz
        and coalesce(attempt_started_at, created_at) < $2::timestamptz
      group by transport order by transport`,
    [from.toISOString(), to.toISOString()],
  );
}

/** The database answers, and which server it is (`PostgreSQL 16.4`; PGlite reports its Postgres). */
export async function databaseVersion(db: Queryable): Promise<string> {
  const [row] = await db.query<{ v: string }>(`select current_setting('server_version') as v`);
  return row?.v ?? '?';
}

export interface TransportDeliveryStat {
  transport: string;
  sent: number;
  failed: number;
  /** Waiting or in flight. */
  waiting: number;
  /** Unix ms of the last successful send among those rows, or null. */
  lastSentMs: number | null;
}

/** Outbox rows created since `from`, per transport: how each platform is taking Herald's messages. */
export async function transportDeliveryStats(db: Queryable, from: Date): Promise<TransportDeliveryStat[]> {
  return db.query<TransportDeliveryStat & Record<string, unknown>>(
    `select transport, (count(*) filter (where status = 'sent'))::int as sent, (count(*) filter (where status = 'failed'))::int as failed,
            (count(*) filter (where status in ('pending', 'sending')))::int as waiting,
            (extract(epoch from max(sent_at)) * 1000)::float8 as "lastSentMs"
       from deliveries where created_at >= $1::timestamptz group by transport order by transport`,
    [from.toISOString()],
  );
}

export interface ModelDayStat {
  model: string;
  calls: number;
  /** Null when every call was unpriced. */
  costUsd: number | null;
  unpriced: number;
}

/** Model calls (cache hits and budget refusals excluded) and spend per model on one shop day. */
export async function modelDayStats(db: Queryable, day: string): Promise<ModelDayStat[]> {
  return db.query<ModelDayStat & Record<string, unknown>>(
    `select model, count(*)::int as calls, sum(cost_usd)::float8 as "costUsd", (count(*) filter (where pricing = 'unpriced'))::int as unpriced
       from llm_calls where day = $1 and status not in ('cached', 'budget') group by model order by count(*) desc, model`,
    [day],
  );
}

/** Unresolved alerts per severity, shop and self-alerts alike. */
export async function openAlertsBySeverity(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.query<{ severity: string; n: number }>(`select severity, count(*)::int as n from alerts where status <> 'resolved' group by severity`);
  return Object.fromEntries(rows.map((r) => [r.severity, r.n]));
}

/** Unix ms of the last brief delivered to any chat, or null. */
export async function lastBriefSentMs(db: Queryable): Promise<number | null> {
  const [row] = await db.query<{ at: number | null }>(`select (extract(epoch from max(sent_at)) * 1000)::float8 as at from deliveries where kind = 'brief' and status = 'sent'`);
  return row?.at ?? null;
}
