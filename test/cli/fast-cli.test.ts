/**
 * The CLI answers at once (issue 10 item 11): a command loads only its own dependencies, and
 * `bin/herald.js` runs the compiled dist/ only while it is newer than every source file.
 * The module checks run the real `herald` as a process with a loader hook that records every
 * module it resolves; the entry and build checks run the real bin/ scripts in a scratch checkout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { cleanEnv, HERALD_BIN, REPO_ROOT } from '../helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'herald-fast-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `herald ARGS` and returns the modules it resolved (node_modules packages by name). */
function modulesLoadedBy(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; packages: Set<string>; own: Set<string> } {
  const log = join(scratch, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const hooks = join(scratch, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}
`,
  );
  const register = join(scratch, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, HERALD_BIN, ...args], {
    cwd: scratch,
    env: cleanEnv({ HERALD_DATA_DIR: join(scratch, 'data'), ...env }),
    encoding: 'utf8',
  });
  const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  const packages = new Set<string>();
  const own = new Set<string>();
  for (const url of urls) {
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (pkg) packages.add(pkg[1]!);
    const mine = /\/(?:src|dist)\/(.+)\.(?:ts|js)$/.exec(url);
    if (mine && !url.includes('/node_modules/')) own.add(mine[1]!);
  }
  return { code: r.status, stdout: r.stdout, packages, own };
}

const HEAVY = ['grammy', '@slack/bolt', 'openai', '@electric-sql/pglite', '@resvg/resvg-js', 'vega', 'vega-lite', 'postgres', 'zod', 'pino'];

describe('herald loads a command only when it runs', () => {
  it('`herald --help` lists every command and imports no chat, model, database or chart library', () => {
    const r = modulesLoadedBy(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name} `);
    for (const heavy of HEAVY) expect(r.packages, heavy).not.toContain(heavy);
    // No command's module: each one is loaded only when that command runs.
    expect([...r.own].filter((m) => COMMANDS.some((c) => m === `cli/${c.name}`))).toEqual([]);
  });

  it('`herald brief --help` prints the usage from the registry without loading the brief', () => {
    const r = modulesLoadedBy(['brief', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: herald brief/);
    expect(r.own).not.toContain('cli/brief');
    for (const heavy of HEAVY) expect(r.packages, heavy).not.toContain(heavy);
  });

  it('`herald subscriptions list` on Postgres loads neither PGlite nor grammY, Bolt, openai or charts', () => {
    // A refused connection is enough: the drivers are chosen and loaded before connecting.
    const r = modulesLoadedBy(['subscriptions', 'list'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.packages).toContain('postgres');
    for (const heavy of ['grammy', '@slack/bolt', 'openai', '@electric-sql/pglite', '@resvg/resvg-js', 'vega']) expect(r.packages, heavy).not.toContain(heavy);
    expect(r.own).toContain('cli/subscriptions');
    expect(r.own).not.toContain('cli/start');
    expect(r.own).not.toContain('cli/brief');
    // Opening a server store reads the database settings alone: no config validator, no logger.
    expect(r.packages).not.toContain('zod');
    expect(r.packages).not.toContain('pino');
    expect(r.own).not.toContain('config');
  });

  it('`subscriptions add` validates the whole configuration; list and remove read only the database settings', () => {
    const dir = join(scratch, 'bad-config');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'herald.config.json'), '{"schedule": {"briefAt": "25:00"}}\n');
    const env = cleanEnv({ HERALD_DATA_DIR: join(scratch, 'data'), HERALD_CONFIG: join(dir, 'herald.config.json'), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    const add = spawnSync(process.execPath, [HERALD_BIN, 'subscriptions', 'add', '--chat', '-100123'], { cwd: scratch, env, encoding: 'utf8' });
    expect(add.status).toBe(2);
    expect(add.stderr).toMatch(/schedule\.briefAt: must be HH:MM \(24-hour\) \(got "25:00"\)/);
    // list gets as far as the (refused) connection: the config file is not its business.
    const list = spawnSync(process.execPath, [HERALD_BIN, 'subscriptions', 'list'], { cwd: scratch, env, encoding: 'utf8' });
    expect(list.status).toBe(1);
    expect(list.stderr).toMatch(/database: cannot connect/);
    // A bad database setting still fails at once, naming the key and never quoting the URL.
    const badUrl = spawnSync(process.execPath, [HERALD_BIN, 'subscriptions', 'list'], { cwd: scratch, env: { ...env, DATABASE_URL: 'mysql://u:pw@h/db' }, encoding: 'utf8' });
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr.trim()).toBe('config: DATABASE_URL: must start with postgres:// or postgresql://');
  });

  it('every registry entry loads a module that runs', async () => {
    for (const c of COMMANDS) {
      const runner = await c.load();
      expect(typeof runner.run, c.name).toBe('function');
      expect(c.usage, c.name).toMatch(new RegExp(`herald ${c.name}\\b`, 'i'));
    }
  });
});

