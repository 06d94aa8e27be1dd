#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ and copies every other file under src/ the code reads at
// run time (migrations, the model catalog, any JSON or SQL added later) beside the compiled
// modules. Files outside src/ — prompts/, assets/ (fonts), bench/suites/ — are found from the
// repository root by the same relative paths from dist/ as from src/, so they are not copied.
// Dependencies in PREBUNDLED are bundled into one file each under dist/vendor/ and dist/'s imports
// of them rewritten to it: zod is ~100 ES modules that Node would resolve and compile one by one on
// every start, and every command validates its configuration with it (a third of the startup of
// `herald subscriptions list`). zod's bundle keeps only its English messages: the other 50 locales
// (`z.locales.*`, more than half of its code) are never used by Herald, which words its own errors,
// and calling one in a build throws a clear error. A checkout run through tsx imports the package
// as usual.
// The build ends by writing dist/.build-stamp dated when the build STARTED: bin/herald.js runs
// dist/ only while no source file is newer than that (an edit made during the build counts).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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

/** esbuild plugin: zod's locales/index.js with `en` only; every other locale throws when called. */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => {
      const names = [...readFileSync(args.path, 'utf8').matchAll(/export \{ default as (\w+) \}/g)].map((m) => m[1]);
      const others = names.filter((n) => n !== 'en');
      const contents = [
        `export { default as en } from './en.js';`,
        `const missing = (name) => () => { throw new Error('zod locale "' + name + '" is not in Herald\\'s build (bin/build.js keeps en only)'); };`,
        ...others.map((n) => `export const ${n} = missing('${n}');`),
      ].join('\n');
      return { contents, resolveDir: dirname(args.path), loader: 'js' };
    });
  },
};
const PREBUNDLED = [{ name: 'zod', plugins: [zodEnglishOnly] }];
const { build } = await import('esbuild');
for (const { name, plugins } of PREBUNDLED) {
  await build({
    plugins,
    stdin: { contents: `export * from '${name}';`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: join(dist, 'vendor', `${name}.js`),
    logLevel: 'warning',
  });
}
let rewritten = 0;
(function rewriteImports(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join(dist, 'vendor')) rewriteImports(path);
      continue;
    }
    if (!entry.name.endsWith('.js')) continue;
    const code = readFileSync(path, 'utf8');
    let next = code;
    for (const { name } of PREBUNDLED) {
      const target = relative(dirname(path), join(dist, 'vendor', `${name}.js`)).split('\\').join('/');
      const spec = target.startsWith('.') ? target : `./${target}`;
      next = next.replace(new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*)(['"])${name}\\2`, 'g'), `$1$2${spec}$2`);
    }
    if (next !== code) {
      writeFileSync(path, next);
      rewritten++;
    }
  }
})(dist);

const stamp = join(dist, BUILD_STAMP);
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
process.stderr.write(`build: dist/ compiled, ${copied} runtime file(s) copied from src/, ${PREBUNDLED.map((p) => p.name).join(', ')} pre-bundled for ${rewritten} module(s)\n`);
