import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  niceTicks,
  renderSeriesChartPng,
  seriesChartSvg,
  type SeriesChartInput,
} from '../../../src/render/chart/series-chart.js';
import { chartFontFiles, findChartFontsDir } from '../../../src/render/chart/fonts.js';
import { formatTicks } from '../../../src/render/chart/chart-text.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function days(count: number, endDay = '2024-11-20'): string[] {
  const end = Date.parse(`${endDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

function input(over: Partial<SeriesChartInput> = {}): SeriesChartInput {
  const ds = days(28);
  return {
    title: 'Выручка по дням',
    locale: 'ru',
    series: ds.map((day, i) => ({ day, value: 1000 + ((i * 37) % 200) })),
    band: ds.map((day) => ({ day, low: 950, high: 1250, expected: 1100 })),
    ...over,
  };
}

/** Width and height from the IHDR chunk (bytes 16..23, big-endian). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

describe('series chart', () => {
  it('renders a PNG of the requested size', () => {
    const png = renderSeriesChartPng(input({ width: 640, height: 360 }));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 640, height: 360 });
    expect(pngSize(renderSeriesChartPng(input()))).toEqual({ width: 800, height: 400 });
    expect(pngSize(renderSeriesChartPng(input({ scale: 2 })))).toEqual({ width: 1600, height: 800 });
  });

  it('is deterministic', () => {
    expect(sameBytes(renderSeriesChartPng(input()), renderSeriesChartPng(input()))).toBe(true);
  });

  it('draws a Cyrillic title with the shipped fonts', () => {
    const title = 'Возвраты: резкий рост';
    expect(seriesChartSvg(input({ title }))).toContain(`>${title}</text>`);
    const withTitle = renderSeriesChartPng(input({ title }));
    const noTitle = renderSeriesChartPng(input({ title: '' }));
    expect(sameBytes(withTitle, noTitle)).toBe(false);
    expect(chartFontFiles()).toHaveLength(2);
    expect(findChartFontsDir()).toMatch(/assets[\\/]fonts$/);
    // Same folder when the module runs compiled from dist/render/chart.
    const repo = dirname(dirname(findChartFontsDir()));
    expect(findChartFontsDir(join(repo, 'dist', 'render', 'chart'))).toBe(findChartFontsDir());
  });

  it('escapes XML in titles and subtitles', () => {
    const svg = seriesChartSvg(input({ title: 'A <b> & "C"', subtitle: '1 < 2 > 0 & done' }));
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;C&quot;');
    expect(svg).toContain('1 &lt; 2 &gt; 0 &amp; done');
    expect(svg).not.toContain('<b>');
    expect(() => renderSeriesChartPng(input({ title: '<script>&</script>' }))).not.toThrow();
  });

  it('marks anomalies (only on days that have a value)', () => {
    const ds = days(28);
    const series = ds.map((day, i) => ({ day, value: i === 5 ? null : 100 + i }));
    const svg = seriesChartSvg(input({ series, anomalies: [ds[3]!, ds[5]!, ds[20]!, '1999-01-01', 'junk'] }));
    expect(svg.match(/class="anomaly"/g)).toHaveLength(2);
    expect(svg).toContain('>аномалия</text>');
    expect(seriesChartSvg(input())).not.toContain('class="anomaly"');
  });

  it('handles empty and all-null series without throwing', () => {
    for (const series of [[], [{ day: '2024-11-01', value: null }], [{ day: 'bad', value: 5 }]]) {
      const svg = seriesChartSvg({ title: 'Пусто', locale: 'ru', series });
      expect(svg).toContain('нет данных');
      expect(pngSize(renderSeriesChartPng({ title: 'Empty', locale: 'en', series }))).toEqual({ width: 800, height: 400 });
    }
    expect(seriesChartSvg({ title: 'x', locale: 'en', series: [] })).toContain('no data');
  });

  it('renders a single point and gaps for null values', () => {
    const svg1 = seriesChartSvg({ title: 'one', locale: 'en', series: [{ day: '2024-11-20', value: 5 }] });
    expect(svg1).toMatch(/<circle [^>]*r="3"/);
    const ds = days(10);
    const svg = seriesChartSvg({ title: 'gap', locale: 'en', series: ds.map((day, i) => ({ day, value: i === 4 ? null : i })) });
    const actualPath = /<path d="([^"]+)"[^>]*stroke="#2563eb"/.exec(svg)?.[1] ?? '';
    expect(actualPath.match(/M/g)).toHaveLength(2);
  });

  it('localises axis labels and legend', () => {
    const ru = seriesChartSvg(input({ locale: 'ru' }));
    const en = seriesChartSvg(input({ locale: 'en' }));
    expect(ru).toContain('нояб.');
    expect(en).toContain('Nov');
    expect(en).not.toContain('нояб.');
    expect(ru).toContain('>факт</text>');
    expect(en).toContain('>actual</text>');
    expect(en).toContain('>normal band</text>');
  });

  it('formats money ticks compactly with the ruble sign', () => {
    const ds = days(28);
    const series = ds.map((day, i) => ({ day, value: 1_200_000 + i * 10_000 }));
    const ru = seriesChartSvg({ title: 't', locale: 'ru', series, unit: 'money', highlightDay: ds[27] });
    expect(ru).toMatch(/>1,2\u00a0млн\u00a0₽</);
    const en = seriesChartSvg({ title: 't', locale: 'en', series, unit: 'money' });
    expect(en).toMatch(/>₽1\.2M</);
    expect(ru).toContain('class="highlight"');
  });

  it('picks 1-2-5 ticks and distinct labels', () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.013, 0.048)).toEqual([0.01, 0.02, 0.03, 0.04, 0.05]);
    expect(niceTicks(5, 5).length).toBeGreaterThan(1);
    const labels = formatTicks([1_000_000, 1_250_000, 1_500_000], { locale: 'en', unit: 'count', currency: 'RUB' });
    expect(labels).toEqual(['1M', '1.25M', '1.5M']);
  });
});
