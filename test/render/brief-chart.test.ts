/** The brief chart (issue 10 item 8): the legend says "неделю ранее", the subtitle gives the day's headline figure. */
import { describe, expect, it } from 'vitest';
import { briefChartInput, renderBriefChart } from '../../src/render/brief-chart.js';
import { seriesChartSvg } from '../../src/render/chart/series-chart.js';
import { makeBrief } from '../fixtures/brief-fixture.js';

describe('brief chart', () => {
  it('has a subtitle with the revenue and its deltas, in the money format of the text, and the right legend', () => {
    const series = Array.from({ length: 14 }, (_, i) => ({ day: `2026-11-${String(9 + i).padStart(2, '0')}`, revenue: 1_000_000 + i * 10_000, orders: 300, adSpend: 70_000 }));
    const brief = makeBrief({ series });
    const input = briefChartInput(brief, 'ru');
    expect(input.subtitle!.replace(/[\u00a0\u202f]/g, ' ')).toBe('Выручка: 1 234 567 ₽ · к вчера +5 % · к прошлой неделе -3 %');
    const svg = seriesChartSvg(input).replace(/[\u00a0\u202f]/g, ' ');
    expect(svg).toContain('неделю ранее');
    expect(svg).not.toContain('неделей ранее');
    expect(svg).toContain('Выручка: 1 234 567 ₽');
    expect(renderBriefChart(brief, 'en').png.length).toBeGreaterThan(1000);
  });
});
