import { dayIn } from '../time/days.js';
import { defaultEndDay } from '../data/demo/generate-demo.js';
import { DEMO_SEEDED_KEY, seedDemo } from '../data/demo/seed.js';
import { migrate } from '../data/migrate.js';
import { openStore } from '../data/open-store.js';
import { RETAIL_LOADED_KEY, RetailFormatError, loadRetailInto, readRetailRows, retailCsvPath } from '../data/retail/retail-import.js';
import type { Store } from '../data/store.js';
import { parseDay, parseFlags } from './args.js';
import { RuntimeError, UsageError, type CommandRunner, type CommandContext } from './command.js';

export const dbCommand: CommandRunner = {
  async run(args, ctx) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'migrate':
        return runMigrate(rest, ctx);
      case 'seed-demo':
        return runSeedDemo(rest, ctx);
      case 'load-retail':
        return runLoadRetail(rest, ctx);
      default:
        throw new UsageError(sub ? `db: unknown subcommand "${sub}" (migrate, seed-demo, load-retail)` : 'db: missing subcommand (migrate, seed-demo, load-retail)');
    }
  },
};

async function runMigrate(args: string[], ctx: CommandContext): Promise<number> {
  parseFlags('db migrate', args, {});
  const database = ctx.database();
  // Opened without the automatic migration so that the names applied here can be reported.
  const store = await openStore({ url: database.url, dataDir: database.dataDir, command: 'db', schema: 'none' });
  try {
    const applied = await migrate(store);
    ctx.stderr.write(applied.length ? applied.map((name) => `applied ${name}\n`).join('') : 'migrations: up to date\n');
  } finally {
    await store.close();
  }
  return 0;
}

async function runSeedDemo(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags('db seed-demo', args, {
    seed: { type: 'string' },
    'end-day': { type: 'string' },
    skus: { type: 'string' },
    days: { type: 'string' },
    force: { type: 'boolean' },
  });
  const seed = integer('seed', values.seed, 0, 2 ** 32 - 1) ?? 1;
  const endDay = endDayFlag(values['end-day'], dayIn(ctx.now(), (await ctx.config()).timeZone)) ?? defaultEndDay(ctx.now());
  const skus = integer('skus', values.skus, 1, 20_000);
  const days = integer('days', values.days, 1, 1_000);
  const store = await ctx.store();
  await guardForeignData(store, values.force === true);
  await seedDemo(store, { seed, endDay, ...(skus ? { skus } : {}), ...(days ? { days } : {}), progress: ctx.stderr });
  return 0;
}

async function runLoadRetail(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags('db load-retail', args, { file: { type: 'string' }, force: { type: 'boolean' } });
  const file = values.file ?? retailCsvPath();
  const rows = await readRetailRows(file).catch((err: Error & { code?: string }) => {
    if (err instanceof RetailFormatError) throw new UsageError(`db load-retail: ${err.message}`);
    if (err.code === 'ENOENT' || err.code === 'EACCES') throw new UsageError(`db load-retail: --file: cannot read ${file} (${err.code})`);
    throw err;
  });
  const store = await ctx.store();
  await guardForeignData(store, values.force === true);
  const result = await loadRetailInto(store, rows, { now: ctx.now() });
  ctx.stderr.write(`retail data: ${result.rows} rows (${result.skus} SKUs, ${result.from} … ${result.to}) from ${file}\n`);
  return 0;
}

/** A loader truncates sku_daily: refuse when its rows came from somewhere else (a real ETL). */
async function guardForeignData(store: Store, force: boolean): Promise<void> {
  if (force) return;
  const [mark] = await store.query('select 1 from herald_meta where key = any($1::text[])', [[DEMO_SEEDED_KEY, RETAIL_LOADED_KEY]]);
  if (mark) return;
  const [row] = await store.query<{ n: number }>('select count(*)::int as n from sku_daily');
  if (row && row.n > 0) {
    throw new RuntimeError(`db: sku_daily holds ${row.n} rows that Herald did not load; pass --force to replace them`);
  }
}

function endDayFlag(value: string | undefined, today: string): string | undefined {
  try {
    return parseDay('db seed-demo', value, today);
  } catch (err) {
    throw new UsageError(String((err as Error).message).replace('--date', '--end-day'));
  }
}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`db seed-demo: --${flag}: "${value}" is not an integer from ${min} to ${max}`);
  }
  return n;
}
