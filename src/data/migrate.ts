import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './store.js';

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

/** Applies pending migrations; returns the names applied. Safe to run concurrently on Postgres. */
export async function migrate(store: Store, dir = MIGRATIONS_DIR): Promise<string[]> {
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
