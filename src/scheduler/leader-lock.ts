/**
 * Leadership among replicas: a Postgres session-level advisory lock, held on a connection the
 * store reserves for it. Exactly one session can hold it; when the leader's process or connection
 * dies, its session ends, the lock goes with it, and another replica takes it on its next tick.
 *
 * The lock dies silently with its connection, so the leader checks on every tick that the session
 * holding the lock is still the one that took it (`pg_locks`, by backend pid): a leader whose
 * connection was cut stops running jobs instead of leading alongside its successor. (Between the
 * cut and that check two replicas may briefly both act; the outbox's idempotency keys and the
 * scan's dedup keys keep that harmless.) Supabase's transaction pooler (port 6543) breaks session
 * locks — use the direct or session-mode connection string.
 */
import type { Store } from '../data/store.js';

/** The scheduler's advisory lock key (the dispatcher uses 7261004). */
export const SCHEDULER_LOCK_KEY = 7_261_005;

export class LeaderLock {
  private release: (() => Promise<void>) | null = null;
  private holderPid: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly key: number = SCHEDULER_LOCK_KEY,
  ) {}

  /** Whether this instance led at its last `ensure()`. */
  get leading(): boolean {
    return this.release !== null;
  }

  /** Keeps or takes leadership; true when this instance leads now. */
  async ensure(): Promise<boolean> {
    if (this.release) {
      const pid = await this.currentHolder();
      if (this.holderPid === null || pid === this.holderPid) return true;
      // Lost with its session: nothing to unlock, and the dead reserved connection must not be
      // used again (postgres.js would throw from inside its write loop).
      this.release = null;
      this.holderPid = null;
    }
    const release = await this.store.tryAdvisoryLock(this.key);
    if (!release) return false;
    this.release = release;
    // Only one session can hold the lock, so whoever pg_locks names now is our reserved session.
    this.holderPid = await this.currentHolder();
    return true;
  }

  /** Gives leadership up (on shutdown), so another replica takes over at its next tick. */
  async drop(): Promise<void> {
    const release = this.release;
    this.release = null;
    this.holderPid = null;
    // A lost connection cannot unlock; its lock is already gone.
    if (release) await release().catch(() => undefined);
  }

  private async currentHolder(): Promise<number | null> {
    // Advisory locks are per database, but pg_locks shows the whole server: without the database
    // filter another database's holder of the same key (staging beside prod, parallel test
    // databases) would be taken for ours, and its exit would depose a healthy leader for good.
    const [row] = await this.store.query<{ pid: number }>(
      `select pid::int as pid from pg_locks
        where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())
          and classid::text::bigint = ($1::bigint >> 32) and objid::text::bigint = ($1::bigint & 4294967295)
          and objsubid = 1 and granted
        limit 1`,
      [this.key],
    );
    return row?.pid ?? null;
  }
}
