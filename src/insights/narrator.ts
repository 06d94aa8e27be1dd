import type { Locale } from '../config.js';
import type { Brief, Narrative } from './types.js';

/**
 * The port through which the brief gets its narrative from a language model (implemented by the
 * router). Returns null when no model answered (all failed, budget spent, no route configured):
 * the brief then keeps its template narrative.
 */
export interface Narrator {
  narrate(brief: Brief, locale: Locale, signal?: AbortSignal): Promise<{ narrative: Narrative; source: `model:${string}` } | null>;
}
