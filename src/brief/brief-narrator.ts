/**
 * The brief's `Narrator` port on top of the router (it lives with the brief feature: the router
 * knows nothing of briefs): renders `prompts/brief.md` with the brief's
 * figures as JSON data (never only as prose), asks route `brief` for `{summary, highlights,
 * actions}`, and returns null when no model answered so the brief keeps its template narrative.
 */
import { z } from 'zod';
import type { Brief, Narrative } from '../insights/types.js';
import type { Narrator } from '../insights/narrator.js';
import { loadPrompt, renderPrompt, type OutputSchema, type Router } from '../router/index.js';
import type { Locale } from '../config.js';
import { readableTitle } from '../locales/readable-text.js';

/** The narrative a model must return (SPEC section 5). */
export const narrativeSchema = z.object({
  summary: z.string().min(1),
  highlights: z.array(z.string()),
  actions: z.array(z.string()),
});

/** Bump when the schema's shape changes: it is part of the cache key. */
const SCHEMA_VERSION = 1;
/** Items beyond this many are left out of the model's data (the top and tagged ones come first). */
const MAX_ITEMS = 40;

export function createBriefNarrator(router: Router): Narrator {
  return {
    async narrate(brief, locale, signal) {
      const result = await router.chat<Narrative>({ route: 'brief', ...narrativeRequest(brief, locale), ...(signal ? { signal } : {}) });
      if (!result.ok) return null;
      return { narrative: result.value, source: `model:${result.model}` };
    },
  };
}

/** What route `brief` is asked for a brief: the prompt with the figures as JSON, the narrative schema (the lab's `brief` suite sends exactly this). */
export function narrativeRequest(brief: Brief, locale: Locale) {
  const prompt = loadPrompt<{ data: string }>('brief');
  return {
    messages: renderPrompt(prompt, locale, { data: JSON.stringify(briefData(brief, locale)) }),
    schema: { name: prompt.schema ?? 'narrative', version: SCHEMA_VERSION, zod: narrativeSchema } satisfies OutputSchema<Narrative>,
    prompt: { id: prompt.id, version: prompt.version },
  };
}

/** The figures a model may cite: exact numbers, fractions as fractions, no formatting. */
export function briefData(brief: Brief, locale: string) {
  return {
    locale,
    date: brief.date,
    currency: brief.currency,
    totals: brief.totals,
    items: brief.items.slice(0, MAX_ITEMS).map((i) => ({
      sku: i.sku,
      // The model reads a readable title, not a 100,000-character one (it would pay for every token).
      title: readableTitle(i.title),
      revenue: i.revenue,
      units: i.units,
      orders: i.orders,
      returns: i.returns,
      stock: i.stock,
      price: i.price,
      adSpend: i.adSpend,
      drr: i.drr,
      daysOfCover: i.daysOfCover,
      vsWeekAgo: i.vsWeekAgo,
      priceChange: i.priceChange,
      tags: i.tags,
    })),
    top: brief.top,
    movers: brief.movers,
    stockRisks: brief.stockRisks,
    adInefficient: brief.adInefficient,
    freshness: brief.freshness,
    skuCount: brief.skuCount,
    badRows: brief.badRows.length,
  };
}
