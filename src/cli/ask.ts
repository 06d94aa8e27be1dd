import type { AskResult } from '../ask/ask-loop.js';
import { oneOf, parseFlags } from './args.js';
import { UsageError, type CommandRunner } from './command.js';

const FORMATS = ['text', 'json'] as const;

/** Outcomes where no model could be asked: the command failed at run time (exit 1). */
const FAILED: ReadonlySet<AskResult['outcome']> = new Set(['failed', 'deadline', 'budget']);

export const askCommand: CommandRunner = {
  async run(args, ctx) {
    const { values, positionals } = parseFlags('ask', args, { format: { type: 'string' }, locale: { type: 'string' } }, true);
    const format = oneOf('ask', 'format', values.format, FORMATS, 'text');
    const question = positionals.join(' ').trim();
    if (question === '') throw new UsageError('ask: QUESTION is missing (herald ask "сколько продали вчера?")');
    const config = await ctx.config();
    const locale = oneOf('ask', 'locale', values.locale, ['ru', 'en'] as const, config.locale);
    if (!config.routes.ask?.models.length) {
      throw new UsageError('ask: no model on route "ask": set OPENAI_API_KEY, or routes.ask in herald.config.json');
    }
    const herald = await ctx.herald();
    const result = await (await herald.ask()).ask({ question }, locale);
    if (format === 'json') {
      const { answer, model, costUsd, toolCalls, outcome, runId, unverified, steps } = result;
      ctx.stdout.write(`${JSON.stringify({ answer, model, costUsd, toolCalls, outcome, runId, unverified: unverified.map((u) => u.sentence), steps }, null, 2)}\n`);
    } else {
      ctx.stdout.write(`${result.answer}\n`);
    }
    return FAILED.has(result.outcome) ? 1 : 0;
  },
};
