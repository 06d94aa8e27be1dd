/**
 * The one seam to the database. Two drivers implement it — the real server (`postgres` package,
 * Supabase connection strings included) and embedded PGlite — and the same contract tests run
 * against both (test/contracts/). Queries use `$1…$n` placeholders and cast explicitly (`::float8`,
 * `::text`) so both drivers return the same JS types.
 *
 * Values cross the seam the same way on both drivers:
 * - JSON is bound as text: pass `JSON.stringify(value)` to a `$n::jsonb` placeholder. A string
 *   bound to a json/jsonb parameter is taken as JSON text, never encoded a second time (the
 *   `postgres` package's own default would store a JSON *string*, which once broke every cached
 *   brief on the real server while PGlite was fine); any other value is serialised once.
 * - `jsonb` comes back parsed; `int8` comes back as a number when it is exact (a `bigint` beyond
 *   2^53); `numeric` comes back as a string, so repositories read money as `::float8`.
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
