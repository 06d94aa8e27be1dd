import { NoScanDataError } from '../alerts/run-scan.js';
import { startScheduler } from '../scheduler/scheduler.js';
import { createConsoleTransport } from '../transports/console/console-transport.js';
import { TransportStartError } from '../transports/reach-platform.js';
import { startChatTransports } from '../herald/start-transports.js';
import { parseFlags } from './args.js';
import { RuntimeError, type CommandRunner } from './command.js';

export const startCommand: CommandRunner = {
  async run(args, ctx) {
    const { values } = parseFlags('start', args, { console: { type: 'boolean' }, schedule: { type: 'boolean' }, 'no-migrate': { type: 'boolean' } });
    const config = await ctx.config();
    const logger = ctx.logger();
    const herald = await ctx.herald({ migrate: values['no-migrate'] !== true });
    const { store } = herald;
    const core = await herald.chatCore();

    const useConsole = values.console === true || (!config.telegram && !config.slack);
    // main.ts leaves `start`'s store open (it runs until a signal), so a transport that fails to
    // start (a revoked token) must close what was opened, or the process would hang instead of exiting 1.
    const chat = useConsole
      ? null
      : await startChatTransports({ config, store, logger, core, clock: herald.clock, ...(herald.metrics ? { metrics: herald.metrics } : {}), senders: herald.senders() }).catch(async (err: unknown) => {
          await herald.close();
          await store.close();
          // "cannot reach Slack at …: ECONNREFUSED" says all; other failures (a revoked token) get the context.
          if (err instanceof TransportStartError) throw new RuntimeError(`start: ${err.message}`);
          throw new RuntimeError(`start: a chat transport failed to start: ${err instanceof Error ? err.message : String(err)}`);
        });
    const consoleTransport = useConsole
      ? createConsoleTransport({ core, input: ctx.stdin, output: ctx.stdout, locale: config.locale, timeZone: config.timeZone, dataDir: config.database.dataDir })
      : null;

    // Aborted on SIGTERM: a broadcast in progress stops claiming rows so the process exits in
    // seconds (fly.io kills after its grace period); unsent rows wait for the next start.
    const shutdown = new AbortController();
    // The console is for trying Herald out by hand: no schedule fires from it unless asked.
    const scheduler =
      useConsole && values.schedule !== true
        ? null
        : startScheduler({
            store,
            config,
            logger,
            clock: herald.clock,
            jobs: await herald.schedulerJobs({ senders: chat?.senders ?? herald.senders(), signal: shutdown.signal }),
          });

    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      shutdown.abort();
      await scheduler?.stop();
      await chat?.stop();
      await consoleTransport?.stop();
      await herald.close();
      await store.close();
    };
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'herald: stopping');
      void stop().then(() => process.exit(0));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    if (consoleTransport) {
      // What the scheduler would have done after the ETL run: the day's scan, so /alerts shows
      // the open problems (a stock-out) from the first minute. A rescan updates, never duplicates.
      if (!scheduler) {
        await herald.scan({ onBadRows: () => {} }).catch((err: unknown) => {
          if (!(err instanceof NoScanDataError)) logger.warn({ err }, 'console: the first scan failed');
        });
      }
      await consoleTransport.start();
      await consoleTransport.finished;
      await stop();
      return 0;
    }
    logger.info({ transports: chat!.transports.map((t) => t.name) }, 'herald: running');
    await new Promise<never>(() => {});
    return 0;
  },
};
