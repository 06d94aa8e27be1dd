/**
 * Issue 8, item 11, through the CLI as a process: a provider base URL that is not http(s) stops
 * Herald at boot with exit 2 and one line naming the key — from the environment and from the file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHerald } from '../helpers/cli.js';

describe('provider base URLs at boot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-url-'));

  it('rejects OPENAI_BASE_URL without a scheme, naming it', async () => {
    const r = await runHerald(['brief'], { env: { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'localhost:11434/v1', HERALD_DATA_DIR: join(dir, 'data') } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^config: OPENAI_BASE_URL: must be an http\(s\) URL such as http:\/\/127\.0\.0\.1:11434\/v1[^\n]*\n$/);
  });

  it('rejects an ftp:// baseURL in the config file, naming the key', async () => {
    const config = join(dir, 'herald.config.json');
    writeFileSync(config, JSON.stringify({ providers: { local: { baseURL: 'ftp://models.example/v1' } } }));
    const r = await runHerald(['brief'], { env: { HERALD_CONFIG: config, HERALD_DATA_DIR: join(dir, 'data') } });
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(`config: ${config}: providers.local.baseURL: must be an http(s) URL such as http://127.0.0.1:11434/v1`)).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});
