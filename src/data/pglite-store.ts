import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Queryable, Row, Store } from './store.js';

export interface PgliteStoreOptions {
  /** Data directory; undefined keeps the database in memory (tests). */
  dataDir?: string;
}

/**
 * `Store` over embedded PGlite. PGlite is single-connection: statements are serialised by PGlite
 * itself, transactions by `db.transaction`, and advisory locks are trivially ours (one process
 * holds the data directory — see `embedded-lock.ts`).
 */
export async function createPgliteStore(options: PgliteStoreOptions = {}): Promise<Store> {
  // pg_trgm is loaded so the migration can enable it: Ask Herald's product search uses trigrams.
  const db = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { pg_trgm } });
  const query = async <T extends Row>(q: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) =>
    (await q.query<T>(text, params ? [...params] : [])).rows;

  return {
    driver: 'pglite',
    query: (text, params) => query(db, text, params),
    async exec(text) {
      await db.exec(text);
    },
    transaction: (fn) => db.transaction((tx) => fn({ query: (text, params) => query(tx, text, params) } satisfies Queryable)),
    async tryAdvisoryLock(key) {
      const [row] = await query<{ ok: boolean }>(db, 'select pg_try_advisory_lock($1) as ok', [key]);
      if (!row?.ok) return null;
      return async () => {
        await query(db, 'select pg_advisory_unlock($1)', [key]);
      };
    },
    async close() {
      await db.close();
    },
  };
}
