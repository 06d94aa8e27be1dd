import pino from 'pino';

export type Logger = pino.Logger;

/** Secrets never reach a log line: these keys are redacted wherever they appear. */
const REDACT = [
  '*.apiKey', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.webhookSecret',
  '*.authorization', '*.Authorization', 'headers.authorization', '*.password', '*.url',
];

/**
 * Logs go to stderr (standard output carries only the requested output, SPEC section 1).
 * `HERALD_LOG_LEVEL` sets the level (default `info`; CLI one-shot commands use `warn`).
 */
export function createLogger(level = process.env.HERALD_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[secret]' } }, pino.destination(2));
}
