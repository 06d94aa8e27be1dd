/**
 * The brief as plain text for the terminal and the console transport: the same sections as the
 * chat formats, emphasis dropped, links written out.
 */
import type { Brief } from '../insights/types.js';
import { briefSections, type BriefSectionsOptions, type Line } from './brief-sections.js';

export type BriefTextOptions = BriefSectionsOptions;

export function lineToText(line: Line): string {
  return line.map((span) => (span.kind === 'link' ? `${span.text} (${span.url})` : span.text)).join('');
}

export function renderBriefText(brief: Brief, opts: BriefTextOptions): string {
  const doc = briefSections(brief, opts);
  const blocks = [doc.title, ...doc.sections.map((s) => [s.title, ...s.lines.map(lineToText)].join('\n'))];
  return `${blocks.join('\n\n')}\n`;
}