/** A scratch checkout: bin/ copied from the repository, node_modules linked, a tiny src/. */
function scratchCheckout(name: string): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'src', 'data', 'migrations'), { recursive: true });
  cpSync(join(REPO_ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(root, 'tsconfig.json'), readFileSync(join(REPO_ROOT, 'tsconfig.json')));
  writeFileSync(join(root, 'tsconfig.build.json'), readFileSync(join(REPO_ROOT, 'tsconfig.build.json')));
  writeFileSync(
    join(root, 'src', 'main.ts'),
    `import { readFileSync } from 'node:fs';
import { z } from 'zod';
const sql: string = readFileSync(new URL('./data/migrations/001.sql', import.meta.url), 'utf8');
process.stdout.write(import.meta.url.includes('/dist/') ? 'compiled ' + sql : 'source ' + sql);
process.stdout.write(z.string().min(2).safeParse('a').error!.issues[0]!.message + '\\n');
try {
  process.stdout.write(typeof z.locales.ru().localeError + '\\n');
} catch (err) {
  process.stdout.write((err as Error).message + '\\n');
}
`,
  );
  writeFileSync(join(root, 'src', 'data', 'migrations', '001.sql'), 'create table t (x int);\n');
  return root;
}

/** The entry's first line (which code ran, and the file it read); `lines` has all of them. */
function runEntry(root: string): string {
  return entryLines(root)[0]!;
}

function entryLines(root: string): string[] {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'herald.js')], { cwd: root, encoding: 'utf8', env: cleanEnv() });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split('\n');
}

describe('bin/herald.js runs compiled JavaScript only when the build is fresh', () => {
  const root = scratchCheckout('checkout');

  it('a clone without a build runs the sources', () => {
    expect(entryLines(root)).toEqual(['source create table t (x int);', 'Too small: expected string to have >=2 characters', 'function']);
  });

  it('`npm run build` compiles and carries the files the code reads; the fresh build runs', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'build.js')], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(root, 'dist', 'main.js'))).toBe(true);
    expect(readFileSync(join(root, 'dist', 'data', 'migrations', '001.sql'), 'utf8')).toContain('create table');
    expect(runEntry(root)).toBe('compiled create table t (x int);');
  });

  it('the build runs zod from one pre-bundled file, with its English messages only', () => {
    expect(existsSync(join(root, 'dist', 'vendor', 'zod.js'))).toBe(true);
    const main = readFileSync(join(root, 'dist', 'main.js'), 'utf8');
    expect(main).toContain(`from './vendor/zod.js'`);
    expect(main).not.toMatch(/from ['"]zod['"]/);
    expect(entryLines(root)).toEqual([
      'compiled create table t (x int);',
      'Too small: expected string to have >=2 characters',
      `zod locale "ru" is not in Herald's build (bin/build.js keeps en only)`,
    ]);
  });

  it('a source edited after the build makes the build stale: the sources run until it is rebuilt', () => {
    const later = new Date(Date.now() + 5_000);
    writeFileSync(join(root, 'src', 'data', 'migrations', '001.sql'), 'create table u (y int);\n');
    utimesSync(join(root, 'src', 'data', 'migrations', '001.sql'), later, later);
    expect(runEntry(root)).toBe('source create table u (y int);');
  });

  it('without src/ (the Docker image) dist/ runs', () => {
    rmSync(join(root, 'src'), { recursive: true });
    expect(runEntry(root)).toBe('compiled create table t (x int);');
  });
});
