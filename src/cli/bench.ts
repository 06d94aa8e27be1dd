import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot, sharedDataDir } from '../data/shared-data.js';
import { assembleResults, routesBlock } from '../lab/assemble.js';
import { compareRuns, renderComparison, saveRun } from '../lab/history.js';
import { createStoreRecordings } from '../lab/recordings.js';
import { writeReports } from '../lab/report.js';
import { renderTable, writeResultsJson } from '../lab/results.js';
import { runBench } from '../lab/run-bench.js';
import { loadSuites } from '../lab/suites/index.js';
import { profileFromLogs, readProfile } from '../lab/traffic.js';
import { labText } from '../locales/lab.js';
import { parseFlags } from './args.js';
import { UsageError, type CommandRunner } from './command.js';
import { spreadMultiValues } from './multi-flags.js';

export const benchCommand: CommandRunner = {
  async run(args, ctx) {
    const { values } = parseFlags('bench', spreadMultiValues(args, ['suite', 'models']), {
      suite: { type: 'string', multiple: true },
      models: { type: 'string', multiple: true },
      repeats: { type: 'string' },
      concurrency: { type: 'string' },
      replay: { type: 'boolean' },
      compare: { type: 'boolean' },
      'write-routes': { type: 'string' },
      profile: { type: 'string' },
      floor: { type: 'string' },
      out: { type: 'string' },
    });
    const repeats = positiveInt('repeats', values.repeats, 1);
    const concurrency = positiveInt('concurrency', values.concurrency, 4);
    const floorShare = values.floor === undefined ? 0.95 : Number(values.floor);
    if (!(floorShare > 0 && floorShare <= 1)) throw new UsageError(`bench: --floor: "${values.floor}" is not a share in (0, 1]`);
    const profile = values.profile !== undefined ? readProfile(values.profile, 'bench') : null;
    const config = await ctx.config();
    const all = await loadSuites();
    const named = values.suite;
    if (named) {
      const unknown = named.filter((n) => !all.some((s) => s.name === n));
      if (unknown.length > 0) throw new UsageError(`bench: --suite: unknown suite "${unknown[0]}" (known: ${all.map((s) => s.name).join(', ')})`);
    }
    const suites = named ? all.filter((s) => named.includes(s.name)) : all;
    const store = await ctx.store();
    const startedAt = ctx.now();
    const replay = values.replay ?? false;
    const outcome = await runBench({
      config,
      suites,
      ...(values.models ? { models: values.models } : {}),
      repeats,
      concurrency,
      replay,
      context: { sharedDataDir: sharedDataDir(), rootDir: repoRoot(), store, config },
      recordings: createStoreRecordings(store, ctx.clock),
      progress: ctx.stderr,
      warn: (line) => ctx.stderr.write(`${line}\n`),
      logger: ctx.logger(),
      locale: config.locale,
    });
    const traffic = profile ? { profile, source: 'profile' as const } : { profile: await profileFromLogs(store, 30, ctx.now()), source: 'call_log' as const };
    const { results, extras } = assembleResults(outcome, { startedAt, finishedAt: ctx.now(), replay, traffic, floorShare, locale: config.locale });
    const t = labText(config.locale);
    const previous = await saveRun(store, results);
    if (values.compare) {
      extras.comparison = previous ? renderComparison(previous, compareRuns(previous, results), config.locale) : t.noPrevious;
    }
    const out = resolve(values.out ?? join(config.database.dataDir, 'bench'));
    mkdirSync(out, { recursive: true });
    writeResultsJson(out, results);
    await writeReports(out, results, extras, config.locale);
    if (values['write-routes'] !== undefined) {
      writeFileSync(values['write-routes'], `${JSON.stringify(routesBlock(results, config), null, 2)}\n`);
      ctx.stderr.write(`${t.wroteRoutes(values['write-routes'])}\n`);
    }
    ctx.stdout.write(renderTable(results, config.locale));
    for (const [suite, policies] of Object.entries(results.at95 ?? {})) {
      const shares = Object.entries(policies).map(([p, a]) => `${p} ${t.pct(a.costShare)}`);
      ctx.stdout.write(`${t.at95Line(suite, shares)}\n`);
    }
    if (extras.comparison) ctx.stdout.write(extras.comparison);
    ctx.stderr.write(`${t.wroteReports(out)}\n`);
    return 0;
  },
};

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 10_000) throw new UsageError(`bench: --${flag}: "${value}" is not a whole number from 1 to 10000`);
  return n;
}
