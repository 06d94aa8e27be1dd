/**
 * The operations half of `/status` (chat and console): is the database up, how each transport is
 * taking Herald's messages (its outbox rows of the last 24 h), today's model calls and spend per
 * model against the budget, open alerts by severity and the last brief (the chat core adds the
 * data's last day and the last ETL run). Read at
 * the moment someone asks, with the injected clock; nothing here is on the hot path.
 */
import type { OpsStatusPort } from '../chat/chat-commands.js';
import type { Config } from '../config.js';
import {
  databaseVersion, lastBriefSentMs, modelDayStats, openAlertsBySeverity, transportDeliveryStats,
} from '../data/ops-signals.js';
import type { Queryable } from '../data/store.js';
import { formatInstant, formatMoney, formatNumber } from '../locales/format.js';
import { opsStatusText } from '../locales/ops-status.js';
import { dayIn } from '../time/days.js';
import type { Clock } from '../time/clock.js';

export interface OpsStatusDeps {
  store: Queryable;
  config: Pick<Config, 'budget' | 'timeZone' | 'telegram' | 'slack'>;
  clock: Clock;
}


const DAY_MS = 86_400_000;

export function createOpsStatus(deps: OpsStatusDeps): OpsStatusPort {
  return {
    async lines(locale) {
      const t = opsStatusText[locale];
      const zone = deps.config.timeZone;
      const at = (ms: number | null) => (ms === null ? t.never : formatInstant(new Date(ms).toISOString(), locale, zone));
      const now = new Date(deps.clock.now());
      let version: string;
      try {
        version = await databaseVersion(deps.store);
      } catch (err) {
        // Without the database nothing else below can be read.
        return [t.databaseDown(err instanceof Error ? err.message : String(err))];
      }
      const lines = [t.database(version)];

      const byTransport = new Map((await transportDeliveryStats(deps.store, new Date(now.getTime() - DAY_MS))).map((s) => [s.transport, s]));
      const configured = [...(deps.config.telegram ? ['telegram'] : []), ...(deps.config.slack ? ['slack'] : [])];
      for (const name of new Set([...configured, ...byTransport.keys()])) {
        const s = byTransport.get(name);
        const n = (v: number) => formatNumber(v, locale);
        lines.push(s ? t.transport(name, n(s.sent), n(s.failed), n(s.waiting), at(s.lastSentMs)) : t.transportIdle(name));
      }

      const models = await modelDayStats(deps.store, dayIn(now, zone));
      const usd = (v: number) => formatMoney(v, locale, 'USD');
      if (models.length === 0) lines.push(t.noCalls);
      else {
        const total = models.reduce((sum, m) => sum + (m.costUsd ?? 0), 0);
        const budget = deps.config.budget.dailyUsd;
        lines.push(t.spend(usd(total), budget === undefined ? null : usd(budget)));
        for (const m of models) lines.push(t.model(m.model, formatNumber(m.calls, locale), m.costUsd === null ? t.unpriced : usd(m.costUsd)));
      }

      const open = await openAlertsBySeverity(deps.store);
      const count = (k: string) => formatNumber(open[k] ?? 0, locale);
      lines.push(t.alerts(count('critical'), count('warning'), count('info')));
      const brief = await lastBriefSentMs(deps.store);
      lines.push(brief === null ? t.noBrief : t.lastBrief(at(brief)));
      // The last ETL run is the chat core's own line of /status (it is about the data, not Herald).
      return lines;
    },
  };
}
