// Whether dist/ may run: it was built (dist/.build-stamp, written last by bin/build.js) and no
// source file has changed since that build started. A build older than its sources never runs.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_STAMP = '.build-stamp';

/** Files besides src/ whose change makes a build stale. */
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json'];

export function freshBuild(root) {
  let built;
  try {
    built = statSync(join(root, 'dist', BUILD_STAMP)).mtimeMs;
    statSync(join(root, 'dist', 'main.js'));
  } catch {
    return false;
  }
  for (const file of BUILD_INPUTS) {
    try {
      if (statSync(join(root, file)).mtimeMs > built) return false;
    } catch {
      // absent (an installed package ships no tsconfig): nothing to compare
    }
  }
  return !newerThan(join(root, 'src'), built);
}

// Runs before every command from a checkout (about 300 files): string paths and stat without
// throwing keep it to a few milliseconds.
function newerThan(dir, ms) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory() ? newerThan(path, ms) : (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) > ms) return true;
  }
  return false;
}
