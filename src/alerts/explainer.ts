/**
 * The optional one-sentence explanation of a new alert, from route `alert`. The port keeps the
 * alerts core vendor-free: the router implements it (see `createRouterExplainer`), and when no
 * model answers the message falls back to the locale's template sentence.
 */
import { z } from 'zod';
import type { Locale } from '../config.js';
import { loadPrompt, renderPrompt } from '../router/prompts.js';
import type { Router } from '../router/router.js';
import type { AlertRecord } from '../insights/alert-record.js';

export interface Explainer {
  /** One sentence, or null when no model answered (route missing, all failed, budget spent). */
  explain(alert: AlertRecord, locale: Locale, signal?: AbortSignal): Promise<string | null>;
}

/** The slice of the router the explainer needs. */
export type ChatPort = Pick<Router, 'chat' | 'hasRoute'>;

/** The answer `prompts/alert.md` asks for. */
const explanationSchema = z.object({ explanation: z.string().min(5).max(400) });

/**
 * Asks route `alert` (prompt `prompts/alert.md`) for one sentence, giving the alert's figures as
 * JSON data (never only prose, so the model sees the real numbers).
 */
export function createRouterExplainer(router: ChatPort): Explainer {
  return {
    async explain(alert, locale, signal) {
      if (!router.hasRoute('alert')) return null;
      const data = {
        kind: alert.kind, sku: alert.sku, title: alert.title, category: alert.category, metric: alert.metric,
        observed: alert.observed, expected: alert.expected, expectedLow: alert.expectedLow, expectedHigh: alert.expectedHigh,
        severity: alert.severity, atRiskPerDay: alert.atRisk, evidence: alert.evidence, since: alert.firstDay,
      };
      const prompt = loadPrompt<{ data: string }>('alert');
      const result = await router.chat({
        route: 'alert',
        messages: renderPrompt(prompt, locale, { data: JSON.stringify(data) }),
        schema: { name: 'alert_explanation', version: 1, zod: explanationSchema },
        prompt: { id: prompt.id, version: prompt.version },
        ...(signal ? { signal } : {}),
      });
      return result.ok ? result.value.explanation.trim() : null;
    },
  };
}
