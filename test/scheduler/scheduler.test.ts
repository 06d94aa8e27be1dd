/**
 * The tick loop with an injected clock and recording jobs: catch-up, the late-ETL wait, the ETL
 * poll and the "ETL expected by" check on both stores; two replicas racing for the lock on the
 * real Postgres (several sessions on one database: PGlite is one embedded session).
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import type { Store } from '../../src/data/store.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { startScheduler, type BriefJob, type Scheduler, type ScanReason, type SchedulerJobs } from '../../src/scheduler/scheduler.js';
import { createTestDatabase, STORE_DRIVERS, type TestDatabase } from '../helpers/databases.js';
import { clockOf } from '../../src/time/clock.js';

const config = {
  schedule: { briefAt: '09:00', etlExpectedBy: '08:00', catchUpHours: 12, tickSeconds: 30, briefWaitMinutes: 60 },
  timeZone: 'Europe/Moscow',
  data: { relation: 'sku_daily', etlRunsRelation: 'etl_runs', currency: 'RUB' },
};
const logger = pino({ level: 'silent' });

/** The store under test: each suite below sets it in its beforeAll. */
let store: Store;
const started: Scheduler[] = [];

/** Stops the schedulers a test started and empties what the scheduler reads and writes. */
async function reset() {
  for (const s of started.splice(0)) await s.stop();
  await store.exec('truncate herald_meta, subscriptions, etl_runs, sku_daily');
}

function recordingJobs() {
  const calls = { briefs: [] as BriefJob[], scans: [] as ScanReason[], renotify: 0 };
  const jobs: SchedulerJobs = {
    sendBrief: async (job) => void calls.briefs.push(job),
    scanAndNotify: async (reason) => void calls.scans.push(reason),
    renotify: async () => void calls.renotify++,
  };
  return { calls, jobs };
}

function clock(iso: string) {
  let t = new Date(iso);
  return { now: () => t, set: (s: string) => void (t = new Date(s)) };
}

function scheduler(s: Store, jobs: SchedulerJobs, now: () => Date): Scheduler {
  const sch = startScheduler({ store: s, config, logger, clock: clockOf({ now }), jobs, autoTick: false });
  started.push(sch);
  return sch;
}

const subscribe = (chatId: string, briefAt = '09:00', timeZone = 'Europe/Moscow') =>
  createSubscriptionRepository(store).add({ transport: 'telegram', chatId, briefAt, timeZone });
const dataFor = (day: string) => store.query(`insert into sku_daily (day, sku, title, units, revenue) values ($1::date, 'A1', 'Кружка', 3, 900)`, [day]);
const etlRun = (finishedAt: string, status = 'ok') =>
  store.query('insert into etl_runs (started_at, finished_at, status) values ($1::text::timestamptz, $1::text::timestamptz, $2)', [finishedAt, status]);

