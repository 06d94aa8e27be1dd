// `herald detect FILE.csv [--format json]`: the generic anomaly detector over a `timestamp,value`
// CSV. One JSON object per input row on stdout; a one-line reason on stderr and exit 2 for bad
// usage or a malformed file.

import { readFile } from 'node:fs/promises';
import { parseSeriesCsv } from '../insights/series-detector/csv.js';
import { DEFAULT_THRESHOLD } from '../insights/series-detector/detector.js';
import { detectRows } from '../insights/series-detector/detect-rows.js';
import type { CommandRunner } from './command.js';

export interface DetectIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `usage: herald detect FILE.csv [--format json]

Scores every row of a timestamp,value CSV for anomalies, online (each point from the past only)
and prints one JSON object per row: {"timestamp","value","score","anomaly"}.
score is in [0,1] (0 during warm-up); anomaly is score >= ${DEFAULT_THRESHOLD}.
`;

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

export async function runDetect(args: string[], io: DetectIo): Promise<number> {
  const fail = async (reason: string): Promise<number> => {
    await write(io.stderr, `detect: ${reason}\n`);
    return 2;
  };
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      await write(io.stdout, USAGE);
      return 0;
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      const format = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (format === undefined) return fail('--format needs a value (json)');
      if (format !== 'json') return fail(`unknown format "${format}" (only json)`);
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') return fail(`unknown flag ${arg}`);
    if (file !== undefined) return fail(`unexpected argument "${arg}" (one FILE.csv only)`);
    file = arg;
  }
  if (file === undefined) return fail('missing FILE.csv (see herald detect --help)');

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(`${file}: cannot read (${code ?? (err as Error).message})`);
  }
  const parsed = parseSeriesCsv(text);
  if (!parsed.ok) return fail(`${file} row ${parsed.error.row}: ${parsed.error.message}`);

  const lines = detectRows(parsed.points).map((r) => JSON.stringify(r));
  // Written in chunks so a long series neither builds one huge string nor floods the stream.
  for (let i = 0; i < lines.length; i += 2000) {
    await write(io.stdout, lines.slice(i, i + 2000).join('\n') + '\n');
  }
  return 0;
}

/** `herald detect` in the CLI registry; it needs no config or database. */
export const detectCommand: CommandRunner = {
  run: (args, ctx) => runDetect(args, ctx),
};
