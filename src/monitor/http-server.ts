/**
 * Herald's one HTTP port (PORT, default 3000): `/healthz` (the process is up), `/readyz` (every
 * component has started and the database answers), `/metrics` (Prometheus text), and the webhook
 * routes the chat transports mount (Telegram at the path of TELEGRAM_WEBHOOK_URL, Slack at
 * /slack/events). A webhook body is read here, at most MAX_WEBHOOK_BODY_BYTES of it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register as defaultRegistry, type Registry } from 'prom-client';
import type { Queryable } from '../data/store.js';
import type { Logger } from '../log.js';
import { MAX_WEBHOOK_BODY_BYTES, type HttpRoute } from '../transports/transport.js';

export { MAX_WEBHOOK_BODY_BYTES };

export interface HttpServerOptions {
  /** Port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Default 0.0.0.0: webhooks come from outside. */
  host?: string;
  /** `/readyz` runs `select 1` on it. */
  store: Queryable;
  logger: Logger;
  /** Default: prom-client's global registry, where Herald's metrics live. */
  metrics?: Registry;
  routes?: HttpRoute[];
  /** How long `/readyz` waits for the database before answering 503 (default 2 000 ms). */
  readyTimeoutMs?: number;
  /** Largest webhook body accepted; a larger one gets 413 (default MAX_WEBHOOK_BODY_BYTES). */
  maxBodyBytes?: number;
}

export interface HttpServer {
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  readonly port: number;
  /** Adds a route (a transport started after the server). */
  mount(route: HttpRoute): void;
  /**
   * Registers a component that is starting: `/readyz` answers 503 naming it until the returned
   * function is called (the component is ready).
   */
  starting(name: string): () => void;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const routes = new Map<string, HttpRoute>();
  const key = (method: string, path: string) => `${method} ${path}`;
  const mount = (route: HttpRoute) => {
    if (routes.has(key(route.method, route.path))) throw new Error(`http: ${route.method} ${route.path} is mounted twice`);
    routes.set(key(route.method, route.path), route);
  };
  for (const r of options.routes ?? []) mount(r);
  const metrics = options.metrics ?? defaultRegistry;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const pending = new Map<symbol, string>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.logger.error({ err, path: req.url?.split('?')[0] }, 'http: handler failed');
      if (!res.headersSent) text(res, 500, 'internal error\n');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const route = routes.get(key(method, path));
    if (route) {
      const body = await readBody(req, maxBodyBytes);
      if (body === null) {
        options.logger.warn({ path, limit: maxBodyBytes }, 'http: request body too large');
        // The rest of the body is not read; the connection is closed after the answer.
        res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end('request body too large\n');
        return;
      }
      return route.handle(req, res, body);
    }
    if (method === 'GET' && path === '/healthz') return text(res, 200, 'ok\n');
    if (method === 'GET' && path === '/readyz') {
      if (pending.size > 0) return text(res, 503, `starting: ${[...new Set(pending.values())].join(', ')}\n`);
      const ready = await withTimeout(options.store.query('select 1 as ok'), options.readyTimeoutMs ?? 2_000).then(
        () => true,
        (err: unknown) => {
          options.logger.warn({ err }, 'http: readiness check failed');
          return false;
        },
      );
      return text(res, ready ? 200 : 503, ready ? 'ready\n' : 'database unavailable\n');
    }
    if (method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.contentType });
      res.end(await metrics.metrics());
      return;
    }
    const other = [...routes.values()].some((r) => r.path === path);
    text(res, other ? 405 : 404, other ? 'method not allowed\n' : 'not found\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    mount,
    starting(name) {
      const id = Symbol(name);
      pending.set(id, name);
      return () => void pending.delete(id);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

/**
 * The request's body, or null as soon as it is known to exceed `limit`: at once from a declared
 * Content-Length, else when the bytes streamed so far pass it (reading then stops).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
