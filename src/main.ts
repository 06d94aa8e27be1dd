/**
 * Composition root of the `herald` CLI: reads the environment, builds the shared context lazily
 * (config, store, logger) and hands it to the subcommand. No logic of its own.
 * It imports only what dispatch needs: the command's module and the logger are loaded once the
 * command is known, the config's validator when the command first asks for the config, the store's
 * drivers when it first opens the store (which reads only the database settings), so
 * `herald --help` starts as fast as Node itself and `herald subscriptions list` never loads zod.
 */
import type { Config } from './config.js';
import type { DatabaseSettings } from './database-settings.js';
import { COMMANDS } from './cli/commands.js';
import type { CommandContext } from './cli/command.js';
import { DatabaseHeldError } from './data/embedded-lock.js';
import { endQuietlyOnBrokenPipe, isClosedOutput } from './cli/broken-pipe.js';
import type { Store } from './data/store.js';
import { ConfigError, RuntimeError, UsageError } from './errors.js';
import type { Herald } from './herald/create-herald.js';
import type { Logger } from './log.js';
import { dateReader, fixedClock, systemClock } from './time/clock.js';
import { environmentSecrets, redactSecrets, registerSecrets } from './secrets.js';

export async function runCli(argv: string[], io: Pick<CommandContext, 'stdout' | 'stderr' | 'stdin'>): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write('herald 0.1.0\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`herald: unknown command "${name}" (see herald --help)\n`);
    return 2;
  }

  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return 0;
  }

  // Known before any failure can print them (the config adds provider keys when it loads).
  registerSecrets(environmentSecrets(process.env));
  // A failure's one line may quote a driver's or vendor's message: scrubbed of secrets by value.
  const fail = (line: string) => io.stderr.write(`${redactSecrets(line)}\n`);
  let configPromise: Promise<Config> | undefined;
  let database: DatabaseSettings | undefined;
  let logger: Logger | undefined;
  let storePromise: Promise<Store> | undefined;
  let heraldPromise: Promise<Herald> | undefined;
  // HERALD_NOW fixes the clock's reading (tests, reruns of a past morning); waits stay real.
  const clock = process.env.HERALD_NOW ? fixedClock(new Date(process.env.HERALD_NOW)) : systemClock;
  try {
    // The config's validator (zod) loads only when a command asks for the config: opening a server
    // store reads the database settings alone (src/database-settings.ts).
    const [runner, { createLogger, humanLogLines }, { readDatabaseSettings }] = await Promise.all([
      command.load(),
      import('./log.js'),
      import('./database-settings.js'),
    ]);
    const ctx: CommandContext = {
      ...io,
      config: () => (configPromise ??= import('./config.js').then(({ loadConfig }) => loadConfig())),
      // The console shell is read by a person: its log lines are sentences, never raw JSON.
      logger: () =>
        (logger ??= createLogger(
          process.env.HERALD_LOG_LEVEL ?? (name === 'start' && hasChatCredentials() ? 'info' : 'warn'),
          name === 'start' && (args.includes('--console') || !hasChatCredentials()) ? humanLogLines(process.stderr) : undefined,
        )),
      database: () => (database ??= readDatabaseSettings(process.env, process.cwd())),
      store: (request) =>
        (storePromise ??= import('./data/bootstrap.js').then(({ openEmbeddedOrServer }) =>
          openEmbeddedOrServer(
            { database: ctx.database(), command: name, timeZone: async () => (await ctx.config()).timeZone, logger: ctx.logger, progress: io.stderr, clock },
            request,
          ),
        )),
      clock,
      now: dateReader(clock),
      herald: (request) =>
        // The config first: a bad one is reported as such, before any connection is tried.
        (heraldPromise ??= ctx.config().then(async (loaded) => {
          const [{ createHerald }, store] = await Promise.all([import('./herald/create-herald.js'), ctx.store(request)]);
          return createHerald(loaded, { store, logger: ctx.logger(), clock, metrics: name === 'start' });
        })),
    };
    return await runner.run(args, ctx);
  } catch (err) {
    // A write to a closed stdout (`| head -1`) that a command awaited: nobody is reading, end quietly.
    if (await isClosedOutput(err, io.stdout)) return 0;
    if (err instanceof UsageError || err instanceof ConfigError) {
      fail(err.message);
      return 2;
    }
    if (err instanceof RuntimeError || err instanceof DatabaseHeldError) {
      fail(err.message);
      return 1;
    }
    const e = err as Error & { code?: string };
    if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === '3D000' || e.code === '28P01') {
      fail(`database: cannot connect (${e.code}: ${e.message.replace(/postgres(ql)?:\/\/\S+/g, '[url]')}); check DATABASE_URL`);
      return 1;
    }
    // SPEC section 1: a one-line reason; the stack only when asked for (HERALD_LOG_LEVEL=debug).
    const debug = /^(debug|trace)$/.test(process.env.HERALD_LOG_LEVEL ?? '');
    const reason = String(e.message ?? err).replace(/postgres(ql)?:\/\/\S+/g, '[url]').replace(/\s*\n\s*/g, ' ');
    fail(`herald ${name}: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${reason}`);
    if (debug && e.stack) fail(e.stack);
    return 1;
  } finally {
    // The graph first (it flushes the call log into the store), then the store.
    if (heraldPromise && name !== 'start') await (await heraldPromise.catch(() => null))?.close();
    if (storePromise && name !== 'start') await (await storePromise.catch(() => null))?.close();
  }
}

/** A running bot logs at info; one-shot commands and the console shell keep stderr quiet. */
function hasChatCredentials(): boolean {
  return Boolean(process.env.TELEGRAM_BOT_TOKEN || process.env.SLACK_BOT_TOKEN);
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'herald — the operations assistant for marketplace sellers',
    '',
    'Usage: herald <command> [options]   (herald <command> --help for details)',
    '',
    'Commands:',
    ...lines,
    '',
    'Without DATABASE_URL every command uses the embedded database in HERALD_DATA_DIR (./.herald),',
    'created, migrated and seeded with demo data on first use.',
    '',
  ].join('\n');
}

const isEntry = process.argv[1] && /(?:bin\/herald(\.js)?|src\/main\.ts|dist\/main\.js)$/.test(process.argv[1]);
if (isEntry) {
  endQuietlyOnBrokenPipe();
  const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  process.exitCode = code;
}
