import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runDetect } from '../../../src/cli/detect.js';
import { parseSeriesCsv } from '../../../src/insights/series-detector/csv.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await runDetect(args, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csv(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, body);
  return path;
}

describe('herald detect', () => {
  it('prints one JSON object per row, in order, with the timestamp exactly as in the file', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')} 00:00:0${i % 10},${10 + (i % 3)}`);
    const path = await csv('ok.csv', `timestamp,value\n${rows.join('\n')}\n`);
    const r = await run([path, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(50);
    expect(lines[3]).toMatchObject({ timestamp: rows[3]!.split(',')[0], value: 10, score: 0, anomaly: false });
    expect(Object.keys(lines[0]!)).toEqual(['timestamp', 'value', 'score', 'anomaly']);
  });

  it('exits 2 naming the file and row of a value that is not a number', async () => {
    const path = await csv('data.csv', 'timestamp,value\n2024-01-01,1\n2024-01-02,abc\n');
    const r = await run([path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`detect: ${path} row 3: value "abc" is not a number\n`);
  });

  it('exits 2 naming the row of a bad timestamp', async () => {
    const path = await csv('bad-time.csv', 'timestamp,value\n2024-01-01,1\n2024-02-31,2\n');
    const r = await run([path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-time\.csv row 3: timestamp "2024-02-31" is not a date/);
  });

  it('exits 2 naming an unknown flag', async () => {
    const r = await run(['x.csv', '--verbose']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown flag --verbose/);
  });

  it('exits 2 on an unknown format, a missing file argument or an unreadable file', async () => {
    expect((await run(['x.csv', '--format', 'xml'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
    const missing = await run([join(dir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv: cannot read/);
  });

  it('prints usage on --help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: herald detect FILE\.csv/);
  });
});

describe('series CSV parser', () => {
  it('rejects a file without the timestamp,value header at row 1', () => {
    expect(parseSeriesCsv('time,amount\n2024-01-01,1\n')).toEqual({
      ok: false,
      error: { row: 1, message: expect.stringContaining('header') },
    });
  });

  it('reads NAB rows, keeping repeated timestamps that real exports contain', () => {
    const r = parseSeriesCsv('timestamp,value\n2014-03-09 03:00:00,1.5\n2014-03-09 03:00:00,2e3\n');
    expect(r.ok && r.points.map((p) => [p.timestamp, p.value, p.time.toISOString()])).toEqual([
      ['2014-03-09 03:00:00', 1.5, '2014-03-09T03:00:00.000Z'],
      ['2014-03-09 03:00:00', 2000, '2014-03-09T03:00:00.000Z'],
    ]);
  });

  it('rejects a row with a missing value column', () => {
    expect(parseSeriesCsv('timestamp,value\n2024-01-01,1\n2024-01-02\n')).toMatchObject({ ok: false, error: { row: 3 } });
  });
});
