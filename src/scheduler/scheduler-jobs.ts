/**
 * The scheduler's real jobs: briefs through the delivery outbox (`sendBrief`, the path `herald send
 * brief` takes), the anomaly scan (`runScan`) and alert notices (`sendAlerts`). Exactly-once comes
 * from the outbox: a chat's brief for a day is the group `brief:<day>:<transport>:<chat>`, planned
 * once whoever plans it and however often.
 */
import type { AlertSettings, Config } from '../config.js';
import { expireSnoozes } from '../alerts/auto-resolve.js';
import type { Explainer } from '../alerts/explainer.js';
import { NoScanDataError, runScan } from '../alerts/run-scan.js';
import { buildBrief } from '../brief/brief-service.js';
import type { Store } from '../data/store.js';
import { briefChartMessages, briefTextMessages } from '../brief/brief-messages.js';
import { sendAlerts, sendBrief, type BroadcastDeps } from './broadcast.js';
import { etlSourceFor, type EtlSource } from '../data/etl-source.js';
import { pruneOldRows } from '../data/retention.js';
import { evaluateSelfAlerts } from '../alerts/self-alerts.js';
import { dateReader, type Clock } from '../time/clock.js';
import { DispatcherBusyError } from '../delivery/dispatch-lock.js';
import { deliveryGroupKey } from '../delivery/idempotency-key.js';
import { Outbox } from '../delivery/outbox.js';
import type { Sender } from '../delivery/sender.js';
import type { Narrator } from '../insights/narrator.js';
import type { Brief } from '../insights/types.js';
import { schedulerText } from '../locales/scheduler.js';
import type { Logger } from '../log.js';
import { formatDay, formatInstant } from '../locales/format.js';
import { noticeMessage, withLeadingLine } from '../render/scheduler-notices.js';
import type { BriefJob, SchedulerJobs } from './scheduler.js';

export interface SchedulerJobDeps {
  store: Store;
  config: Config;
  logger: Logger;
  /** The outbox senders of the running transports. */
  senders: readonly Sender[];
  /** Model narrative for the brief (route `brief`); null keeps the template. */
  narrator?: Narrator | null;
  /** One-sentence alert explanations (route `alert`); null keeps the template. */
  explainer?: Explainer | null;
  /** Builds the brief of a day (default `buildBrief` with the narrator). */
  build?: (date: string) => Promise<Brief>;
  /** Herald's clock: planning, scans, snoozes, self-checks and the dispatcher's pacing. */
  clock: Clock;
  /**
   * How long a tick waits for the outbox dispatcher when `herald send` holds it (default 5 s):
   * the pending rows are sent by the next tick anyway.
   */
  dispatchLockWaitMs?: number;
  /** Aborted at shutdown: a broadcast stops claiming rows; sends on the wire finish. */
  signal?: AbortSignal;
  /** The ETL source for the self-alerts' `etl_stale` (default: the configured one). */
  etl?: EtlSource;
}

/** Kind of the outbox group that says "no data for that day yet" (one per chat and day). */
export const NO_FRESH_DATA_KIND = 'brief_stale';

/** Retention runs once a day (and at the leader's first tick). */
const PRUNE_EVERY_MS = 24 * 3_600_000;

const due = (last: Date | null, now: Date, everyMs: number) => last === null || now.getTime() - last.getTime() >= everyMs;

