/**
 * The suite registry: every other file in this folder is a suite (its default export), found at
 * run time — adding a suite is adding a file. Files are loaded in name order.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnySuite } from '../suite.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export async function loadSuites(dir = HERE): Promise<AnySuite[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !/^index\.(ts|js)$/.test(f))
    .sort();
  const suites: AnySuite[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default?: AnySuite };
    if (!mod.default || typeof mod.default.run !== 'function') throw new Error(`lab: ${f} has no suite as its default export`);
    suites.push(mod.default);
  }
  return suites;
}
