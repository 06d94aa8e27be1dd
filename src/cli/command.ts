import type { Config } from '../config.js';
import type { DatabaseSettings } from '../database-settings.js';
import type { StoreRequest } from '../data/bootstrap.js';
import type { Store } from '../data/store.js';
import type { Herald } from '../herald/create-herald.js';
import type { Logger } from '../log.js';
import type { Clock } from '../time/clock.js';

export { RuntimeError, UsageError } from '../errors.js';

/** What every command gets from the composition root (`src/main.ts`). */
export interface CommandContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /**
   * Loads and validates the configuration once (rejects with ConfigError → exit 2). The validator
   * (zod) is imported on this first call, so a command that never asks does not pay for it.
   */
  config(): Promise<Config>;
  /** The database settings alone (DATABASE_URL, HERALD_DATA_DIR…), read without the rest of the configuration. */
  database(): DatabaseSettings;
  /**
   * Opens the store once: the real Postgres when DATABASE_URL is set, else the embedded PGlite,
   * created, migrated and seeded with demo data on first use. It reads only the database settings. A server database is migrated only
   * when asked (`herald start`); otherwise its schema version is checked without DDL.
   */
  store(request?: StoreRequest): Promise<Store>;
  logger(): Logger;
  /** The clock: the system's, or fixed at HERALD_NOW (tests, a rerun of a past morning). */
  clock: Clock;
  /** The clock's reading. */
  now(): Date;
  /**
   * Herald's object graph (`createHerald`) over this command's config, store, logger and clock,
   * built once; closed (call log flushed, budget notices settled) when the command ends.
   */
  herald(request?: StoreRequest): Promise<Herald>;
}

/** What a command module exports: the code that runs once the registry has loaded it. */
export interface CommandRunner {
  run(args: string[], ctx: CommandContext): Promise<number>;
}

/**
 * One `herald` subcommand in the registry (`commands.ts`). Name and texts are plain data so that
 * `herald --help` and `herald X --help` load nothing; `load()` imports the command's module — and
 * with it grammY, Bolt, openai, PGlite or the chart renderer — only when that command runs.
 */
export interface Command {
  name: string;
  /** One line for `herald --help`. */
  summary: string;
  /** Full `herald <name> --help` text. */
  usage: string;
  load(): Promise<CommandRunner>;
}
