import { createRequire } from 'node:module';
import type pino from 'pino';
import { redactSecrets } from './secrets.js';

export type Logger = pino.Logger;

/**
 * pino (a CommonJS package) is required when the first logger is made, not when this module is
 * imported: a CLI command that never logs (`herald subscriptions list`) does not pay for it.
 */
let loaded: typeof pino | undefined;
const loadPino = (): typeof pino => (loaded ??= createRequire(import.meta.url)('pino') as typeof pino);

/** Secrets never reach a log line: these keys are redacted wherever they appear. */
const REDACT = [
  '*.apiKey', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.webhookSecret',
  '*.authorization', '*.Authorization', 'headers.authorization', '*.password', '*.url',
];

/**
 * Logs go to stderr (standard output carries only the requested output, SPEC section 1).
 * `HERALD_LOG_LEVEL` sets the level (default `info`; CLI one-shot commands use `warn`).
 * Besides the key paths above, every serialised line is scrubbed of every configured secret by
 * value (src/secrets.ts), however deep the object that carried it.
 */
export function createLogger(level = process.env.HERALD_LOG_LEVEL ?? 'info', destination?: { write(line: string): unknown }): Logger {
  const pino = loadPino();
  const out = destination ?? pino.destination(2);
  return pino({ level, redact: { paths: REDACT, censor: '[secret]' } }, { write: (line: string) => out.write(redactSecrets(line)) });
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' };

/**
 * A destination for people at a terminal (the console shell): each pino line becomes
 * `herald: warning: message (error: …)` instead of raw JSON. Lines that are not JSON pass through.
 */
export function humanLogLines(stream: { write(line: string): unknown }): { write(line: string): unknown } {
  return {
    write(line: string) {
      let o: { level?: number; msg?: string; err?: { message?: string } };
      try {
        o = JSON.parse(line);
      } catch {
        return stream.write(line);
      }
      const why = o.err?.message ? ` (${o.err.message})` : '';
      return stream.write(`herald: ${LEVELS[o.level ?? 30] ?? 'log'}: ${o.msg ?? ''}${why}\n`);
    },
  };
}
