/**
 * Bolt and its WebClient log through this adapter into Herald's pino logger (stderr, secrets
 * redacted) instead of printing to stdout, which carries only a command's requested output.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../log.js';

export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => logger.debug({ from: 'bolt' }, line(msg)),
    info: (...msg) => logger.info({ from: 'bolt' }, line(msg)),
    warn: (...msg) => logger.warn({ from: 'bolt' }, line(msg)),
    error: (...msg) => logger.error({ from: 'bolt' }, line(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
