/**
 * The brief from ETL rows with its template narrative: insights/ computes the figures, the
 * narrative is text in the reader's locale.
 */
import { rowsToBrief, type BriefInput } from '../insights/brief.js';
import type { Brief } from '../insights/types.js';
import { templateNarrative } from './narrative-template.js';

export function briefFromRows(input: BriefInput): Brief {
  const brief = rowsToBrief(input);
  brief.narrative = templateNarrative(brief, input.locale);
  return brief;
}
