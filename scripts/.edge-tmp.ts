import { writeFileSync } from 'node:fs';
import { renderSeriesChartPng } from '/work/main/src/render/chart/series-chart.js';
const end = Date.UTC(2024, 11, 31);
const ds = Array.from({ length: 90 }, (_, i) => new Date(end - (89 - i) * 86400000).toISOString().slice(0, 10));
writeFileSync('/tmp/edge-pct.png', renderSeriesChartPng({ title: 'Конверсия в заказ — очень длинный заголовок, который не помещается в ширину картинки', subtitle: 'проверка', locale: 'ru', unit: 'percent', width: 480, height: 300,
  series: ds.map((day, i) => ({ day, value: i % 17 === 0 ? null : 0.031 + 0.006 * Math.sin(i / 5) })), band: ds.map((day) => ({ day, low: 0.026, high: 0.038 })), anomalies: [ds[40]!, ds[88]!], highlightDay: ds[89] }));
writeFileSync('/tmp/edge-empty.png', renderSeriesChartPng({ title: 'Выручка', locale: 'ru', series: [] }));
writeFileSync('/tmp/edge-neg.png', renderSeriesChartPng({ title: 'Net margin', locale: 'en', unit: 'money', series: ds.slice(-14).map((day, i) => ({ day, value: (i - 7) * 23000 })), highlightDay: ds[85] }));
