import { dayIn } from '../time/days.js';
import type { Brief } from '../insights/types.js';
import { briefChartMessages, briefTextMessages } from '../brief/brief-messages.js';
import { slackCallJson, slackCalls } from '../render/slack-calls.js';
import { renderBriefTelegram } from '../render/brief-telegram.js';
import { renderBriefText } from '../render/brief-text.js';
import { oneOf, parseDay, parseFlags } from './args.js';
import type { CommandContext, CommandRunner } from './command.js';

const FORMATS = ['text', 'json', 'telegram-html', 'slack-blocks'] as const;
type Format = (typeof FORMATS)[number];

export const briefCommand: CommandRunner = {
  async run(args, ctx) {
    const { values } = parseFlags('brief', args, {
      date: { type: 'string' },
      format: { type: 'string' },
      locale: { type: 'string' },
    });
    const date = parseDay('brief', values.date, dayIn(ctx.now(), (await ctx.config()).timeZone));
    const format = oneOf<Format>('brief', 'format', values.format, FORMATS, 'text');
    const config = await ctx.config();
    const locale = oneOf('brief', 'locale', values.locale, ['ru', 'en'] as const, config.locale);
    const herald = await ctx.herald();
    const brief = await herald.brief({ ...(date ? { date } : {}), locale });
    reportBadRows(brief, ctx);
    ctx.stdout.write(render(brief, format, { locale, timeZone: config.timeZone, now: ctx.now() }));
    return 0;
  },
};

function render(brief: Brief, format: Format, opts: { locale: 'ru' | 'en'; timeZone: string; now: Date }): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(brief, null, 2)}\n`;
    case 'text':
      return `${renderBriefText(brief, opts).trimEnd()}\n`;
    case 'telegram-html':
      return `${renderBriefTelegram(brief, opts).join('\n\f\n')}\n`;
    case 'slack-blocks': {
      // What a Slack chat gets in the morning, as the Web API calls the sender makes: the chart
      // upload, then the Block Kit messages with the Details and Chart buttons under the last.
      const messages = [...briefChartMessages(brief, 'slack', opts.locale), ...briefTextMessages(brief, 'slack', opts)];
      return `${JSON.stringify(slackCalls(messages).map(slackCallJson), null, 2)}\n`;
    }
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

function reportBadRows(brief: Brief, ctx: CommandContext): void {
  for (const r of brief.badRows) ctx.stderr.write(`brief: skipped bad row day=${r.day} sku=${r.sku}: ${r.reason}\n`);
}
