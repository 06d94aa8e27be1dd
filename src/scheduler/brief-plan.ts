/**
 * When each subscription's brief is due — pure functions of an injected instant, no timers.
 *
 * A subscription's brief runs daily at `briefAt` (HH:MM) in its own `timeZone`; croner computes
 * the run instants (`nextRun(from)`), so a 09:00 Berlin brief stays at 09:00 local across the
 * March and October switches. A run that passed while the bot was down is still sent — once,
 * marked late — inside its catch-up window: `catchUpHours` after the run, and never past the end
 * of that calendar day in the subscription's zone (a bot started the next morning sends no stale
 * brief for the day before; that day's own 09:00 brief follows as usual).
 */
import { Cron } from 'croner';
import { addDays, dayIn } from '../time/days.js';

/** The part of a subscription the schedule reads (`Subscription` from src/delivery fits). */
export interface BriefSchedule {
  id: number;
  /** HH:MM, 24-hour, in `timeZone`. */
  briefAt: string;
  /** IANA zone. */
  timeZone: string;
}

export interface CatchUpOptions {
  /** How long after its time a missed brief is still sent (default 12 h; `schedule.catchUpHours`). */
  catchUpHours?: number;
  /**
   * A send this long after the run's time is marked late (default 5 min): a tick or two of delay
   * is normal, being down at 09:00 is not.
   */
  lateAfterMs?: number;
}

export const DEFAULT_CATCH_UP_HOURS = 12;
export const DEFAULT_LATE_AFTER_MS = 5 * 60_000;

/** One brief run of one subscription: the instant, and the local day it belongs to. */
export interface BriefRun {
  at: Date;
  /** The run's calendar day in the subscription's zone (the key of "sent once a day"). */
  localDay: string;
}

export interface DueBrief<S extends BriefSchedule = BriefSchedule> {
  subscription: S;
  run: BriefRun;
  /** Sent well after its time (the bot was down): the message says "⏰ delivered late". */
  late: boolean;
}

export interface MissedBrief<S extends BriefSchedule = BriefSchedule> {
  subscription: S;
  run: BriefRun;
}

export interface BriefPlan<S extends BriefSchedule = BriefSchedule> {
  /** Runs to send now. */
  due: DueBrief<S>[];
  /** Runs that passed unsent and are out of their catch-up window: recorded as handled, never sent. */
  missed: MissedBrief<S>[];
}

const crons = new Map<string, Cron>();

/** A paused croner job (it never fires by itself): only its `nextRun(from)` arithmetic is used. */
function cronOf(s: BriefSchedule): Cron {
  const key = `${s.briefAt}|${s.timeZone}`;
  let cron = crons.get(key);
  if (!cron) {
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.briefAt);
    if (!m) throw new Error(`brief time must be HH:MM, got "${s.briefAt}"`);
    cron = new Cron(`${Number(m[2])} ${Number(m[1])} * * *`, { timezone: s.timeZone, paused: true });
    crons.set(key, cron);
  }
  return cron;
}

function runAt(s: BriefSchedule, at: Date): BriefRun {
  return { at, localDay: dayIn(at, s.timeZone) };
}

/** The first brief run strictly after `now`. */
export function nextBriefRun(s: BriefSchedule, now: Date): BriefRun {
  const at = cronOf(s).nextRun(now);
  if (!at) throw new Error(`no next run for ${s.briefAt} in ${s.timeZone}`);
  return runAt(s, at);
}

/** The latest brief run at or before `now` (daily runs are at most 25 h apart, DST included). */
export function latestBriefRun(s: BriefSchedule, now: Date): BriefRun {
  let at = cronOf(s).nextRun(new Date(now.getTime() - 26 * 3_600_000));
  let last: Date | null = null;
  while (at && at.getTime() <= now.getTime()) {
    last = at;
    at = cronOf(s).nextRun(at);
  }
  if (!last) throw new Error(`no run of ${s.briefAt} in ${s.timeZone} in the 26 h before ${now.toISOString()}`);
  return runAt(s, last);
}

/** Until when a run may still be sent: `catchUpHours` after it, and not past its local day. */
export function catchUpEnd(s: BriefSchedule, run: BriefRun, options: CatchUpOptions = {}): Date {
  const hours = options.catchUpHours ?? DEFAULT_CATCH_UP_HOURS;
  const byHours = run.at.getTime() + hours * 3_600_000;
  const nextMidnight = startOfLocalDay(addDays(run.localDay, 1), s.timeZone);
  return new Date(Math.min(byHours, nextMidnight.getTime()));
}

/**
 * Which subscriptions' briefs are due at `now`. `lastSent` maps a subscription id to the local day
 * of its last handled run (sent or missed); a run is due once, when its day is later than that and
 * `now` is inside its catch-up window.
 */
export function dueBriefs<S extends BriefSchedule>(
  subscriptions: readonly S[],
  lastSent: ReadonlyMap<number, string>,
  now: Date,
  options: CatchUpOptions = {},
): BriefPlan<S> {
  const lateAfter = options.lateAfterMs ?? DEFAULT_LATE_AFTER_MS;
  const plan: BriefPlan<S> = { due: [], missed: [] };
  for (const subscription of subscriptions) {
    const run = latestBriefRun(subscription, now);
    const handled = lastSent.get(subscription.id);
    if (handled !== undefined && handled >= run.localDay) continue;
    if (now.getTime() < catchUpEnd(subscription, run, options).getTime()) {
      plan.due.push({ subscription, run, late: now.getTime() - run.at.getTime() > lateAfter });
    } else {
      plan.missed.push({ subscription, run });
    }
  }
  return plan;
}

/**
 * The day a run briefs: the previous complete calendar day in the shop's zone (HERALD_TZ) at the
 * run's time — a 09:00 Moscow run on the 23rd briefs the 22nd, and so does its late catch-up.
 */
export function briefDayFor(run: BriefRun, shopTimeZone: string): string {
  return addDays(dayIn(run.at, shopTimeZone), -1);
}

/** The instant a local calendar day starts in `timeZone` (00:00, or the first instant after a gap). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const midnightCron = new Cron('0 0 * * *', { timezone: timeZone, paused: true });
  // The day's first local midnight is the first 00:00 after the instant 30 h before UTC midnight.
  const probe = new Date(Date.parse(`${day}T00:00:00Z`) - 30 * 3_600_000);
  let at = midnightCron.nextRun(probe);
  while (at && dayIn(at, timeZone) < day) at = midnightCron.nextRun(at);
  if (!at) throw new Error(`no midnight for ${day} in ${timeZone}`);
  return at;
}
