/**
 * The one owner of the secret set: every configured secret's value, so that any text leaving
 * Herald — a log line, a stored error, a CLI stderr line, a chat reply — can be scrubbed by value,
 * whatever the shape of the object that carried it (grammY's `BotError` holds the bot token four
 * levels deep in `ctx.api.token`; a provider's 401 echoes the API key in its message). Redacting
 * by key path alone misses both.
 *
 * The set is filled at boot from the environment and the loaded config (`loadConfig` registers
 * every provider's key too) and held for the process: secrets surface on paths that never see the config
 * (a vendor's error text, an uncaught exception), so this is deliberately one module-level set.
 * It imports nothing, so the CLI can load it before it knows the command.
 */

/** What a secret becomes (the placeholder today's key-path redaction already writes). */
export const SECRET_PLACEHOLDER = '[secret]';

/** Environment variables whose whole value is a secret. */
const SECRET_ENV = [
  'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SUPABASE_KEY',
  'OPENAI_API_KEY',
] as const;
/** Connection strings whose password is a secret. */
const URL_ENV = ['DATABASE_URL', 'HERALD_READONLY_DATABASE_URL'] as const;
/**
 * Shorter values are not redacted: scrubbing a four-letter password out of every log line would
 * mangle the logs and protect nothing (such a password falls to guessing anyway).
 */
const MIN_LENGTH = 6;

const values = new Set<string>();
let pattern: RegExp | null = null;

/** The secrets the environment holds by name (bot and app tokens, keys, connection-string passwords). */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const name of SECRET_ENV) if (env[name]) out.push(env[name]!.trim());
  for (const name of URL_ENV) {
    const url = env[name]?.trim();
    if (!url) continue;
    try {
      const password = new URL(url).password;
      if (password) out.push(password, decodeURIComponent(password));
    } catch {
      // A malformed URL is config's to reject; its text is never logged whole.
    }
  }
  return out;
}

/** Adds values to the process's secret set (empty and too-short values are ignored). */
export function registerSecrets(list: Iterable<string>): void {
  const before = values.size;
  for (const v of list) {
    if (v.length < MIN_LENGTH) continue;
    values.add(v);
    // The same value as it appears inside a JSON string (a serialised log line) and inside a URL.
    values.add(JSON.stringify(v).slice(1, -1));
    values.add(encodeURIComponent(v));
  }
  if (values.size === before) return;
  // Longest first, so a secret containing another is replaced whole.
  const sorted = [...values].sort((a, b) => b.length - a.length);
  pattern = new RegExp(sorted.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

/** The text with every registered secret replaced by `[secret]`. */
export function redactSecrets(text: string): string {
  return pattern ? text.replace(pattern, SECRET_PLACEHOLDER) : text;
}

/** `value` with every string in it (object values and array items, however deep) scrubbed. */
export function redactSecretsDeep<T>(value: T): T {
  if (!pattern) return value;
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactSecretsDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecretsDeep(v)])) as T;
  }
  return value;
}
