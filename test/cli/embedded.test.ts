/**
 * The README's first command on the embedded default: `herald start` with no keys and no
 * DATABASE_URL creates PGlite in HERALD_DATA_DIR, migrates and seeds it, and runs the console
 * transport on standard input. One process at a time: a second one exits 1 naming the holder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, HERALD_BIN, REPO_ROOT, runHerald } from '../helpers/cli.js';
import { createWaiters } from '../fakes/waiters.js';

const dataDir = mkdtempSync(join(tmpdir(), 'herald-embedded-'));
const env = { HERALD_DATA_DIR: dataDir, HERALD_NOW: '2026-11-23T06:30:00Z' };

describe('herald start on the embedded database', () => {
  afterAll(() => {
    // The temp dir is left for the OS; PGlite files are small.
  });

  it('seeds demo data on first start and prints the brief piped in on stdin, then exits 0', async () => {
    const r = await runHerald(['start'], { env, input: '/brief\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/demo data: \d+ rows/);
    expect(r.stdout).toContain('Итоги дня');
    expect(r.stdout).toMatch(/\[1\] Подробнее/);
  });

  it('presses a button by its number and shows who did what', async () => {
    const r = await runHerald(['start'], { env, input: '/brief\n2\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/demo data/); // seeded once only
    expect(r.stdout).toMatch(/График сохранён: .*\.png/);
    expect(r.stdout).toMatch(/график · \d\d:\d\d/);
  });

  it('answers in English with HERALD_LOCALE=en: an unknown command, plain text as a question (no model: how to enable one), /top without a model', async () => {
    const r = await runHerald(['start'], { env: { ...env, HERALD_LOCALE: 'en' }, input: '/hello there\nhow much did we sell?\n/top units 7d\n/help\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`I don't know the command "hello"`);
    expect(r.stdout).toContain('Free-text questions need a model: set OPENAI_API_KEY');
    expect(r.stdout).toMatch(/Top by units, .+\n1\. [A-Z]+-\d+ /);
    expect(r.stdout).toMatch(/Source: top_products \d{4}-\d{2}-\d{2}…\d{4}-\d{2}-\d{2}\./);
    expect(r.stdout).toMatch(/\/brief \[DATE\]/);
  });

  it('lets one process hold the embedded database: a second exits 1 naming the holder', async () => {
    const holder = spawn(process.execPath, [HERALD_BIN, 'start'], { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const answered = new Promise<void>((resolve) => holder.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.length > 0 && resolve())));
    holder.stdin.write('/status\n');
    await answered;

    const second = await runHerald(['brief', '--format', 'json'], { env });
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toMatch(new RegExp(`held by process ${holder.pid} \\(herald start`));

    holder.stdin.end();
    const code = await new Promise<number | null>((resolve) => holder.on('close', resolve));
    expect(code).toBe(0);

    const after = await runHerald(['brief', '--format', 'json'], { env });
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout).narrativeSource).toBe('template');
  });
});

describe('herald start in a terminal', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.skipIf(!hasScript)('is a line-editing shell with a prompt and history kept in HERALD_DATA_DIR', async () => {
    // `script` gives the process a real pseudo-terminal, as a user's terminal would.
    const child = spawn('script', ['-q', '-c', `${process.execPath} ${HERALD_BIN} start`, '/dev/null'], {
      cwd: REPO_ROOT,
      env: cleanEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const plain = () => out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    const output = createWaiters('herald start');
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      output.notify();
    });
    child.on('close', () => output.cancelAll(`exited; output so far:\n${plain()}`));
    /** The terminal's text once it matches `pattern`; rejects on time-out or exit. */
    const seen = (pattern: RegExp) => output.waitFor(() => pattern.test(plain()) && plain(), { timeoutMs: 60_000, what: `${pattern} in the output` });
    expect(await seen(/herald> /)).toContain('Herald в терминале');
    child.stdin.write('/status\r');
    expect(await seen(/Состояние Herald[\s\S]*herald> /)).toMatch(/Последний день в данных/);
    child.stdin.write('/quit\r');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toContain('До встречи!');
    expect(readFileSync(join(dataDir, 'console_history'), 'utf8')).toContain('/status');
  });
});
