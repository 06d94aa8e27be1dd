/**
 * The database settings alone — DATABASE_URL, HERALD_READONLY_DATABASE_URL, HERALD_DATA_DIR — read
 * without the rest of the configuration. Opening the store needs nothing else, so a command that
 * only reads or writes the database (`herald subscriptions list`) starts without loading the
 * configuration's validator. `loadConfig` reads these keys only through here, so there is one rule
 * for each.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './errors.js';

export interface DatabaseSettings {
  /** The server database (DATABASE_URL), or null for the embedded one in `dataDir`. */
  url: string | null;
  /** HERALD_READONLY_DATABASE_URL: a role that can only read, for Ask Herald's tools. */
  readonlyUrl: string | null;
  /** HERALD_DATA_DIR resolved: the embedded database and its lock live here. */
  dataDir: string;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;
const DEFAULT_DATA_DIR = './.herald';

/** Reads the database settings from `env`; throws ConfigError naming the key (never quoting a URL: it may hold a password). */
export function readDatabaseSettings(env: Readonly<Record<string, string | undefined>>, cwd: string): DatabaseSettings {
  return {
    url: postgresUrl(env, 'DATABASE_URL'),
    readonlyUrl: postgresUrl(env, 'HERALD_READONLY_DATABASE_URL'),
    dataDir: dataDirOf(resolve(cwd, present(env.HERALD_DATA_DIR) ?? DEFAULT_DATA_DIR)),
  };
}

/** An environment value as the configuration reads it: trimmed, and empty means unset. */
function present(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function postgresUrl(env: Readonly<Record<string, string | undefined>>, key: string): string | null {
  const url = present(env[key]);
  if (url !== undefined && !POSTGRES_URL.test(url)) throw new ConfigError(`config: ${key}: must start with postgres:// or postgresql://`);
  return url ?? null;
}

/** HERALD_DATA_DIR must be a directory (or not exist yet): a file there fails now, naming the variable. */
function dataDirOf(dir: string): string {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new ConfigError(`config: HERALD_DATA_DIR: "${dir}" is a file, not a directory (point it at a directory; it is created when missing)`);
  }
  return dir;
}
