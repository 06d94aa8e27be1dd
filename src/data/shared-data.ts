/**
 * Where the read-only shared data (NAB, the UCI retail sample, model prices) lives:
 * `$HERALD_SHARED_DATA`, else `../shared/data` beside the repository. It is never copied into the
 * repository; benchmarks, evals and some tests read it from there.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this module with a package.json (works from src/ and dist/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function sharedDataDir(env: NodeJS.ProcessEnv = process.env, root: string = repoRoot()): string {
  return env.HERALD_SHARED_DATA ? resolve(env.HERALD_SHARED_DATA) : resolve(root, '..', 'shared', 'data');
}
