#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ and copies every other file under src/ the code reads at
// run time (migrations, the model catalog, any JSON or SQL added later) beside the compiled
// modules. Files outside src/ — prompts/, assets/ (fonts), bench/suites/ — are found from the
// repository root by the same relative paths from dist/ as from src/, so they are not copied.
// The build ends by writing dist/.build-stamp dated when the build STARTED: bin/herald.js runs
// dist/ only while no source file is newer than that (an edit made during the build counts).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP } from './freshness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const started = new Date();

// A clean output: a module deleted from src/ must not linger in dist/.
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

let copied = 0;
(function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (!/\.(ts|tsx|mts|cts)$/.test(entry.name)) {
      const target = join(dist, relative(src, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
      copied++;
    }
  }
})(src);

const stamp = join(dist, BUILD_STAMP);
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
process.stderr.write(`build: dist/ compiled, ${copied} runtime file(s) copied from src/\n`);
