/**
 * The import boundaries of `.dependency-cruiser.cjs` (run by `npm test` as `npm run lint:deps`):
 * Herald's own `src/` has no violation, and each rule fires on a small tree that crosses it —
 * through a static, a type-only, a dynamic and a re-export import — so a rule that could never
 * fail would show here.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type IConfiguration, type IViolation } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as Required<Pick<IConfiguration, 'forbidden' | 'options'>>;

async function violations(baseDir: string): Promise<IViolation[]> {
  const { doNotFollow, tsPreCompilationDeps, enhancedResolveOptions } = config.options;
  const result = await cruise(['src'], {
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    doNotFollow,
    tsPreCompilationDeps,
    enhancedResolveOptions,
    outputType: 'json',
    // The fixture's node_modules is a link to Herald's: keep its path, so vendor rules see node_modules/….
    preserveSymlinks: true,
  });
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  return output.summary.violations as IViolation[];
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A throw-away project: `files` under its root, with node_modules linked to Herald's so vendor imports resolve. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'herald-boundaries-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"NodeNext","moduleResolution":"NodeNext","allowImportingTsExtensions":false}}');
  // A symlink, not a copy: the vendor packages are the ones Herald installs.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

const rulesOf = (vs: IViolation[]) => [...new Set(vs.map((v) => v.rule.name))].sort();

describe('import boundaries (dependency-cruiser)', () => {
  it('Herald\'s src/ crosses none', async () => {
    const vs = await violations(root);
    expect(vs.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 60_000);

  it('insights/ importing the store, the router importing a feature, render/ importing data/ fail (static and type-only imports)', async () => {
    const dir = tree({
      'src/data/store.ts': 'export interface Store { q(): void }\n',
      'src/insights/tag.ts': "import type { Store } from '../data/store.js';\nexport const tag = (s: Store) => s;\n",
      'src/alerts/lifecycle.ts': 'export const open = 1;\n',
      'src/router/router.ts': "import { open } from '../alerts/lifecycle.js';\nexport const r = open;\n",
      'src/render/chart.ts': "import type { Store } from '../data/store.js';\nexport const c = (s: Store) => s;\n",
    });
    expect(rulesOf(await violations(dir))).toEqual(['insights-is-pure', 'render-is-pure', 'router-knows-no-feature']);
  }, 60_000);

  it('a vendor SDK outside its folder fails, through a dynamic import and a re-export too', async () => {
    const dir = tree({
      'src/alerts/notify.ts': "export async function load() { return import('grammy'); }\n",
      'src/chat/commands.ts': "export { WebClient } from '@slack/web-api';\n",
      'src/ask/tools.ts': "import postgres from 'postgres';\nexport const sql = postgres;\n",
      'src/delivery/send.ts': "import OpenAI from 'openai';\nexport const client = OpenAI;\n",
      'src/transports/telegram.ts': "import { Bot } from 'grammy';\nexport const bot = Bot;\n",
      'src/router/openai-model.ts': "import OpenAI from 'openai';\nexport const o = OpenAI;\n",
    });
    const vs = await violations(dir);
    expect(rulesOf(vs)).toEqual(['chat-sdks-only-in-transports', 'features-without-vendor-sdk', 'openai-only-in-router']);
    // The transport's grammY and the router's openai are where they belong.
    expect(vs.some((v) => v.from.startsWith('src/transports/') || v.from.startsWith('src/router/'))).toBe(false);
  }, 60_000);

  it('delivery importing render/ and two folders importing each other fail', async () => {
    const dir = tree({
      'src/render/message.ts': "import { limits } from '../delivery/limits.js';\nexport const render = limits;\n",
      'src/delivery/limits.ts': 'export const limits = 4096;\n',
      'src/delivery/dispatch.ts': "import { render } from '../render/message.js';\nexport const d = render;\n",
    });
    expect(rulesOf(await violations(dir))).toEqual(['delivery-sends-what-it-is-given', 'no-folder-cycles']);
  }, 60_000);
});