describe.each(STORE_DRIVERS)('scheduler on $driver', ({ open }) => {
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => {
    for (const s of started.splice(0)) await s.stop();
    await cleanup?.();
  });
  beforeEach(reset);

  describe('briefs', () => {
    it('sends the brief once, marked late, when the bot starts at 09:20; a restart sends nothing again', async () => {
      await subscribe('100');
      await dataFor('2026-11-22');
      const c = clock('2026-11-23T06:20:00Z'); // 09:20 Moscow
      const { calls, jobs } = recordingJobs();
      const first = scheduler(store, jobs, c.now);
      await first.tick();
      expect(calls.briefs).toHaveLength(1);
      expect(calls.briefs[0]!.date).toBe('2026-11-22');
      expect(calls.briefs[0]!.noDataFor).toBeNull();
      expect(calls.briefs[0]!.briefs.map((b) => [b.subscription.chatId, b.late])).toEqual([['100', true]]);

      c.set('2026-11-23T06:20:30Z');
      await first.tick();
      await first.stop();
      const restarted = scheduler(store, jobs, c.now);
      await restarted.tick();
      expect(calls.briefs).toHaveLength(1);
    });

    it('does not send yesterday\'s brief when the bot starts the next day, and sends that day\'s at 09:00', async () => {
      await subscribe('100');
      await dataFor('2026-11-22');
      const c = clock('2026-11-24T05:00:00Z'); // 08:00 Moscow on the 24th; the 23rd's 09:00 run was missed
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick();
      expect(calls.briefs).toEqual([]);

      await dataFor('2026-11-23');
      c.set('2026-11-24T06:00:10Z');
      await sch.tick();
      expect(calls.briefs.map((j) => [j.date, j.briefs[0]!.late])).toEqual([['2026-11-23', false]]);
    });

    it('sends each chat at its own time in its own zone', async () => {
      await subscribe('msk', '09:00', 'Europe/Moscow');
      await subscribe('ber', '09:00', 'Europe/Berlin');
      await dataFor('2026-11-22');
      const c = clock('2026-11-23T06:00:05Z');
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick();
      c.set('2026-11-23T08:00:05Z'); // 09:00 in Berlin (CET)
      await sch.tick();
      expect(calls.briefs.map((j) => j.briefs.map((b) => b.subscription.chatId))).toEqual([['msk'], ['ber']]);
    });

    it('sends a Berlin 09:00 brief at 09:00 local on the morning the clocks spring forward', async () => {
      await subscribe('ber', '09:00', 'Europe/Berlin');
      await dataFor('2026-03-28');
      const c = clock('2026-03-29T06:59:50Z'); // 08:59:50 CEST (08:00 UTC would be 10:00 local)
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick();
      expect(calls.briefs).toEqual([]);
      c.set('2026-03-29T07:00:10Z');
      await sch.tick();
      expect(calls.briefs.map((j) => [j.date, j.briefs[0]!.late, j.briefs[0]!.run.at.toISOString()])).toEqual([
        ['2026-03-28', false, '2026-03-29T07:00:00.000Z'],
      ]);
    });

    it('waits for a late ETL, then sends the latest day with a no-fresh-data notice', async () => {
      await subscribe('100');
      await dataFor('2026-11-21'); // the 22nd has not arrived
      const c = clock('2026-11-23T06:00:10Z');
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick();
      c.set('2026-11-23T06:30:00Z');
      await sch.tick();
      expect(calls.briefs).toEqual([]);

      c.set('2026-11-23T07:00:10Z'); // briefWaitMinutes (60) later
      await sch.tick();
      expect(calls.briefs.map((j) => [j.date, j.noDataFor])).toEqual([['2026-11-21', '2026-11-22']]);
      await sch.tick();
      expect(calls.briefs).toHaveLength(1);
    });

    it('sends the real day as soon as the late ETL delivers it within the wait', async () => {
      await subscribe('100');
      await dataFor('2026-11-21');
      const c = clock('2026-11-23T06:00:10Z');
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick();
      await dataFor('2026-11-22');
      c.set('2026-11-23T06:10:00Z');
      await sch.tick();
      expect(calls.briefs.map((j) => [j.date, j.noDataFor, j.briefs[0]!.late])).toEqual([['2026-11-22', null, true]]);
    });
  });

  describe('ETL', () => {
    it('runs exactly one scan per new finished run', async () => {
      const c = clock('2026-11-23T04:00:00Z'); // 07:00 Moscow, before etlExpectedBy
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick();
      expect(calls.scans).toEqual([]);

      await etlRun('2026-11-23T03:55:00.123456Z');
      await sch.tick();
      await sch.tick();
      expect(calls.scans).toEqual([{ kind: 'etl_run', finishedAt: '2026-11-23T03:55:00.123456Z' }]);

      await etlRun('2026-11-23T03:58:00Z', 'failed');
      await etlRun('2026-11-23T03:59:00Z', 'running');
      await store.query(`insert into etl_runs (started_at, status) values (now(), 'ok')`); // not finished
      await sch.tick();
      expect(calls.scans).toHaveLength(1);

      await etlRun('2026-11-23T03:59:30Z', 'SUCCESS');
      await sch.tick();
      const restarted = scheduler(store, jobs, c.now);
      await sch.stop();
      await restarted.tick();
      expect(calls.scans.map((s) => s.kind === 'etl_run' && s.finishedAt)).toEqual(['2026-11-23T03:55:00.123456Z', '2026-11-23T03:59:30.000000Z']);
    });

    it('scans once at etlExpectedBy when no run came that day', async () => {
      await etlRun('2026-11-22T04:00:00Z'); // yesterday's run
      const c = clock('2026-11-23T04:59:00Z'); // 07:59 Moscow
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick(); // scans yesterday's run, new to this scheduler
      calls.scans.length = 0;
      await sch.tick();
      expect(calls.scans).toEqual([]);

      c.set('2026-11-23T05:00:20Z'); // 08:00:20
      await sch.tick();
      await sch.tick();
      expect(calls.scans).toEqual([{ kind: 'etl_expected', day: '2026-11-23' }]);
    });

    it('does not run the expected-by scan when the day\'s run already came', async () => {
      await etlRun('2026-11-23T04:00:00Z'); // 07:00 Moscow today
      const c = clock('2026-11-23T05:30:00Z');
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick();
      expect(calls.scans.map((s) => s.kind)).toEqual(['etl_run']);
    });

    it('re-notifies on every tick of the leader', async () => {
      const c = clock('2026-11-23T04:00:00Z');
      const { calls, jobs } = recordingJobs();
      const sch = scheduler(store, jobs, c.now);
      await sch.tick();
      await sch.tick();
      expect(calls.renotify).toBe(2);
    });
  });
});

