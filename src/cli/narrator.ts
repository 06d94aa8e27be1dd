import { budgetAlerter } from '../alerts/budget-notice.js';
import type { Narrator } from '../insights/narrator.js';
import type { CommandContext } from './command.js';

/**
 * Runs `fn` with the brief narrator when route `brief` has models, closing the router (which
 * flushes its call log) afterwards; without a route, `fn` gets null and the template is used.
 */
export async function withNarrator<T>(ctx: CommandContext, fn: (narrator: Narrator | null) => Promise<T>): Promise<T> {
  const config = ctx.config();
  if (!config.routes.brief?.models.length) return fn(null);
  const { createRouter } = await import('../router/index.js');
  const { createBriefNarrator } = await import('../chat/brief-narrator.js');
  const store = await ctx.store();
  const onBudgetExhausted = budgetAlerter({ store, logger: ctx.logger(), locale: config.locale, now: ctx.now });
  const router = createRouter({ config, store, logger: ctx.logger(), now: ctx.now, onBudgetExhausted });
  try {
    return await fn(createBriefNarrator(router));
  } finally {
    await router.close();
    await onBudgetExhausted.settled();
  }
}
