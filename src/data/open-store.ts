import { acquireEmbeddedLock } from './embedded-lock.js';
import { assertSchemaCurrent, migrate } from './migrate.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** `DATABASE_URL`; null opens the embedded PGlite in `dataDir`. */
  url: string | null;
  dataDir: string;
  /** Name of the command, recorded in the embedded lock so a second process can say who holds it. */
  command: string;
  /**
   * What to do about the schema: `migrate` applies pending migrations (the default: the embedded
   * database, `herald db migrate`, `herald start`); `check` only reads the schema version and
   * throws SchemaBehindError when it is behind — no DDL, for a server database whose migrations
   * are the release step's job; `none` leaves it alone.
   */
  schema?: 'migrate' | 'check' | 'none';
}

/**
 * Opens the configured store, taking the embedded lock when needed, and migrates or checks its
 * schema. Each driver is imported only when chosen: a command on Postgres never loads PGlite's
 * WebAssembly.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  let store: Store;
  if (options.url) {
    const { createPostgresStore } = await import('./postgres-store.js');
    store = createPostgresStore({ url: options.url });
  } else {
    const release = acquireEmbeddedLock(options.dataDir, options.command);
    try {
      const { createPgliteStore } = await import('./pglite-store.js');
      const inner = await createPgliteStore({ dataDir: `${options.dataDir}/pgdata` });
      store = { ...inner, close: async () => { await inner.close(); release(); } };
    } catch (err) {
      release();
      throw err;
    }
  }
  const schema = options.schema ?? 'migrate';
  if (schema !== 'none') {
    try {
      if (schema === 'migrate') await migrate(store);
      else await assertSchemaCurrent(store);
    } catch (err) {
      // An open pool keeps the process alive: a failed migration must not leave a CLI hanging.
      await store.close().catch(() => {});
      throw err;
    }
  }
  return store;
}
