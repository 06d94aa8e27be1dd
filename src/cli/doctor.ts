import { ConfigError } from '../config.js';
import { etlSourceFor } from '../data/etl-source.js';
import { failed } from '../health-check.js';
import { formatDoctor, runDoctor, type DoctorReport } from '../monitor/doctor.js';
import { checkSlack } from '../transports/slack/slack-check.js';
import { checkTelegram } from '../transports/telegram/telegram-check.js';
import { oneOf, parseFlags } from './args.js';
import type { CommandRunner } from './command.js';

export const doctorCommand: CommandRunner = {
  async run(args, ctx) {
    const { values } = parseFlags('doctor', args, { live: { type: 'boolean' }, format: { type: 'string' } });
    const format = oneOf('doctor', 'format', values.format, ['text', 'json'] as const, 'text');
    let report: DoctorReport;
    const opened: Array<() => Promise<void>> = [];
    try {
      const config = await ctx.config();
      report = await runDoctor({
        config,
        live: values.live === true,
        clock: ctx.clock,
        // Its own connection, never migrating: the doctor reports pending migrations, it does not apply them.
        store: async () => {
          if (!config.database.url) return ctx.store();
          const { createPostgresStore } = await import('../data/postgres-store.js');
          const store = createPostgresStore({ url: config.database.url, max: 3 });
          opened.push(() => store.close());
          return store;
        },
        etl: (store) => etlSourceFor(store, config),
        checkTelegram: (tg) => checkTelegram({ token: tg.token, ...(tg.apiRoot ? { apiRoot: tg.apiRoot } : {}), ...(tg.webhookUrl ? { webhookUrl: tg.webhookUrl } : {}) }),
        checkSlack: (sl) => checkSlack({ botToken: sl.botToken, ...(sl.apiUrl ? { apiUrl: sl.apiUrl } : {}) }),
      });
    } catch (err) {
      // A bad config is the doctor's first finding, not a usage error.
      if (!(err instanceof ConfigError)) throw err;
      report = { ok: false, checks: [failed('config', err.message, 'fix the named key in the config file or the environment')] };
    } finally {
      await Promise.all(opened.splice(0).map((close) => close().catch(() => {})));
    }
    ctx.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
    return report.ok ? 0 : 1;
  },
};
