/**
 * The brief's own buttons (`brief:<day>:details`, `brief:<day>:chart`). The day in the data is
 * only a claim: the handler rebuilds that day's brief from the store, and a day without data
 * (expired or forged) is `not_found`.
 */
import type { Locale } from '../config.js';
import type { Brief } from '../insights/types.js';
import { chatText } from '../locales/chat.js';
import { renderBriefChart } from '../render/brief-chart.js';
import { NoDataError, type BuildBriefOptions } from '../brief/brief-service.js';
import type { InteractionHandler, InteractionResult } from './interactions.js';

/** Builds the brief for a day; in production `(o) => buildBrief(deps, o)`. */
export type BriefSource = (options: BuildBriefOptions) => Promise<Brief>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function briefInteractions(briefs: BriefSource): InteractionHandler {
  return {
    kind: 'brief',
    async handle({ ctx, data }): Promise<InteractionResult> {
      if (!DAY.test(data.id) || (data.action !== 'details' && data.action !== 'chart')) return { kind: 'not_found' };
      let brief: Brief;
      try {
        brief = await briefs({ date: data.id, locale: ctx.locale });
      } catch (err) {
        if (err instanceof NoDataError) return { kind: 'not_found' };
        throw err;
      }
      const t = chatText(ctx.locale);
      if (data.action === 'details') {
        return {
          kind: 'done',
          actionLabel: t.briefActions.details,
          followUp: { blocks: [{ type: 'brief', brief, full: true }] },
        };
      }
      return {
        kind: 'done',
        actionLabel: t.briefActions.chart,
        followUp: { blocks: [chartBlock(brief, ctx.locale)] },
      };
    },
  };
}

function chartBlock(brief: Brief, locale: Locale) {
  const chart = renderBriefChart(brief, locale);
  return { type: 'photo' as const, png: chart.png, caption: chart.caption, filename: chart.filename };
}
