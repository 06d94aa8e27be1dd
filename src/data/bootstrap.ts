import type { Config } from '../config.js';
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

/**
 * Opens the configured store. The embedded default is created, migrated and — on first use, when
 * its ETL relation is empty — seeded with the demo data set, so `npm start` works with no setup.
 */
export async function openEmbeddedOrServer(
  config: Config,
  command: string,
  logger: Logger,
  progress: NodeJS.WritableStream,
  clock: Clock,
  request: StoreRequest = {},
): Promise<Store> {
  const schema = config.database.url === null || request.migrate === true ? 'migrate' : 'check';
  const store = await openStore({ url: config.database.url, dataDir: config.database.dataDir, command, schema });
  if (config.database.url === null && command !== 'db') {
    try {
      const [seeded] = await store.query(`select 1 from herald_meta where key = 'demo_seeded'`);
      const [any] = seeded ? [seeded] : await store.query('select 1 from sku_daily limit 1');
      if (!any) {
        logger.info({ dataDir: config.database.dataDir }, 'embedded database is empty: seeding demo data');
        // The demo ends on the shop's yesterday, so today's brief has yesterday's data.
        const [{ defaultEndDay }, { seedDemo }] = await Promise.all([import('./demo/generate-demo.js'), import('./demo/seed.js')]);
        await seedDemo(store, { progress, endDay: defaultEndDay(new Date(clock.now()), config.timeZone) });
      }
    } catch (err) {
      // The caller never gets the store to close: release it (and the embedded lock) here.
      await store.close().catch(() => {});
      throw err;
    }
  }
  return store;
}
