/**
 * The model lab's texts — `herald bench` (terminal table, progress line, report.md/html,
 * comparison) and `herald cost` (projection and savings) — in Russian and English.
 */
import type { Locale } from '../config.js';

const pctOf = (locale: Locale) => (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}${locale === 'ru' ? '\u00a0%' : ' %'}`);
const usdOf = (digits: number) => (x: number | null, unpriced: string) => (x === null ? unpriced : `$${x.toFixed(digits)}`);

export interface LabText {
  pct(x: number | null): string;
  usd(x: number | null, digits?: number): string;
  /** Column headers of the terminal table and the report's table. */
  columns: {
    suite: string; model: string; cases: string; quality: string; ci: string; schemaValid: string; errors: string;
    p50: string; p95: string; tokens: string; cost: string; per1k: string; per1kOk: string; metrics: string;
  };
  replayedTag: string;
  local: string;
  unpriced: string;
  unpricedLine(models: string[]): string;
  recommendedLine(route: string, models: string[], monthlyUsd: number | null, reason: string): string;
  at95Line(suite: string, shares: string[]): string;
  wroteReports(dir: string): string;
  wroteRoutes(file: string): string;
  skipped(suite: string, reason: string): string;
  skipReason: { notRecorded(own: readonly string[]): string; onlyRecorded: string; noModels(route: string): string };
  progress(a: { bar: string; done: number; total: number; errors: number; spend: string; secondsLeft: number | null }): string;
  noPrevious: string;
  comparedWith(startedAt: string): string;
  compareLine(a: { suite: string; model: string; quality: string; per1k: string; p50: string }): string;
  report: {
    title(startedAt: string, replay: boolean): string;
    paretoNote: string;
    recommendation: string;
    notes: string;
    none: string;
    routeLine(a: { route: string; models: string; quality: string; ci: string; floor: string; per1k: string; monthlyUsd: number | null; reason: string }): string;
    unpriced(models: string[]): string;
    skipped(suite: string, reason: string): string;
    replayed: string;
  };
  reason: {
    cascade(lower: string, floor: string, escalates: string): string;
    single(lower: string, floor: string): string;
    none(floor: string): string;
    localAlternative(names: string[]): string;
  };
  cost: {
    header(days: number, source: 'profile' | 'call_log', total: string): string;
    pricedOnly(priced: string, routes: string[]): string;
    calls: string;
    savings: string;
    saves(route: string, change: string, usd: string): string;
    cascade(models: string[], escalates: string, suite: string): string;
    switchTo(model: string, suite: string, quality: string, floor: string): string;
    batch(discountPct: number): string;
    promptCache(tokens: number, cachedPrice: number, price: number): string;
    responseCache(hitPct: string): string;
  };
}

const ru: LabText = {
  pct: pctOf('ru'),
  usd: (x, digits = 4) => usdOf(digits)(x, 'нет цены'),
  columns: {
    suite: 'набор', model: 'модель', cases: 'случаев', quality: 'качество', ci: '95% ДИ', schemaValid: 'по схеме', errors: 'ошибки',
    p50: 'p50 мс', p95: 'p95 мс', tokens: 'токены вх/вых', cost: 'стоимость', per1k: '$/1k', per1kOk: '$/1k успешных', metrics: 'метрики',
  },
  replayedTag: ' (повтор)',
  local: 'локально',
  unpriced: 'нет цены',
  unpricedLine: (m) => `без цены (цена неизвестна, стоимость неизвестна — не $0): ${m.join(', ')}`,
  recommendedLine: (route, models, monthly, reason) =>
    `рекомендация для маршрута ${route}: ${models.join(' → ')}${monthly === null ? '' : `, $${monthly.toFixed(2)} в месяц`} (${reason})`,
  at95Line: (suite, shares) => `стоимость при 95\u00a0% качества сильной модели, ${suite}: ${shares.join(', ')}`,
  wroteReports: (dir) => `bench: results.json, report.md и report.html записаны в ${dir}`,
  wroteRoutes: (file) => `bench: рекомендованный блок routes записан в ${file}`,
  skipped: (suite, reason) => `bench: набор ${suite} пропущен: ${reason}`,
  skipReason: {
    notRecorded: (own) => `ни одна из --models не записана в этом наборе (в нём ${own.join(', ')})`,
    onlyRecorded: '--models называет только записанные модели replay-наборов',
    noModels: (route) => `у маршрута ${route} нет моделей в конфигурации (назовите их через --models)`,
  },
  progress: (a) =>
    `bench [${a.bar}] ${a.done}/${a.total} случаев, ошибок ${a.errors}, потрачено ${a.spend}, ${a.secondsLeft === null ? '…' : `осталось ${a.secondsLeft} с`}`,
  noPrevious: 'нет прошлого прогона тех же наборов для сравнения\n',
  comparedWith: (at) => `сравнение с прогоном ${at}:`,
  compareLine: (a) => `  ${a.suite} ${a.model}: качество ${a.quality}, $/1k ${a.per1k}, p50 мс ${a.p50}`,
  report: {
    title: (at, replay) => `Прогон ${at}${replay ? ' (повтор)' : ''}`,
    paretoNote: '★ — на фронте Парето качества и стоимости.',
    recommendation: 'Рекомендация',
    notes: 'Примечания',
    none: 'Рекомендации нет: не прошёл ни один набор с моделями.',
    routeLine: (a) =>
      `маршрут **${a.route}**: ${a.models} — качество ${a.quality} (${a.ci}), порог ${a.floor}, ${a.per1k} за 1000 вызовов` +
      `${a.monthlyUsd === null ? ', стоимость в месяц неизвестна (нет профиля трафика или журнала вызовов)' : `, $${a.monthlyUsd.toFixed(2)} в месяц`}; ${a.reason}`,
    unpriced: (m) => `Без цены (цена неизвестна, стоимость неизвестна — не $0): ${m.join(', ')}.`,
    skipped: (suite, reason) => `Пропущен ${suite}: ${reason}.`,
    replayed: 'Повторённые вызовы показывают задержку, записанную при живом вызове; их стоимость — та, что была бы вживую.',
  },
  reason: {
    cascade: (lower, floor, esc) => `самый дешёвый, чья нижняя граница 95\u00a0% (${lower}) достигает порога ${floor}; передаёт дальше ${esc} вызовов`,
    single: (lower, floor) => `самый дешёвый, чья нижняя граница 95\u00a0% (${lower}) достигает порога ${floor}`,
    none: (floor) => `ни у одного кандидата с ценой нижняя граница не достигает порога ${floor} (больше случаев или повторов сузят интервал): лучшая модель`,
    localAlternative: (names) => `без модели тот же порог достигает ${names.join(', ')} — может, модель не нужна`,
  },
  cost: {
    header: (days, source, total) => `стоимость моделей в месяц (${days} дн., ${source === 'profile' ? 'по профилю трафика' : 'по журналу вызовов'}): ${total}`,
    pricedOnly: (priced, routes) => `  только маршруты с ценой: ${priced}; без цены (стоимость неизвестна, не $0): ${routes.join(', ')}`,
    calls: 'вызовов',
    savings: 'экономия:',
    saves: (route, change, usd) => `  ${route}: ${change} — экономит ${usd} в месяц`,
    cascade: (models, esc, suite) => `каскад ${models.join(' → ')} (передаёт дальше ${esc} вызовов; набор ${suite} на паритете)`,
    switchTo: (model, suite, q, floor) => `перейти на ${model} (набор ${suite}: качество ${q}, нижняя граница ≥ порога ${floor})`,
    batch: (d) => `отправлять через Batch API (−${d}\u00a0%, ответы в течение 24 ч)`,
    promptCache: (tokens, cached, price) =>
      `держать неизменным префикс промпта из ${tokens} токенов, чтобы кэш промптов провайдера считал его по $${cached}/MTok вместо $${price}`,
    responseCache: (hit) => `включить кэш ответов (cache.enabled): ${hit} вызовов повторяются`,
  },
};

const en: LabText = {
  pct: pctOf('en'),
  usd: (x, digits = 4) => usdOf(digits)(x, 'unpriced'),
  columns: {
    suite: 'suite', model: 'model', cases: 'cases', quality: 'quality', ci: '95% CI', schemaValid: 'schema ok', errors: 'errors',
    p50: 'p50 ms', p95: 'p95 ms', tokens: 'tokens in/out', cost: 'cost', per1k: '$/1k', per1kOk: '$/1k ok', metrics: 'metrics',
  },
  replayedTag: ' (replayed)',
  local: 'local',
  unpriced: 'unpriced',
  unpricedLine: (m) => `unpriced (no known price, cost unknown — not $0): ${m.join(', ')}`,
  recommendedLine: (route, models, monthly, reason) =>
    `recommended for route ${route}: ${models.join(' → ')}${monthly === null ? '' : `, $${monthly.toFixed(2)}/month`} (${reason})`,
  at95Line: (suite, shares) => `cost at 95 % of the strong model's quality, ${suite}: ${shares.join(', ')}`,
  wroteReports: (dir) => `bench: wrote results.json, report.md and report.html to ${dir}`,
  wroteRoutes: (file) => `bench: wrote the recommended routes block to ${file}`,
  skipped: (suite, reason) => `bench: suite ${suite} skipped: ${reason}`,
  skipReason: {
    notRecorded: (own) => `none of --models is recorded in this suite (it has ${own.join(', ')})`,
    onlyRecorded: '--models names only recorded models of the replay suites',
    noModels: (route) => `route ${route} has no models in the config (name some with --models)`,
  },
  progress: (a) =>
    `bench [${a.bar}] ${a.done}/${a.total} cases, ${a.errors} errors, ${a.spend} spent, ${a.secondsLeft === null ? '…' : `${a.secondsLeft} s left`}`,
  noPrevious: 'no previous run of the same suites to compare with\n',
  comparedWith: (at) => `compared with the run of ${at}:`,
  compareLine: (a) => `  ${a.suite} ${a.model}: quality ${a.quality}, $/1k ${a.per1k}, p50 ms ${a.p50}`,
  report: {
    title: (at, replay) => `Bench ${at}${replay ? ' (replayed)' : ''}`,
    paretoNote: '★ on the Pareto front of quality against cost.',
    recommendation: 'Recommendation',
    notes: 'Notes',
    none: 'No recommendation: no suite with models ran.',
    routeLine: (a) =>
      `route **${a.route}**: ${a.models} — quality ${a.quality} (${a.ci}), floor ${a.floor}, ${a.per1k} per 1k calls` +
      `${a.monthlyUsd === null ? ', monthly cost unknown (no traffic profile or call log)' : `, $${a.monthlyUsd.toFixed(2)} a month`}; ${a.reason}`,
    unpriced: (m) => `Unpriced (no known price; their cost is unknown, not $0): ${m.join(', ')}.`,
    skipped: (suite, reason) => `Skipped ${suite}: ${reason}.`,
    replayed: 'Replayed calls report the latency recorded when they ran live; their cost is what they would cost live.',
  },
  reason: {
    cascade: (lower, floor, esc) => `cheapest whose 95 % lower bound ${lower} reaches the floor ${floor}; escalates ${esc} of calls`,
    single: (lower, floor) => `cheapest whose 95 % lower bound ${lower} reaches the floor ${floor}`,
    none: (floor) => `no priced candidate's lower bound reaches the floor ${floor} (more cases or repeats narrow the interval): the best model`,
    localAlternative: (names) => `${names.join(', ')} reaches the same floor with no model — a model may not be needed`,
  },
  cost: {
    header: (days, source, total) => `monthly model cost (${days} days, from the ${source === 'profile' ? 'traffic profile' : 'call log'}): ${total}`,
    pricedOnly: (priced, routes) => `  priced routes only: ${priced}; unpriced (cost unknown, not $0): ${routes.join(', ')}`,
    calls: 'calls',
    savings: 'savings:',
    saves: (route, change, usd) => `  ${route}: ${change} — saves ${usd}/month`,
    cascade: (models, esc, suite) => `cascade ${models.join(' → ')} (escalates ${esc} of calls; bench suite ${suite} at parity)`,
    switchTo: (model, suite, q, floor) => `switch to ${model} (bench suite ${suite}: quality ${q}, lower bound ≥ floor ${floor})`,
    batch: (d) => `send through the Batch API (−${d} %, answers within 24 h)`,
    promptCache: (tokens, cached, price) =>
      `keep the ${tokens}-token prompt prefix stable so the provider's prompt cache bills it at $${cached}/MTok instead of $${price}`,
    responseCache: (hit) => `turn the response cache on (cache.enabled): ${hit} of calls are repeats`,
  },
};

export const LAB_TEXT: Record<Locale, LabText> = { ru, en };
export const labText = (locale: Locale): LabText => LAB_TEXT[locale];
