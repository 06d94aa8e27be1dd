/**
 * The scheduler's tick loop. Every tick (default 30 s) the replica holding the leader lock:
 *   1. sends each subscription's brief when its time has come (catching up, marked late, after
 *      a restart inside the catch-up window; waiting a while for a late ETL first);
 *   2. runs the anomaly scan and alert notices after each new finished ETL run;
 *   3. at `schedule.etlExpectedBy` (shop zone), scans once if no run came that day (`etl_stale`);
 *   4. re-notifies due alerts, wakes expired snoozes and drains the outbox;
 *   5. every few minutes, evaluates Herald's self-alerts; once a day, prunes old rows (retention).
 * There is no cron timer per job: each tick asks "what is due at now()?", with `now` injected, so a
 * bot that was down, a DST switch or a test's virtual clock all take the same path. The work itself
 * goes through the `SchedulerJobs` port; state lives in `herald_meta` so a new leader carries on.
 */
import type { Config } from '../config.js';
import { etlSourceFor } from '../data/etl-source.js';
import type { Store } from '../data/store.js';
import { createSubscriptionRepository, type Subscription } from '../delivery/subscriptions.js';
import { dayIn } from '../time/days.js';
import type { Logger } from '../log.js';
import { briefDayFor, dueBriefs, latestBriefRun, startOfLocalDay, type DueBrief } from './brief-plan.js';
import { newFinishedRun } from './etl-poll.js';
import { LeaderLock, SCHEDULER_LOCK_KEY } from './leader-lock.js';
import { META_ETL_CHECK_DAY, META_LAST_ETL_RUN, readBriefRuns, readMeta, recordBriefRuns, writeMeta } from './scheduler-state.js';
import type { Clock } from '../time/clock.js';

/** One batch of briefs for the same day. */
export interface BriefJob {
  /** The day to brief; when `noDataFor` is set, the latest day with data instead (null: no data at all). */
  date: string | null;
  /** The day that should have been briefed but still has no data after the wait, else null. */
  noDataFor: string | null;
  /** The subscriptions due, each with its run time and whether it is late. */
  briefs: DueBrief<Subscription>[];
}

export type ScanReason =
  /** A new finished ETL run (its `finished_at`, UTC, to the microsecond). */
  | { kind: 'etl_run'; finishedAt: string }
  /** `schedule.etlExpectedBy` passed on `day` (shop zone) with no run that day. */
  | { kind: 'etl_expected'; day: string };

/** What the scheduler triggers; `createSchedulerJobs` wires the real ones (delivery, alerts). */
export interface SchedulerJobs {
  /** Plans and sends these briefs (exactly once per chat and day, through the outbox). */
  sendBrief(job: BriefJob): Promise<void>;
  /** Runs the anomaly scan and sends the alert notices it makes due. */
  scanAndNotify(reason: ScanReason): Promise<void>;
  /** Re-notifies due alerts, wakes expired snoozes, sends what quiet hours held back. */
  renotify(): Promise<void>;
  /** Herald's self-alerts (throttled by the job itself to `selfAlerts.checkMinutes`). */
  selfCheck?(): Promise<void>;
  /** Retention: prunes old call-log, outbox and processed-update rows (throttled by the job). */
  prune?(): Promise<void>;
}

export interface SchedulerOptions {
  store: Store;
  config: Pick<Config, 'schedule' | 'timeZone' | 'data'>;
  logger: Logger;
  /** The clock; tests inject one and call `tick()` themselves. */
  clock: Clock;
  jobs: SchedulerJobs;
  /** Tick period (default `schedule.tickSeconds`, 30 s). */
  tickMs?: number;
  /** Start the timer (default true). Tests pass false and call `tick()`. */
  autoTick?: boolean;
  /** Advisory lock key (default `SCHEDULER_LOCK_KEY`); tests use their own to run side by side. */
  lockKey?: number;
  /** A brief sent this long after its time is marked late (default 5 min). */
  lateAfterMs?: number;
}

/** What one tick did (for tests and the debug log). */
export interface TickReport {
  leader: boolean;
  briefJobs: BriefJob[];
  scans: ScanReason[];
  /** Steps that threw (each logged; the others still ran). */
  errors: string[];
}

export interface Scheduler {
  /** Runs one tick now; concurrent calls share the tick in flight. */
  tick(): Promise<TickReport>;
  /** Stops the timer, waits for the tick in flight and gives leadership up. */
  stop(): Promise<void>;
  readonly leading: boolean;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { store, config, logger, jobs } = options;
  const lock = new LeaderLock(store, options.lockKey ?? SCHEDULER_LOCK_KEY);
  const tickMs = options.tickMs ?? config.schedule.tickSeconds * 1000;
  let inFlight: Promise<TickReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let wasLeading = false;

