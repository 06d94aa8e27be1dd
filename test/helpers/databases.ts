/**
 * Test databases: each test file gets its own database on the machine's real Postgres
 * (created here, dropped after) and/or one in-memory PGlite, so files never see each other's rows.
 */
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/data/migrate.js';
import { createPgliteStore } from '../../src/data/pglite-store.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import type { Store } from '../../src/data/store.js';

/** Admin connection string of the machine's Postgres (override with HERALD_TEST_PG). */
export const ADMIN_URL = process.env.HERALD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a unique name on the real server. */
export async function createTestDatabase(prefix = 'herald_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    name,
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

export interface StoreUnderTest {
  driver: 'postgres' | 'pglite';
  open(): Promise<{ store: Store; url: string | null; cleanup(): Promise<void> }>;
}

/** The two drivers a contract suite runs against. */
export const STORE_DRIVERS: StoreUnderTest[] = [
  {
    driver: 'pglite',
    async open() {
      const store = await createPgliteStore();
      await migrate(store);
      return { store, url: null, cleanup: () => store.close() };
    },
  },
  {
    driver: 'postgres',
    async open() {
      const db = await createTestDatabase();
      const store = createPostgresStore({ url: db.url });
      await migrate(store);
      return {
        store,
        url: db.url,
        async cleanup() {
          await store.close();
          await db.drop();
        },
      };
    },
  },
];
