import { Counter, Registry } from 'prom-client';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/data/store.js';
import { startHttpServer } from '../../src/monitor/http-server.js';

const logger = pino({ level: 'silent' });
/** A database that answers, and one that is down: the two states /readyz reports. */
const upStore: Queryable = { query: async <T>() => [{ ok: 1 }] as T[] };
const downStore: Queryable = {
  query: async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  },
};

describe('HTTP server', () => {
  it('serves health, readiness, metrics and mounted routes', async () => {
    const metrics = new Registry();
    new Counter({ name: 'herald_test_total', help: 'a test counter', registers: [metrics] }).inc(3);
    const http = await startHttpServer({ port: 0, host: '127.0.0.1', store: upStore, logger, metrics });
    http.mount({ method: 'POST', path: '/hook', handle: (_req, res) => void res.writeHead(204).end() });
    try {
      expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${http.url}/readyz`)).status).toBe(200);
      const text = await (await fetch(`${http.url}/metrics`)).text();
      expect(text).toContain('herald_test_total 3');
      expect((await fetch(`${http.url}/hook`, { method: 'POST' })).status).toBe(204);
      expect((await fetch(`${http.url}/hook`)).status).toBe(405);
      expect((await fetch(`${http.url}/nope`)).status).toBe(404);
    } finally {
      await http.close();
    }
  });

  it('answers 503 on /readyz while the database is down, but stays healthy', async () => {
    const http = await startHttpServer({ port: 0, host: '127.0.0.1', store: downStore, logger });
    try {
      expect((await fetch(`${http.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('answers 500 when a mounted handler throws', async () => {
    const http = await startHttpServer({ port: 0, host: '127.0.0.1', store: upStore, logger });
    http.mount({ method: 'POST', path: '/boom', handle: async () => { throw new Error('boom'); } });
    try {
      expect((await fetch(`${http.url}/boom`, { method: 'POST' })).status).toBe(500);
    } finally {
      await http.close();
    }
  });
});
