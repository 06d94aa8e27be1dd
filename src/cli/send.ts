import { dayIn } from '../time/days.js';
import { NoDataError } from '../brief/brief-service.js';
import type { BroadcastResult } from '../scheduler/broadcast.js';
import { DispatcherBusyError } from '../delivery/dispatch-lock.js';
import { parseDay, parseFlags } from './args.js';
import { RuntimeError, UsageError, type CommandRunner, type CommandContext } from './command.js';

const WHAT = ['brief', 'alerts'] as const;

export const sendCommand: CommandRunner = {
  async run(args, ctx) {
    const { values, positionals } = parseFlags('send', args, { date: { type: 'string' } }, true);
    const [what, ...extra] = positionals;
    if (!what || !(WHAT as readonly string[]).includes(what) || extra.length > 0) {
      throw new UsageError(`send: expected "brief" or "alerts", got ${what ? `"${positionals.join(' ')}"` : 'nothing'}`);
    }
    const date = parseDay('send', values.date, dayIn(ctx.now(), (await ctx.config()).timeZone));
    const herald = await ctx.herald();
    if (herald.senders().length === 0) ctx.stderr.write('send: no chat credentials set (TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN); messages stay in the outbox\n');

    let result: BroadcastResult;
    try {
      if (what === 'brief') {
        const day = date ?? (await herald.repositories.etl.dayRange()).last;
        if (!day) throw new NoDataError(null);
        result = await herald.sendBrief(day);
      } else {
        result = await herald.sendAlerts(date ? { date } : {});
      }
    } catch (err) {
      if (err instanceof DispatcherBusyError) throw new RuntimeError(`send: ${err.message}`);
      throw err;
    }
    return summarise(result, ctx);
  },
};

function summarise({ report, alreadySent, nothingToPlan }: BroadcastResult, ctx: CommandContext): number {
  if (nothingToPlan) ctx.stderr.write(`send: ${nothingToPlan}\n`);
  for (const d of report.deactivated) ctx.stderr.write(`send: ${d.transport} chat ${d.chatId} unreachable (${d.reason}); subscription deactivated\n`);
  const extra = [
    report.cancelled > 0 ? `, cancelled ${report.cancelled}` : '',
    report.leftPending > 0 ? `, still pending ${report.leftPending}` : '',
    report.rateLimited > 0 ? `, rate-limited ${report.rateLimited}` : '',
  ].join('');
  ctx.stderr.write(`sent ${report.sent}, already sent ${alreadySent}, failed ${report.failed}, in flight at a previous crash ${report.inFlightAtCrash}${extra}\n`);
  const gaveUp = report.failed - report.deactivated.length;
  if (gaveUp > 0) {
    ctx.stderr.write(`send: ${gaveUp} message(s) could not be delivered after retries (see the log)\n`);
    return 1;
  }
  return 0;
}
