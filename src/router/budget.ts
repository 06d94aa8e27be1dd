/**
 * Daily USD budgets, global and per route, over the shop's calendar day (`HERALD_TZ`). Spend
 * already logged today is read from `llm_calls` once per day; this process's spend is added as
 * it happens. A spent budget refuses calls (the caller falls back to its template) and raises
 * `onExhausted` once per scope and day. A call in flight when the budget runs out may overshoot
 * it by that one call: budgets are checked before a call, costs are known only after.
 */
import type { Store } from '../data/store.js';
import { dayIn } from '../time/days.js';
import type { Logger } from '../log.js';
import type { BudgetExhaustedEvent, RouteName } from './types.js';

export interface BudgetOptions {
  store: Store | null;
  timeZone: string;
  globalUsd: number | undefined;
  routeUsd: Readonly<Record<RouteName, number>>;
  now: () => number;
  onExhausted?: ((event: BudgetExhaustedEvent) => void) | undefined;
  logger?: Logger | undefined;
}

export type BudgetCheck = { ok: true } | { ok: false; event: BudgetExhaustedEvent };

export interface Budget {
  check(route: RouteName): Promise<BudgetCheck>;
  add(route: string, costUsd: number | null): void;
}

export function createBudget(options: BudgetOptions): Budget {
  const limited = options.globalUsd !== undefined || Object.keys(options.routeUsd).length > 0;
  let day = '';
  let loading: Promise<void> | null = null;
  let total = 0;
  const byRoute = new Map<string, number>();
  const raised = new Set<string>();

  const load = async (today: string) => {
    day = today;
    total = 0;
    byRoute.clear();
    raised.clear();
    if (!options.store) return;
    const rows = await options.store.query<{ route: string; spent: number }>(
      `select route, coalesce(sum(cost_usd), 0)::float8 as spent from llm_calls where day = $1 group by route`,
      [today],
    );
    for (const r of rows) {
      byRoute.set(r.route, (byRoute.get(r.route) ?? 0) + r.spent);
      total += r.spent;
    }
  };

  const exhausted = (scope: BudgetExhaustedEvent['scope'], spentUsd: number, limitUsd: number): BudgetCheck => {
    const event = { scope, day, spentUsd, limitUsd };
    const key = `${scope}:${day}`;
    if (!raised.has(key)) {
      raised.add(key);
      options.logger?.warn(event, 'router: daily budget exhausted');
      options.onExhausted?.(event);
    }
    return { ok: false, event };
  };

  return {
    async check(route) {
      if (!limited) return { ok: true };
      const today = dayIn(new Date(options.now()), options.timeZone);
      if (today !== day) {
        // A failed read must not stick for the rest of the day: the next check reads again.
        loading = load(today).catch((err: unknown) => {
          day = '';
          throw err;
        });
      }
      await loading;
      const routeLimit = options.routeUsd[route];
      const routeSpent = byRoute.get(route) ?? 0;
      if (routeLimit !== undefined && routeSpent >= routeLimit) return exhausted(route, routeSpent, routeLimit);
      if (options.globalUsd !== undefined && total >= options.globalUsd) return exhausted('global', total, options.globalUsd);
      return { ok: true };
    },
    add(route, costUsd) {
      if (!limited || costUsd === null || costUsd === 0) return;
      total += costUsd;
      byRoute.set(route, (byRoute.get(route) ?? 0) + costUsd);
    },
  };
}
