import { join, resolve } from 'node:path';
import { repoRoot, sharedDataDir } from '../data/shared-data.js';
import { runBench } from '../lab/run-bench.js';
import { createMemoryRecordings, createStoreRecordings } from '../lab/recordings.js';
import { renderTable, writeResultsJson, type BenchResults } from '../lab/results.js';
import { loadSuites } from '../lab/suites/index.js';
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
      out: { type: 'string' },
    });
    const repeats = positiveInt('repeats', values.repeats, 1);
    const concurrency = positiveInt('concurrency', values.concurrency, 4);
    const config = ctx.config();
    const all = await loadSuites();
    const named = values.suite;
    if (named) {
      const unknown = named.filter((n) => !all.some((s) => s.name === n));
      if (unknown.length > 0) throw new UsageError(`bench: --suite: unknown suite "${unknown[0]}" (known: ${all.map((s) => s.name).join(', ')})`);
    }
    const suites = named ? all.filter((s) => named.includes(s.name)) : all;
    const store = await ctx.store();
    const startedAt = ctx.now();
    const outcome = await runBench({
      config,
      suites,
      ...(values.models ? { models: values.models } : {}),
      repeats,
      concurrency,
      replay: values.replay ?? false,
      context: { sharedDataDir: sharedDataDir(), rootDir: repoRoot(), store },
      recordings: store ? createStoreRecordings(store, ctx.now) : createMemoryRecordings(),
      progress: ctx.stderr,
      warn: (line) => ctx.stderr.write(`${line}\n`),
      logger: ctx.logger(),
    });
    const results: BenchResults = {
      startedAt: startedAt.toISOString(),
      finishedAt: ctx.now().toISOString(),
      suites: [...new Set(outcome.runs.map((r) => r.suite))],
      replay: values.replay ?? false,
      runs: outcome.runs.map((r) => r.summary()),
      recommendation: {},
      skipped: outcome.skipped,
    };
    const out = resolve(values.out ?? join(config.database.dataDir, 'bench'));
    writeResultsJson(out, results);
    ctx.stdout.write(renderTable(results));
    ctx.stderr.write(`bench: wrote ${join(out, 'results.json')}\n`);
    return 0;
  },
};

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 10_000) throw new UsageError(`bench: --${flag}: "${value}" is not a whole number from 1 to 10000`);
  return n;
}