export function createSchedulerJobs(deps: SchedulerJobDeps): SchedulerJobs {
  const { store, config, logger } = deps;
  const now = dateReader(deps.clock);
  const locale = config.locale;
  const text = schedulerText[locale];
  const broadcast: BroadcastDeps = {
    store,
    logger,
    senders: deps.senders,
    locale,
    clock: deps.clock,
    dispatch: { lockWaitMs: deps.dispatchLockWaitMs ?? 5_000, ...(deps.signal ? { signal: deps.signal } : {}) },
  };
  const build = deps.build ?? ((date: string) => buildBrief({ store, config, narrator: deps.narrator ?? null, clock: deps.clock }, { date, locale }));
  const alertInput: { settings: AlertSettings; currency: string } = { settings: config.alerts, currency: config.data.currency };

  let lastSelfCheck: Date | null = null;
  let lastPrune: Date | null = null;

  /** A busy dispatcher (an operator's `herald send`) is not an error: the next tick drains. */
  const tolerateBusy = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof DispatcherBusyError)) throw err;
      logger.info({ reason: err.message }, 'scheduler: dispatcher busy; the next tick sends');
    }
  };

  return {
    async sendBrief(job: BriefJob) {
      const dueById = new Map(job.briefs.map((b) => [b.subscription.id, b]));
      if (job.noDataFor !== null) {
        const missing = job.noDataFor;
        const line = text.noFreshData(formatDay(missing, locale, true), job.date ? formatDay(job.date, locale, true) : null);
        await new Outbox(store).enqueue(
          job.briefs.map(({ subscription: s }) => ({
            groupKey: deliveryGroupKey({ kind: NO_FRESH_DATA_KIND, ref: missing }, s.transport, s.chatId),
            kind: NO_FRESH_DATA_KIND,
            transport: s.transport,
            chatId: s.chatId,
            parts: [noticeMessage(line, s.transport)],
          })),
          now(),
        );
      }
      // With no data at all only the notice goes out; the renotify step of the same tick drains it.
      if (job.date === null) return;
      await tolerateBusy(() =>
        sendBrief(broadcast, {
          date: job.date!,
          build,
          only: (s) => dueById.has(s.id),
          render: (brief, s) => {
            const chart = briefChartMessages(brief, s.transport, locale);
            const parts = briefTextMessages(brief, s.transport, { locale, timeZone: s.timeZone });
            const due = dueById.get(s.id);
            if (!due?.late) return [...chart, ...parts];
            return [...chart, ...withLeadingLine(parts, text.deliveredLate(formatInstant(due.run.at.toISOString(), locale, s.timeZone)), s.transport)];
          },
        }),
      );
    },

    async scanAndNotify(reason) {
      try {
        const result = await runScan({ store, config, explainer: deps.explainer ?? null, logger }, { now: now() });
        logger.info({ reason, date: result.date, opened: result.opened.length, updated: result.updated.length, resolved: result.resolved.length }, 'scheduler: scan done');
      } catch (err) {
        if (!(err instanceof NoScanDataError)) throw err;
        logger.warn({ reason, error: err.message }, 'scheduler: nothing to scan');
      }
      await tolerateBusy(() => sendAlerts(broadcast, alertInput));
    },

    async renotify() {
      await expireSnoozes(store, now());
      await tolerateBusy(() => sendAlerts(broadcast, alertInput));
    },

    async selfCheck() {
      const at = now();
      if (!config.selfAlerts.enabled || !due(lastSelfCheck, at, config.selfAlerts.checkMinutes * 60_000)) return;
      lastSelfCheck = at;
      const run = await evaluateSelfAlerts({ store, config, etl: deps.etl ?? etlSourceFor(store, config) }, at);
      if (run.opened.length || run.resolved.length) logger.info({ opened: run.opened.length, resolved: run.resolved.length, firing: run.firing.map((c) => c.dedupKey) }, 'scheduler: self-alerts');
      await tolerateBusy(() => sendAlerts(broadcast, { ...alertInput, audience: 'ops', runbookUrl: config.selfAlerts.runbookUrl }));
    },

    async prune() {
      const at = now();
      if (!due(lastPrune, at, PRUNE_EVERY_MS)) return;
      lastPrune = at;
      const pruned = await pruneOldRows(store, config.retention, at);
      if (pruned.llmCalls + pruned.deliveries + pruned.processedUpdates > 0) logger.info(pruned, 'scheduler: retention pruned old rows');
    },
  };
}
