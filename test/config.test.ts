import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function dirWith(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'herald-cfg-'));
  writeFileSync(join(dir, 'herald.config.json'), JSON.stringify(config));
  return dir;
}

describe('loadConfig', () => {
  it('gives the SPEC defaults with an empty environment and no file', () => {
    const c = loadConfig({ env: {}, cwd: '/nonexistent' });
    expect(c.configPath).toBeNull();
    expect(c.locale).toBe('ru');
    expect(c.timeZone).toBe('Europe/Moscow');
    expect(c.database).toEqual({ url: null, readonlyUrl: null, dataDir: '/nonexistent/.herald' });
    expect(c.routes).toEqual({});
    expect(c.data).toEqual({ relation: 'sku_daily', etlRunsRelation: 'etl_runs', currency: 'RUB' });
    expect(c.thresholds.tags).toMatchObject({ topN: 5, growthPct: 0.3, declinePct: 0.3, lowStockDays: 7, adInefficientDrr: 0.2, priceChangePct: 0.1 });
    expect(c.schedule.briefAt).toBe('09:00');
    expect(c.telegram).toBeNull();
    expect(c.port).toBe(3000);
  });

  it('defaults the routes to the SPEC example when only an OpenAI key is set', () => {
    const c = loadConfig({ env: { OPENAI_API_KEY: 'sk-test' }, cwd: '/nonexistent' });
    expect(c.routes.brief?.models).toEqual(['gpt-5-mini', 'gpt-5']);
    expect(c.providers.openai).toEqual({ baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' });
  });

  it('reads the file, merges access lists with the environment and takes env locale over the file', () => {
    const cwd = dirWith({
      providers: { deepseek: { baseURL: 'https://api.deepseek.com/v1', apiKeyEnv: 'DEEPSEEK_API_KEY' } },
      models: { ds: { provider: 'deepseek', model: 'deepseek-chat', inputPerMTok: 0.27, outputPerMTok: 1.1 } },
      routes: { brief: { models: ['ds', 'gpt-5-mini'], timeoutMs: 5000, canary: { model: 'gpt-5', share: 0.1 } } },
      access: { admins: ['42'] },
      locale: 'en',
    });
    const c = loadConfig({ env: { HERALD_ADMINS: '7, 8', HERALD_LOCALE: 'ru', TELEGRAM_ALLOWED_CHATS: '-100123' }, cwd });
    expect(c.configPath).toBe(join(cwd, 'herald.config.json'));
    expect(c.routes.brief).toMatchObject({ models: ['ds', 'gpt-5-mini'], timeoutMs: 5000, canary: { model: 'gpt-5', share: 0.1 } });
    expect(c.access.admins).toEqual(['42', '7', '8']);
    expect(c.access.telegramChats).toEqual(['-100123']);
    expect(c.locale).toBe('ru');
  });

  it('accepts a model on a provider the catalog knows without a providers entry (local Ollama)', () => {
    const c = loadConfig({ env: {}, cwd: dirWith({ models: { local: { provider: 'ollama', model: 'llama3.2' } }, routes: { brief: { models: ['local'] } } }) });
    expect(c.routes.brief?.models).toEqual(['local']);
  });

  it.each([
    [{ env: { HERALD_LOCALE: 'de' } }, /^config: HERALD_LOCALE: /],
    [{ env: { HERALD_TZ: 'Moscow' } }, /^config: HERALD_TZ: must be an IANA time zone/],
    [{ env: { PORT: 'eighty' } }, /^config: PORT: /],
    [{ env: { HERALD_TRANSPORT_START_TIMEOUT_MS: '30s' } }, /^config: HERALD_TRANSPORT_START_TIMEOUT_MS: must be a number of milliseconds/],
    [{ env: { DATABASE_URL: 'mysql://x' } }, /^config: DATABASE_URL: must start with postgres/],
    [{ env: { TELEGRAM_BOT_TOKEN: 'nope' } }, /^config: TELEGRAM_BOT_TOKEN: /],
    [{ env: { TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_URL: 'https://x.example/tg' } }, /TELEGRAM_WEBHOOK_SECRET: required/],
    [{ env: { SLACK_BOT_TOKEN: 'xoxb-1' } }, /SLACK_SIGNING_SECRET: required/],
    [{ env: { SUPABASE_URL: 'https://x.supabase.co' } }, /SUPABASE_KEY: set both/],
    [{ env: { HERALD_CONFIG: '/nonexistent/herald.json' } }, /HERALD_CONFIG: file .* does not exist/],
    [{ file: { models: { m: { provider: 'nowhere', model: 'x' } } } }, /models\.m\.provider: unknown provider "nowhere"/],
    [{ file: { routes: { brief: { models: ['gpt-5-mini', 'gpt5-mini'] } } } }, /^config: routes\.brief\.models\[1\]: unknown model "gpt5-mini"/],
    [{ file: { routes: { ask: { models: ['gpt-5-mini'], shadow: { model: 'nope' } } } } }, /^config: routes\.ask\.shadow\.model: unknown model "nope"/],
    [{ file: { schedule: { briefAt: '9am' } } }, /schedule\.briefAt: must be HH:MM/],
    [{ file: { routes: { chat: { models: ['x'] } } } }, /routes/],
    [{ file: { thresholds: { tags: { growthPct: -1 } } } }, /thresholds\.tags\.growthPct/],
    [{ env: { OPENAI_BASE_URL: 'localhost:11434/v1' } }, /^config: OPENAI_BASE_URL: must be an http\(s\) URL/],
    [{ env: { OPENAI_BASE_URL: 'ftp://files.example/v1' } }, /^config: OPENAI_BASE_URL: must be an http\(s\) URL/],
    [{ file: { providers: { ollama: { baseURL: 'localhost:11434/v1' } } } }, /^config: .*herald\.config\.json: providers\.ollama\.baseURL: must be an http\(s\) URL/],
    [{ file: { providers: { x: { baseURL: 'ftp://files.example/v1' } } } }, /providers\.x\.baseURL: must be an http\(s\) URL/],
    [{ env: { TELEGRAM_API_ROOT: 'file:///etc/passwd' } }, /^config: TELEGRAM_API_ROOT: must be an http\(s\) URL/],
  ])('fails with a ConfigError naming the key: %j', (input, expected) => {
    const cwd = 'file' in input ? dirWith(input.file) : '/nonexistent';
    const env = 'env' in input ? input.env : {};
    let error: unknown;
    try {
      loadConfig({ env, cwd });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(expected);
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects a file that is not JSON, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-cfg-'));
    writeFileSync(join(dir, 'herald.config.json'), '{ routes: ');
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(/herald\.config\.json: not valid JSON/);
  });

  it('never puts a secret value in an error', () => {
    try {
      loadConfig({ env: { TELEGRAM_BOT_TOKEN: 'secret-token-value' }, cwd: '/nonexistent' });
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-token-value');
    }
  });
});
