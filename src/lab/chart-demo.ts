// Writes two example charts for eyeballing: an alert "Details" chart (band + spike) and a
// morning-brief revenue chart. Usage: node bin/run-ts.js src/lab/chart-demo.ts [OUT_PREFIX] [ru|en]
// → OUT_PREFIX-alert.png, OUT_PREFIX-brief.png (default prefix /tmp/herald-chart).
import { writeFileSync } from 'node:fs';
import { renderSeriesChartPng, type BandPoint, type SeriesPoint } from '../render/chart/series-chart.js';

const prefix = process.argv[2] ?? '/tmp/herald-chart';
const locale = process.argv[3] === 'en' ? 'en' : 'ru';

const DAY_MS = 86_400_000;
const end = Date.UTC(2024, 10, 20);
const days = Array.from({ length: 28 }, (_, i) => new Date(end - (27 - i) * DAY_MS).toISOString().slice(0, 10));
const weekly = (i: number): number => [1.0, 0.95, 0.97, 1.02, 1.12, 1.25, 1.18][(i + 3) % 7] ?? 1;
// Deterministic pseudo-noise.
const noise = (i: number): number => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 4.1414) * 0.5;

// Alert: returns rate-ish count with a spike on the last-but-two day and one missing day.
const band: BandPoint[] = days.map((day, i) => {
  const expected = 140 * weekly(i);
  return { day, low: expected * 0.8, high: expected * 1.2, expected };
});
const alertSeries: SeriesPoint[] = days.map((day, i) => ({
  day,
  value: i === 12 ? null : i === 25 ? 262 : Math.round(140 * weekly(i) * (1 + noise(i) * 0.1)),
}));
const alertPng = renderSeriesChartPng({
  title: locale === 'ru' ? 'Возвраты: резкий рост 18 нояб.' : 'Returns: sharp rise on Nov 18',
  subtitle: locale === 'ru' ? 'ООО «Ромашка» · Wildberries · последние 28 дней' : 'Romashka LLC · Wildberries · last 28 days',
  locale,
  series: alertSeries,
  band,
  anomalies: [days[25]!],
  unit: 'count',
});
writeFileSync(`${prefix}-alert.png`, alertPng);

// Brief: daily revenue with the same weekday a week earlier as a faint line.
const revenue = days.map((_, i) => Math.round(1_250_000 * weekly(i) * (1 + noise(i) * 0.08) * (1 + i * 0.004)));
const briefPng = renderSeriesChartPng({
  title: locale === 'ru' ? 'Выручка магазина по дням' : 'Shop revenue by day',
  subtitle: locale === 'ru' ? 'Вчера 1,47 млн ₽ · +6 % к прошлой неделе' : 'Yesterday ₽1.47M · +6% vs last week',
  locale,
  series: days.map((day, i) => ({ day, value: revenue[i] ?? null })),
  compare: days.map((day, i) => ({ day, value: i >= 7 ? (revenue[i - 7] ?? null) : null })),
  highlightDay: days[27],
  unit: 'money',
});
writeFileSync(`${prefix}-brief.png`, briefPng);
process.stdout.write(`wrote ${prefix}-alert.png, ${prefix}-brief.png\n`);