  const runTick = async (): Promise<TickReport> => {
    const report: TickReport = { leader: false, briefJobs: [], scans: [], errors: [] };
    try {
      report.leader = await lock.ensure();
    } catch (err) {
      logger.error({ err }, 'scheduler: leader lock check failed');
      report.errors.push('lock');
      return report;
    }
    if (report.leader !== wasLeading) logger.info({ leader: report.leader }, report.leader ? 'scheduler: leading' : 'scheduler: another replica leads');
    wasLeading = report.leader;
    if (!report.leader) return report;

    const now = new Date(options.clock.now());
    const step = async (name: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        logger.error({ err, step: name }, `scheduler: ${name} failed`);
        report.errors.push(name);
      }
    };
    await step('briefs', () => sendDueBriefs(now, report));
    await step('etl-poll', () => pollEtl(now, report));
    await step('etl-expected', () => checkEtlExpected(now, report));
    await step('renotify', () => jobs.renotify());
    if (jobs.selfCheck) await step('self-alerts', () => jobs.selfCheck!());
    if (jobs.prune) await step('retention', () => jobs.prune!());
    return report;
  };

  const sendDueBriefs = async (now: Date, report: TickReport) => {
    const subscriptions = await createSubscriptionRepository(store).list({ receives: 'brief', activeOnly: true });
    if (subscriptions.length === 0) return;
    const plan = dueBriefs(subscriptions, await readBriefRuns(store), now, {
      catchUpHours: config.schedule.catchUpHours,
      ...(options.lateAfterMs !== undefined ? { lateAfterMs: options.lateAfterMs } : {}),
    });
    if (plan.missed.length > 0) {
      logger.info({ chats: plan.missed.map((m) => `${m.subscription.transport}:${m.subscription.chatId}@${m.run.localDay}`) }, 'scheduler: brief runs missed beyond the catch-up window; not sent');
      await recordBriefRuns(store, new Map(plan.missed.map((m) => [m.subscription.id, m.run.localDay])), now);
    }
    if (plan.due.length === 0) return;

    const lastDay = (await etlSourceFor(store, config).dayRange()).last;
    const byDay = new Map<string, DueBrief<Subscription>[]>();
    for (const due of plan.due) {
      const day = briefDayFor(due.run, config.timeZone);
      byDay.set(day, [...(byDay.get(day) ?? []), due]);
    }
    for (const [day, briefs] of byDay) {
      let job: BriefJob;
      if (lastDay !== null && lastDay >= day) job = { date: day, noDataFor: null, briefs };
      else {
        // The ETL is late: wait (retrying every tick) up to briefWaitMinutes past each run's time.
        const waitMs = config.schedule.briefWaitMinutes * 60_000;
        const tired = briefs.filter((b) => now.getTime() - b.run.at.getTime() >= waitMs);
        if (tired.length === 0) continue;
        job = { date: lastDay, noDataFor: day, briefs: tired };
        logger.warn({ day, lastDay, chats: tired.length }, 'scheduler: no data for the brief day after waiting; sending the latest day with a notice');
      }
      await jobs.sendBrief(job);
      report.briefJobs.push(job);
      await recordBriefRuns(store, new Map(job.briefs.map((b) => [b.subscription.id, b.run.localDay])), now);
    }
  };

  const pollEtl = async (now: Date, report: TickReport) => {
    const lastSeen = await readMeta<string>(store, META_LAST_ETL_RUN);
    const run = await newFinishedRun(etlSourceFor(store, config), lastSeen);
    if (run === null) return;
    const reason: ScanReason = { kind: 'etl_run', finishedAt: run };
    report.scans.push(reason);
    // Remembered even when the scan fails: a scan that throws on this run would throw again on every
    // tick; the next run (or the etlExpectedBy check) scans again. A leader killed mid-scan did not
    // record it, so its successor scans the run (the scan updates, never duplicates, alerts).
    try {
      await jobs.scanAndNotify(reason);
    } finally {
      await writeMeta(store, META_LAST_ETL_RUN, run, now);
    }
  };

  const checkEtlExpected = async (now: Date, report: TickReport) => {
    const zone = config.timeZone;
    const today = dayIn(now, zone);
    if (latestBriefRun({ id: 0, briefAt: config.schedule.etlExpectedBy, timeZone: zone }, now).localDay !== today) return;
    const checked = await readMeta<string>(store, META_ETL_CHECK_DAY);
    if (checked !== null && checked >= today) return;
    const last = await etlSourceFor(store, config).latestFinishedRun();
    const cameToday = last !== null && Date.parse(last) >= startOfLocalDay(today, zone).getTime();
    if (!cameToday) {
      const reason: ScanReason = { kind: 'etl_expected', day: today };
      report.scans.push(reason);
      try {
        await jobs.scanAndNotify(reason);
      } finally {
        await writeMeta(store, META_ETL_CHECK_DAY, today, now);
      }
    } else {
      await writeMeta(store, META_ETL_CHECK_DAY, today, now);
    }
  };

  const tick = (): Promise<TickReport> => {
    if (stopped) return Promise.resolve({ leader: false, briefJobs: [], scans: [], errors: [] });
    if (!inFlight) inFlight = runTick().finally(() => (inFlight = null));
    return inFlight;
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().finally(() => schedule(tickMs));
    }, delayMs);
  };
  if (options.autoTick !== false) schedule(0);

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight?.catch(() => undefined);
      await lock.drop();
      wasLeading = false;
    },
    get leading() {
      return lock.leading;
    },
  };
}
