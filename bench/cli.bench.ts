/**
 * `npm run bench:cli`: how long a `herald` command takes before it answers, as a user's shell sees
 * it. Median wall time over N runs (default 10) of a bare `node -e 0`, `herald --help`,
 * `herald brief --format json` and `herald subscriptions list`, the last two on the machine's real
 * Postgres (database `herald_bench_cli`, migrated and seeded with the demo shop once, then reused),
 * and each one's ratio to `node -e 0` measured in the same run. Goals: `--help` ≤ 3×,
 * `subscriptions list` ≤ 6×.
 * It measures the compiled build, as `bin/herald.js` runs it when dist/ is fresh: a missing or
 * stale build is rebuilt first (`npm run build`). `compiled` in the output says which ran.
 * Prints one JSON line on stdout and a human line on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { freshBuild } from '../bin/freshness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'herald.js');
const runs = Number(process.env.BENCH_RUNS ?? 10);
const adminUrl = process.env.HERALD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = 'herald_bench_cli';
const url = adminUrl.replace(/\/[^/]*$/, `/${database}`);
const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-cli-'));
// A clean environment: no chat tokens, no model key; the working directory (no config file) is a scratch one.
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATABASE_URL: url,
  HERALD_DATA_DIR: dataDir,
  HERALD_NOW: '2026-11-23T09:00:00Z',
};

function herald(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env, cwd: dataDir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function ensureDatabase(): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!exists) await admin.unsafe(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const check = postgres(url, { max: 1, onnotice: () => {} });
  let seeded = false;
  try {
    const [row] = await check`select count(*)::int as n from sku_daily`.catch(() => [{ n: 0 }]);
    seeded = (row?.n ?? 0) > 0;
  } finally {
    await check.end();
  }
  // Migrated every time (a no-op when current): the database may have been made by an older Herald.
  for (const args of seeded ? [['db', 'migrate']] : [['db', 'migrate'], ['db', 'seed-demo', '--end-day', '2026-11-22']]) {
    const r = herald(args);
    if (r.code !== 0) throw new Error(`herald ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall time in ms of `argv` run `runs` times (after one warm-up run that fills OS caches). */
function time(argv: string[], expectCode = 0): number {
  const once = () => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, { env, cwd: dataDir, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== expectCode) throw new Error(`${argv.slice(1).join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
    return ms;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

if (!freshBuild(root)) {
  process.stderr.write('bench:cli: dist/ is missing or older than src/, building it first\n');
  const r = spawnSync(process.execPath, [join(root, 'bin', 'build.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('npm run build failed');
}
const compiled = freshBuild(root);
await ensureDatabase();
try {
  const cases = {
    node: ['-e', '0'],
    help: [bin, '--help'],
    brief: [bin, 'brief', '--format', 'json'],
    subscriptionsList: [bin, 'subscriptions', 'list'],
  };
  // Interleave nothing: each case's runs back to back, `node -e 0` measured first and last so a
  // machine that got busier in between shows up as a drift between the two.
  const nodeFirst = time(cases.node);
  const help = time(cases.help);
  const brief = time(cases.brief);
  const subscriptionsList = time(cases.subscriptionsList);
  const nodeLast = time(cases.node);
  const node = Math.min(nodeFirst, nodeLast);
  const ratio = (ms: number) => Number((ms / node).toFixed(2));
  const result = {
    bench: 'cli',
    runs,
    ms: {
      node: Number(node.toFixed(1)),
      help: Number(help.toFixed(1)),
      brief: Number(brief.toFixed(1)),
      subscriptionsList: Number(subscriptionsList.toFixed(1)),
    },
    ratio: { help: ratio(help), brief: ratio(brief), subscriptionsList: ratio(subscriptionsList) },
    nodeDriftMs: Number((nodeLast - nodeFirst).toFixed(1)),
    goals: { help: 3, subscriptionsList: 6 },
    meetsGoals: help / node <= 3 && subscriptionsList / node <= 6,
    compiled,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stderr.write(
    `node -e 0 ${node.toFixed(0)} ms; herald --help ${help.toFixed(0)} ms (${ratio(help)}×, goal ≤ 3×), ` +
      `brief --format json ${brief.toFixed(0)} ms (${ratio(brief)}×), subscriptions list ${subscriptionsList.toFixed(0)} ms ` +
      `(${ratio(subscriptionsList)}×, goal ≤ 6×) — goals ${result.meetsGoals ? 'met' : 'NOT met'}\n`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
