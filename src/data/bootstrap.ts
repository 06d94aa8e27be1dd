import type { DatabaseSettings } from '../database-settings.js';
import type { Logger } from '../log.js';
import type { Clock } from '../time/clock.js';
import { openStore } from './open-store.js';
import type { Store } from './store.js';

/** How a command wants the store opened. */
export interface StoreRequest {
  /**
   * Apply pending migrations to a server database (`herald start`, unless `--no-migrate`). Other
   * commands only check the schema version — no DDL, so a role without CREATE on the schema can
   * run them — and exit 1 with "run herald db migrate" when it is behind. The embedded database
   * is always migrated: it is Herald's own (SPEC section 1).
   */
  migrate?: boolean;
}

/** What opening the store needs: the database settings, and what only seeding the demo asks for. */
export interface BootstrapOptions {
  database: DatabaseSettings;
  /** The command that opens it (named in the embedded database's lock; `db` never seeds). */
  command: string;
  /** The shop's time zone, asked only when the embedded database is seeded (the demo ends on its yesterday). */
  timeZone: () => Promise<string>;
  /** Called only when there is something to log, so a command that opens a server store never loads the logger. */
  logger: () => Logger;
  progress: NodeJS.WritableStream;
  clock: Clock;
}

/**
 * Opens the configured store. The embedded default is created, migrated and — on first use, when
 * its ETL relation is empty — seeded with the demo data set, so `npm start` works with no setup.
 * A server database needs the database settings only: the rest of the configuration is not read.
 */
export async function openEmbeddedOrServer(options: BootstrapOptions, request: StoreRequest = {}): Promise<Store> {
  const { database, command, logger, progress, clock } = options;
  const schema = database.url === null || request.migrate === true ? 'migrate' : 'check';
  const store = await openStore({ url: database.url, dataDir: database.dataDir, command, schema });
  if (database.url === null && command !== 'db') {
    try {
      const [seeded] = await store.query(`select 1 from herald_meta where key = 'demo_seeded'`);
      const [any] = seeded ? [seeded] : await store.query('select 1 from sku_daily limit 1');
      if (!any) {
        logger().info({ dataDir: database.dataDir }, 'embedded database is empty: seeding demo data');
        // The demo ends on the shop's yesterday, so today's brief has yesterday's data.
        const [{ defaultEndDay }, { seedDemo }] = await Promise.all([import('./demo/generate-demo.js'), import('./demo/seed.js')]);
        await seedDemo(store, { progress, endDay: defaultEndDay(new Date(clock.now()), await options.timeZone()) });
      }
    } catch (err) {
      // The caller never gets the store to close: release it (and the embedded lock) here.
      await store.close().catch(() => {});
      throw err;
    }
  }
  return store;
}
