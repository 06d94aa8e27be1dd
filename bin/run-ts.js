#!/usr/bin/env node
// Runs a TypeScript script (benchmarks, evals) through tsx: `node bin/run-ts.js bench/x.ts args…`.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [script, ...rest] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: run-ts.js SCRIPT.ts [args…]\n');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(script), ...rest];
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(resolve(script)).href);
