/**
 * The brief's headline chart: shop revenue over the last 28 days, the same weekday a week earlier
 * as a faint line, the briefed day highlighted. Posted with the brief and behind its Chart button.
 */
import type { Locale } from '../config.js';
import { addDays } from '../time/days.js';
import type { Brief } from '../insights/types.js';
import { chatText } from '../locales/chat.js';
import { briefText } from '../locales/brief.js';
import { renderSeriesChartPng, type SeriesChartInput } from './chart/series-chart.js';
import { formatDay, formatDelta, formatMoney } from '../locales/format.js';

export interface BriefChart {
  png: Uint8Array;
  caption: string;
  filename: string;
}

/** The chart's input: title, the day's headline figure as the subtitle, the two lines. */
export function briefChartInput(brief: Brief, locale: Locale): SeriesChartInput {
  const title = chatText(locale).chartTitle(formatDay(brief.date, locale, true));
  const t = briefText[locale];
  const tot = brief.totals;
  const subtitle = `${t.revenue}: ${formatMoney(tot.revenue, locale, brief.currency)} · ${t.vsPrevDay} ${formatDelta(tot.vsPrevDay.revenue, locale)} · ${t.vsWeekAgo} ${formatDelta(tot.vsWeekAgo.revenue, locale)}`;
  const byDay = new Map(brief.series.map((p) => [p.day, p.revenue]));
  return {
    title,
    subtitle,
    locale,
    series: brief.series.map((p) => ({ day: p.day, value: p.revenue })),
    // Last week's revenue drawn on this week's days, so the two lines compare like with like.
    compare: brief.series.map((p) => ({ day: p.day, value: byDay.get(addDays(p.day, -7)) ?? null })),
    highlightDay: brief.date,
    unit: 'money',
    currency: brief.currency,
    scale: 2,
  };
}

export function renderBriefChart(brief: Brief, locale: Locale): BriefChart {
  const input = briefChartInput(brief, locale);
  return { png: renderSeriesChartPng(input), caption: input.title, filename: `revenue-${brief.date}.png` };
}