describe('leadership', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('herald_sched');
    store = createPostgresStore({ url: db.url, max: 3 });
    await migrate(store);
  });
  afterAll(async () => {
    for (const s of started.splice(0)) await s.stop();
    await store?.close();
    await db?.drop();
  });
  beforeEach(reset);

  it('lets exactly one of two replicas racing on separate connections run the jobs, and hands over when it stops', async () => {
    await subscribe('100');
    await dataFor('2026-11-22');
    await etlRun('2026-11-23T03:00:00Z');
    const other = createPostgresStore({ url: db.url, max: 3 });
    try {
      const c = clock('2026-11-23T06:00:10Z');
      const a = recordingJobs();
      const b = recordingJobs();
      const sa = scheduler(store, a.jobs, c.now);
      const sb = scheduler(other, b.jobs, c.now);
      for (let i = 0; i < 3; i++) {
        const [ra, rb] = await Promise.all([sa.tick(), sb.tick()]);
        expect([ra.leader, rb.leader].filter(Boolean)).toHaveLength(1);
      }
      const [leader, follower, leaderCalls, followerCalls] = sa.leading ? [sa, sb, a.calls, b.calls] : [sb, sa, b.calls, a.calls];
      expect(leaderCalls.renotify).toBe(3);
      expect(leaderCalls.briefs).toHaveLength(1);
      expect(leaderCalls.scans).toHaveLength(1);
      expect(followerCalls).toEqual({ briefs: [], scans: [], renotify: 0 });

      await leader.stop();
      const report = await follower.tick();
      expect(report.leader).toBe(true);
      expect(followerCalls.renotify).toBe(1);
      // The state is shared: the new leader does not repeat the brief or the scan.
      expect(followerCalls.briefs).toEqual([]);
      expect(followerCalls.scans).toEqual([]);
    } finally {
      for (const s of started.splice(0)) await s.stop();
      await other.close();
    }
  });

  it('keeps leading when a scheduler of another database on the same server, with the same lock key, stops', async () => {
    // Advisory locks are per database; pg_locks lists the whole server.
    const neighbourDb = await createTestDatabase('herald_sched_nb');
    const neighbour = createPostgresStore({ url: neighbourDb.url, max: 2 });
    try {
      const c = clock('2026-11-23T04:00:00Z');
      // Both ways round: pg_locks lists the two databases' locks in an order of its own.
      const theirs = scheduler(neighbour, recordingJobs().jobs, c.now);
      const ours = scheduler(store, recordingJobs().jobs, c.now);
      expect((await theirs.tick()).leader).toBe(true);
      expect((await ours.tick()).leader).toBe(true);
      await theirs.stop();
      expect((await ours.tick()).leader).toBe(true);
      const theirsAgain = scheduler(neighbour, recordingJobs().jobs, c.now);
      expect((await theirsAgain.tick()).leader).toBe(true);
      await ours.stop();
      expect((await theirsAgain.tick()).leader).toBe(true);
      expect((await theirsAgain.tick()).leader).toBe(true);
    } finally {
      for (const s of started.splice(0)) await s.stop();
      await neighbour.close();
      await neighbourDb.drop();
    }
  });

  it('takes over when the leader\'s connection dies, and the old leader notices and stands down', async () => {
    const other = createPostgresStore({ url: db.url, max: 3 });
    try {
      const c = clock('2026-11-23T04:00:00Z');
      const a = recordingJobs();
      const b = recordingJobs();
      const sa = scheduler(store, a.jobs, c.now);
      const sb = scheduler(other, b.jobs, c.now);
      expect((await sa.tick()).leader).toBe(true);
      expect((await sb.tick()).leader).toBe(false);

      // Kill the leader's lock session, as a crashed host or a cut network would. With a time-out,
      // pg_terminate_backend waits until the session is gone (and its lock with it), or answers false.
      const killed = await other.query<{ gone: boolean }>(
        `select pg_terminate_backend(pid, 10000) as gone from pg_locks where locktype = 'advisory' and objid::text::bigint = 7261005 and granted
           and database = (select oid from pg_database where datname = current_database())`,
      );
      expect(killed.map((k) => k.gone)).toEqual([true]);
      expect((await sb.tick()).leader).toBe(true);
      const old = await sa.tick();
      expect(old.leader).toBe(false);
      expect(a.calls.renotify).toBe(1);
      expect(b.calls.renotify).toBe(1);
    } finally {
      for (const s of started.splice(0)) await s.stop();
      await other.close();
    }
  });
});
