import { NoScanDataError, runScan } from '../alerts/run-scan.js';
import { budgetAlerter } from '../alerts/budget-notice.js';
import { buildChatCore } from '../herald/chat-core.js';
import { createRouterExplainer } from '../alerts/explainer.js';
import { etlSourceFor } from '../data/etl-source.js';
import { createMetrics } from '../monitor/metrics.js';
import { createSchedulerJobs } from '../scheduler/scheduler-jobs.js';
import { startScheduler } from '../scheduler/scheduler.js';
import { createOutboxSenders } from '../transports/outbox-senders.js';
import { createConsoleTransport } from '../transports/console/console-transport.js';
import { TransportStartError } from '../transports/reach-platform.js';
import { startChatTransports } from '../herald/start-transports.js';
import { parseFlags } from './args.js';
import { RuntimeError, type CommandRunner } from './command.js';

export const startCommand: CommandRunner = {
  async run(args, ctx) {
    const { values } = parseFlags('start', args, { console: { type: 'boolean' }, schedule: { type: 'boolean' }, 'no-migrate': { type: 'boolean' } });
    const config = ctx.config();
    const logger = ctx.logger();
    const store = await ctx.store({ migrate: values['no-migrate'] !== true });
    const hasModels = Object.values(config.routes).some((r) => r && r.models.length > 0);
    const onBudgetExhausted = budgetAlerter({ store, logger, locale: config.locale, now: ctx.now });
    // Registered before anything runs, so /metrics lists every metric from the first scrape.
    const metrics = createMetrics({ store, etl: etlSourceFor(store, config), config, now: ctx.now });
    const router = hasModels
      ? (await import('../router/index.js')).createRouter({ config, store, logger, now: ctx.now, onBudgetExhausted, onAttempt: metrics.observeAttempt })
      : null;
    const narrator = router && config.routes.brief ? (await import('../chat/brief-narrator.js')).createBriefNarrator(router) : null;
    const explainer = router && config.routes.alert ? createRouterExplainer(router) : undefined;
    const core = buildChatCore({ config, store, logger, now: ctx.now, narrator, router });

    const useConsole = values.console === true || (!config.telegram && !config.slack);
    // main.ts leaves `start`'s store open (it runs until a signal), so a transport that fails to
    // start (a revoked token) must close what was opened, or the process would hang instead of exiting 1.
    const chat = useConsole
      ? null
      : await startChatTransports({ config, store, logger, core, now: ctx.now, metrics }).catch(async (err: unknown) => {
          await router?.close();
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
            now: ctx.now,
            jobs: createSchedulerJobs({
              store,
              config,
              logger,
              now: ctx.now,
              senders: chat?.senders ?? createOutboxSenders(config).map(metrics.instrumentSender),
              narrator,
              signal: shutdown.signal,
              ...(explainer ? { explainer } : {}),
            }),
          });

    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      shutdown.abort();
      await scheduler?.stop();
      await chat?.stop();
      await consoleTransport?.stop();
      await core.close();
      await router?.close();
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
        await runScan({ store, config, logger, ...(explainer ? { explainer } : {}) }, { now: ctx.now(), onBadRows: () => {} }).catch((err: unknown) => {
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
