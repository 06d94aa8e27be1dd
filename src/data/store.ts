/**
 * The one seam to the database. Two drivers implement it — the real server (`postgres` package,
 * Supabase connection strings included) and embedded PGlite — and the same contract tests run
 * against both. Queries use `$1…$n` placeholders and cast explicitly (`::float8`, `::text`) so both
 * drivers return the same JS types.
 */

export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Store extends Queryable {
  readonly driver: 'postgres' | 'pglite';
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Tries to take a session-level advisory lock on a connection reserved for it, so that exactly
   * one replica leads. Returns a release function, or null when another session holds it.
   */
  tryAdvisoryLock(key: number): Promise<(() => Promise<void>) | null>;
  close(): Promise<void>;
}

/** Quotes a validated `name` or `schema.name` as a SQL identifier. */
export function quoteIdent(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}
