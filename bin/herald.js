#!/usr/bin/env node
// Entry point for `herald` / `npx herald`. It runs the compiled dist/ when a build exists that is
// newer than every source file (`npm run build`), else the TypeScript sources through tsx — so a
// fresh clone runs with no build step and an edited checkout never runs a stale build. The Docker
// image ships only dist/ (no src/), which then always runs.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { freshBuild } from './freshness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'main.ts');
if (existsSync(source) && !freshBuild(root)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, 'dist', 'main.js')).href);
}
