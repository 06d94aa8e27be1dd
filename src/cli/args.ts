import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseUserDay } from '../time/days.js';
import { UsageError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs with our error style: an unknown flag or a missing value becomes a
 * one-line UsageError naming the flag (exit 2). Node's own messages span several lines for a flag
 * followed by another flag (`--format --date D`), which SPEC section 1 does not allow.
 */
export function parseFlags<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(`${command}: ${usageReason(err as Error & { code?: string }, args)}`);
  }
}

/** One line for a parseArgs failure. */
function usageReason(err: Error & { code?: string }, args: readonly string[]): string {
  const missing = /^Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument (missing|is ambiguous)/.exec(err.message);
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && missing) {
    const flag = missing[1]!;
    const next = args[args.indexOf(flag) + 1];
    return missing[2] === 'missing' || next === undefined
      ? `${flag} needs a value`
      : `${flag} needs a value (got the flag ${next}; write ${flag}=${next} if that is the value)`;
  }
  return err.message.replace(/\. To specify a positional argument.*$/s, '').split('\n')[0]!.trim();
}

/**
 * Reads a `--date` value as people type it (`2026-11-20`, `20.11.2026`, `20 ноября`, `вчера`,
 * `yesterday`…, see `parseUserDay`); `today` is the shop's calendar day for the relative words.
 */
export function parseDay(command: string, value: string | undefined, today: string): string | undefined {
  if (value === undefined) return undefined;
  const read = parseUserDay(value, today);
  if (read.ok) return read.day;
  if (read.reason === 'impossible') throw new UsageError(`${command}: --date: "${value}" is not a real date (no such day in the calendar)`);
  throw new UsageError(`${command}: --date: "${value}" is not a date (examples: 2026-11-20, 20.11.2026, 20 ноября, вчера, yesterday)`);
}

/** Validates an enumerated flag value. */
export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${command}: --${flag}: "${value}" is not one of ${allowed.join(', ')}`);
}
