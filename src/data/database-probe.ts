/**
 * What `herald doctor` asks of Herald's own database: is it reachable, which server, are all
 * migrations applied, do session advisory locks (the scheduler's leader lock) and LISTEN/NOTIFY
 * work. Supabase's transaction-mode pooler (port 6543) hands each statement to any backend, which
 * silently breaks both: it is recognised by its port and named as the cause.
 */
import postgres from 'postgres';
import { listMigrations } from './migrate.js';
import type { Store } from './store.js';

export interface DatabaseFacts {
  driver: 'postgres' | 'pglite';
  version: string;
  /** Migrations in the code that the database has not applied. */
  pending: string[];
  /** Session advisory lock taken, seen from another session, and released. */
  advisoryLocks: { ok: boolean; detail: string };
  /** A NOTIFY came back to a LISTEN on another connection; null on the embedded database. */
  listen: { ok: boolean; detail: string } | null;
  /** The URL points at Supabase's transaction-mode pooler. */
  transactionPooler: boolean;
}

/**
 * The probe's lock key: distinct from the leader lock so a running bot is not disturbed, and per
 * process so two doctors at once do not see each other's probe as a fault. Under 2^31, so it is
 * `objid` in pg_locks.
 */
const PROBE_LOCK = 726_100_000 + (process.pid % 1_000_000);

export async function probeDatabase(store: Store, url: string | null, timeoutMs = 3000): Promise<DatabaseFacts> {
  const [v] = await store.query<{ version: string }>(`select current_setting('server_version') as version`);
  const [table] = await store.query<{ ok: boolean }>(`select to_regclass('herald_migrations') is not null as ok`);
  const applied = table?.ok ? new Set((await store.query<{ version: number }>('select version from herald_migrations')).map((r) => Number(r.version))) : new Set<number>();
  const pending = listMigrations().filter((m) => !applied.has(m.version)).map((m) => m.name);
  const transactionPooler = url !== null && isTransactionPooler(url);
  return {
    driver: store.driver,
    version: v?.version ?? 'unknown',
    pending,
    advisoryLocks: await probeAdvisoryLock(store),
    listen: url === null ? null : await probeListen(url, timeoutMs),
    transactionPooler,
  };
}

/** Port 6543 is Supabase's transaction-mode pooler (Supavisor); 5432 is direct or session mode. */
export function isTransactionPooler(url: string): boolean {
  try {
    return new URL(url).port === '6543';
  } catch {
    return /:6543\b/.test(url);
  }
}

async function probeAdvisoryLock(store: Store): Promise<{ ok: boolean; detail: string }> {
  const release = await store.tryAdvisoryLock(PROBE_LOCK);
  if (!release) return { ok: false, detail: 'another session holds the probe lock, or locks are refused' };
  try {
    if (store.driver === 'pglite') return { ok: true, detail: 'embedded: one process holds the database' };
    // Seen from another session: through a transaction pooler the lock lands on a backend the
    // next statement may not reach, or is gone when the pooler reassigns it.
    const [row] = await store.query<{ n: number }>(
      `select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and objid = $1 and pid <> pg_backend_pid()`,
      [PROBE_LOCK],
    );
    return (row?.n ?? 0) > 0 ? { ok: true, detail: 'taken on one session, seen from another' } : { ok: false, detail: 'the lock was not visible from another session' };
  } finally {
    await release();
  }
}

async function probeListen(url: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const sql = postgres(url, { max: 2, onnotice: () => {}, prepare: !isTransactionPooler(url), connect_timeout: Math.ceil(timeoutMs / 1000) });
  try {
    const channel = `herald_doctor_${process.pid}`;
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      void sql.listen(channel, () => resolve(true)).then(() => sql.notify(channel, 'ping'), () => resolve(false));
    });
    const ok = await heard;
    clearTimeout(timer);
    return ok ? { ok: true, detail: 'a NOTIFY reached a LISTEN on another connection' } : { ok: false, detail: `no NOTIFY came back within ${timeoutMs} ms` };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
