import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '../errors.js';
import type { Queryable, Store } from './store.js';

/** Folder of `NNN_name.sql` files, applied in order, each once, each in its own transaction. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.split('_')[0]),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

/** Where a database's schema stands against the code's migrations, read without any DDL. */
export interface SchemaStatus {
  /** False when `herald_migrations` does not exist yet (a database Herald never migrated). */
  tracked: boolean;
  /** Migrations of this code not yet applied, in order. */
  pending: Migration[];
}

/**
 * Reads the schema version with plain SELECTs, so a role without CREATE on the schema (SELECT on
 * the ETL relations, DML on Herald's tables) can ask.
 */
export async function schemaStatus(store: Queryable, dir = MIGRATIONS_DIR): Promise<SchemaStatus> {
  const [table] = await store.query<{ present: boolean }>(`select to_regclass('herald_migrations') is not null as present`);
  const migrations = listMigrations(dir);
  if (!table?.present) return { tracked: false, pending: migrations };
  const applied = new Set((await store.query<{ version: number }>('select version from herald_migrations')).map((r) => Number(r.version)));
  return { tracked: true, pending: migrations.filter((m) => !applied.has(m.version)) };
}

/** A server database whose schema is behind the code: only `herald db migrate` (or `start`) changes it. */
export class SchemaBehindError extends RuntimeError {
  override name = 'SchemaBehindError';
  constructor(readonly status: SchemaStatus) {
    const names = status.pending.map((m) => m.name);
    const what = status.tracked
      ? `${names.length} pending migration${names.length === 1 ? '' : 's'} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`
      : 'Herald has never migrated it (no herald_migrations table)';
    super(`database: the schema is behind this version of Herald: ${what}; run herald db migrate`);
  }
}

/** Throws SchemaBehindError unless every migration is applied; runs no DDL. */
export async function assertSchemaCurrent(store: Queryable, dir = MIGRATIONS_DIR): Promise<void> {
  const status = await schemaStatus(store, dir);
  if (status.pending.length > 0) throw new SchemaBehindError(status);
}

/**
 * Applies pending migrations; returns the names applied. Safe to run concurrently on Postgres.
 * An up-to-date database is only read (no DDL), so `start` with a role that cannot CREATE works
 * once the release step (`herald db migrate`) has run.
 */
export async function migrate(store: Store, dir = MIGRATIONS_DIR): Promise<string[]> {
  if ((await schemaStatus(store, dir)).pending.length === 0) return [];
  await store.exec(
    `create table if not exists herald_migrations (
       version integer primary key, name text not null, applied_at timestamptz not null default now())`,
  );
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    const done = await store.transaction(async (tx) => {
      // Serialise concurrent migrators (two replicas starting at once).
      await tx.query('select pg_advisory_xact_lock(7261001)');
      const seen = await tx.query('select 1 from herald_migrations where version = $1', [m.version]);
      if (seen.length > 0) return false;
      for (const statement of splitSql(m.sql)) await tx.query(statement);
      await tx.query('insert into herald_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}

/** Splits a migration script on `;` at line ends (our migrations hold no procedural bodies). */
export function splitSql(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, '')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
