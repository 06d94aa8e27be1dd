import { budgetAlerter } from '../app/budget-alert.js';
import { createAskService } from '../ask/ask-service.js';
import type { AskResult } from '../ask/ask-loop.js';
import { oneOf, parseFlags } from './args.js';
import { UsageError, type Command } from './command.js';

const FORMATS = ['text', 'json'] as const;

/** Outcomes where no model could be asked: the command failed at run time (exit 1). */
const FAILED: ReadonlySet<AskResult['outcome']> = new Set(['failed', 'deadline', 'budget']);

export const askCommand: Command = {
  name: 'ask',
  summary: 'answer a question about the shop data through the query tools',
  usage: `Usage: herald ask "QUESTION" [--format text|json] [--locale ru|en]

Answers a question about the data through route "ask" and the query tools (sales_summary,
top_products, stock_cover, ad_efficiency, compare_periods, search_products): the model never
writes SQL. Every number in the answer is checked against the tools' results; one it cannot find
gets a repair turn, then its sentence is marked. The answer ends with the tools and periods used.
  --format   text (default) or json: {answer, model, costUsd, toolCalls: [{name, arguments,
             status: ok|refused|error, error?}], outcome, runId, unverified, steps}
  --locale   ru or en (default: HERALD_LOCALE, else ru)
Needs a model on route "ask" (OPENAI_API_KEY, or routes.ask in herald.config.json). Limits:
config ask.maxSteps (6 model turns), ask.maxCostUsd (0.05), route ask.deadlineMs (60 s).`,
  async run(args, ctx) {
    const { values, positionals } = parseFlags('ask', args, { format: { type: 'string' }, locale: { type: 'string' } }, true);
    const format = oneOf('ask', 'format', values.format, FORMATS, 'text');
    const question = positionals.join(' ').trim();
    if (question === '') throw new UsageError('ask: QUESTION is missing (herald ask "сколько продали вчера?")');
    const config = ctx.config();
    const locale = oneOf('ask', 'locale', values.locale, ['ru', 'en'] as const, config.locale);
    if (!config.routes.ask?.models.length) {
      throw new UsageError('ask: no model on route "ask": set OPENAI_API_KEY, or routes.ask in herald.config.json');
    }
    const store = await ctx.store();
    const logger = ctx.logger();
    const { createRouter } = await import('../router/index.js');
    const onBudgetExhausted = budgetAlerter({ store, logger, locale: config.locale, now: ctx.now });
    const router = createRouter({ config, store, logger, now: ctx.now, onBudgetExhausted });
    const service = createAskService({ config, store, router, logger, now: ctx.now });
    let result: AskResult;
    try {
      result = await service.ask({ question }, locale);
    } finally {
      await service.close();
      await router.close();
      await onBudgetExhausted.settled();
    }
    if (format === 'json') {
      const { answer, model, costUsd, toolCalls, outcome, runId, unverified, steps } = result;
      ctx.stdout.write(`${JSON.stringify({ answer, model, costUsd, toolCalls, outcome, runId, unverified: unverified.map((u) => u.sentence), steps }, null, 2)}\n`);
    } else {
      ctx.stdout.write(`${result.answer}\n`);
    }
    return FAILED.has(result.outcome) ? 1 : 0;
  },
};
