import postgres from 'postgres';
import type { Queryable, Row, Store } from './store.js';

export interface PostgresStoreOptions {
  /** Connection string; Supabase's direct or session-pooler string works. */
  url: string;
  /** Pool size (default 5: a brief, a scan and the dispatcher at once; Supabase free tier allows 60). */
  max?: number;
}

/** A string bound to json/jsonb is JSON text already (PGlite's rule); anything else is encoded once. */
function serializeJson(x: unknown): string {
  return typeof x === 'string' ? x : JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** int8 as a number when exact, else a bigint (PGlite's rule): counts and ids compare equal on both drivers. */
function parseInt8(x: string): number | bigint {
  const n = BigInt(x);
  return n < BigInt(Number.MIN_SAFE_INTEGER) || n > BigInt(Number.MAX_SAFE_INTEGER) ? n : Number(n);
}

/** `Store` over a real Postgres server through the `postgres` package. */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const sql = postgres(options.url, {
    max: options.max ?? 5,
    onnotice: () => {},
    // The transaction-mode pooler (port 6543) cannot keep prepared statements.
    prepare: !/:6543\b/.test(options.url),
    connection: { application_name: 'herald' },
    // The same value rules as PGlite (see store.ts): the contract suites hold both to them.
    types: {
      json: { to: 3802, from: [114, 3802], serialize: serializeJson, parse: (x: string) => JSON.parse(x) as unknown },
      int8: { to: 20, from: [20], serialize: (x: number | bigint) => x.toString(), parse: parseInt8 },
    },
  });
  const run = <T extends Row>(q: postgres.Sql | postgres.TransactionSql, text: string, params?: readonly unknown[]) =>
    q.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]) as unknown as Promise<T[]>;

  return {
    driver: 'postgres',
    query: (text, params) => run(sql, text, params),
    async exec(text) {
      await sql.unsafe(text).simple();
    },
    async transaction(fn) {
      return (await sql.begin((tx) => fn({ query: (text, params) => run(tx, text, params) } satisfies Queryable))) as never;
    },
    async tryAdvisoryLock(key) {
      const conn = await sql.reserve();
      const [row] = await conn.unsafe('select pg_try_advisory_lock($1) as ok', [key]);
      if (!row?.ok) {
        conn.release();
        return null;
      }
      return async () => {
        await conn.unsafe('select pg_advisory_unlock($1)', [key]).catch(() => {});
        conn.release();
      };
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
