/**
 * A loopback fake of Supabase's REST API (PostgREST behind the API gateway) that serves the rows
 * of a real database — the machine's Postgres or an in-memory PGlite — so a test can read the
 * same data through SQL and through the API and compare. It speaks the wire protocol supabase-js
 * relies on:
 *
 * - `GET /rest/v1/<relation>` (schema from `Accept-Profile`, default `public`);
 * - `select=a,b`, filters `col=op.value` with `eq neq gt gte lt lte like ilike in is` and `not.`,
 *   the same column filtered twice, `order=a.asc,b.desc.nullslast`, `limit`, `offset`;
 * - `Range: 0-999` (with `Range-Unit: items`), `Prefer: count=exact`, `Content-Range: 0-999/N`
 *   (`*` when not counted), 206 when a counted answer is partial, 416 past the end;
 * - at most `maxRows` rows per answer (Supabase's default 1,000), silently, as PostgREST does;
 * - the gateway's 401 for a missing or wrong `apikey`, PostgREST's 401 for a bad
 *   `Authorization: Bearer`, and PostgREST's error bodies `{code, details, hint, message}`
 *   (PGRST100 bad filter, PGRST205 unknown relation, Postgres' own codes such as 42703).
 *
 * Records every request (path, query, headers) so tests and the bench can count them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { quoteIdent, type Queryable } from '../../src/data/store.js';

export interface PostgrestFakeOptions {
  /** Where the rows come from. */
  db: Queryable;
  /** The project key the gateway accepts (`apikey` header and `Authorization: Bearer`). */
  key: string;
  /** PostgREST's `max-rows` (default 1,000, Supabase's default). */
  maxRows?: number;
}

export interface PostgrestRequest {
  method: string;
  relation: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  status: number;
}

export interface PostgrestFake {
  /** The project URL to give supabase-js (`SUPABASE_URL`), e.g. `http://127.0.0.1:PORT`. */
  url: string;
  requests: PostgrestRequest[];
  close(): Promise<void>;
}

interface ApiError {
  status: number;
  body: { code?: string; details?: string | null; hint?: string | null; message: string };
}

const OPS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'like', ilike: 'ilike' };
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);

export async function startPostgrestFake(options: PostgrestFakeOptions): Promise<PostgrestFake> {
  const requests: PostgrestRequest[] = [];
  const maxRows = options.maxRows ?? 1000;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, 500, { code: 'XX000', details: null, hint: null, message: err instanceof Error ? err.message : String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/rest\/v1\/([^/]+)$/.exec(url.pathname);
    const record = (status: number) =>
      requests.push({ method: req.method ?? 'GET', relation: match ? decodeURIComponent(match[1]!) : url.pathname, query: url.searchParams, headers: req.headers, status });

    const apikey = req.headers.apikey;
    if (apikey !== options.key) {
      record(401);
      return send(res, 401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
    }
    if (req.headers.authorization !== `Bearer ${options.key}`) {
      record(401);
      return send(res, 401, { code: 'PGRST301', details: null, hint: null, message: 'JWSError JWSInvalidSignature' });
    }
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) {
      record(404);
      return send(res, 404, { code: 'PGRST125', details: null, hint: null, message: `Invalid path specified in request URL` });
    }
    const schema = String(req.headers['accept-profile'] ?? 'public');
    const relation = `${schema}.${decodeURIComponent(match[1]!)}`;
    const answer = await select(relation, url.searchParams, req.headers).catch((err: unknown) => pgError(err));
    if ('body' in answer) {
      record(answer.status);
      return send(res, answer.status, answer.body);
    }
    record(answer.status);
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-range': answer.contentRange,
      'range-unit': 'items',
    });
    res.end(req.method === 'HEAD' ? undefined : answer.json);
  }

  async function select(relation: string, params: URLSearchParams, headers: IncomingMessage['headers']): Promise<ApiError | { status: number; json: string; contentRange: string }> {
    const [exists] = await options.db.query<{ ok: boolean }>('select to_regclass($1) is not null as ok', [relation]);
    if (!exists?.ok) {
      return { status: 404, body: { code: 'PGRST205', details: null, hint: null, message: `Could not find the table '${relation}' in the schema cache` } };
    }
    const columns = parseSelect(params.get('select') ?? '*');
    if (typeof columns !== 'string') return columns;
    const where: string[] = [];
    const values: unknown[] = [];
    for (const [key, raw] of params) {
      if (RESERVED.has(key)) continue;
      const clause = parseFilter(key, raw, values);
      if (typeof clause !== 'string') return clause;
      where.push(clause);
    }
    const order = parseOrder(params.get('order'));
    if (typeof order !== 'string') return order;

    // The answer's window: limit/offset parameters, narrowed by a Range header, capped at max-rows.
    let offset = Number(params.get('offset') ?? 0);
    let limit = params.has('limit') ? Number(params.get('limit')) : Infinity;
    const range = /^(\d+)-(\d*)$/.exec(String(headers.range ?? ''));
    if (range) {
      const from = Number(range[1]);
      const to = range[2] === '' ? Infinity : Number(range[2]);
      offset += from;
      limit = Math.min(limit - from, to - from + 1);
    }
    limit = Math.max(0, Math.min(limit, maxRows));

    const from = `from ${quoteIdent(relation)}${where.length ? ` where ${where.join(' and ')}` : ''}`;
    const counted = /count=exact/.test(String(headers.prefer ?? ''));
    let total: number | null = null;
    if (counted) {
      const [row] = await options.db.query<{ n: number }>(`select count(*)::int as n ${from}`, values);
      total = row?.n ?? 0;
      if (offset > 0 && offset >= total) {
        return {
          status: 416,
          body: { code: 'PGRST103', details: `An offset of ${offset} was requested, but there are only ${total} rows.`, hint: null, message: 'Requested range not satisfiable' },
        };
      }
    }
    const [row] = await options.db.query<{ body: string; n: number }>(
      `select coalesce(json_agg(t), '[]')::text as body, count(*)::int as n
         from (select ${columns} ${from}${order} limit ${limit} offset ${offset}) t`,
      values,
    );
    const n = row?.n ?? 0;
    const shown = n === 0 ? '*' : `${offset}-${offset + n - 1}`;
    const contentRange = `${shown}/${total ?? '*'}`;
    const partial = total !== null && n < total;
    return { status: partial ? 206 : 200, json: row?.body ?? '[]', contentRange };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function parseError(what: string): ApiError {
  return { status: 400, body: { code: 'PGRST100', details: `unexpected "${what.slice(0, 40)}"`, hint: null, message: `"failed to parse filter (${what.slice(0, 80)})" (line 1, column 1)` } };
}

function ident(name: string): string | null {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? quoteIdent(name) : null;
}

function parseSelect(select: string): string | ApiError {
  if (select === '*') return '*';
  const cols = select.split(',').map((c) => ident(c.trim()));
  if (cols.some((c) => c === null)) return { status: 400, body: { code: 'PGRST100', details: null, hint: null, message: `"failed to parse select parameter (${select.slice(0, 80)})"` } };
  return cols.join(', ');
}

function parseFilter(key: string, raw: string, values: unknown[]): string | ApiError {
  const col = ident(key);
  if (!col) return parseError(`${key}=${raw}`);
  let expr = raw;
  let negate = false;
  if (expr.startsWith('not.')) {
    negate = true;
    expr = expr.slice(4);
  }
  const dot = expr.indexOf('.');
  if (dot < 0) return parseError(raw);
  const op = expr.slice(0, dot);
  const value = expr.slice(dot + 1);
  let clause: string;
  if (op in OPS) {
    values.push(value);
    clause = `${col} ${OPS[op]} $${values.length}`;
  } else if (op === 'is') {
    const v = value.toLowerCase();
    if (!['null', 'true', 'false', 'unknown'].includes(v)) return parseError(raw);
    clause = `${col} is ${v}`;
  } else if (op === 'in') {
    const list = /^\((.*)\)$/.exec(value);
    if (!list) return parseError(raw);
    const items = list[1] === '' ? [] : list[1]!.match(/"(?:[^"\\]|\\.)*"|[^,]+/g) ?? [];
    const marks = items.map((item) => {
      values.push(item.startsWith('"') ? item.slice(1, -1).replace(/\\(.)/g, '$1') : item);
      return `$${values.length}`;
    });
    clause = marks.length ? `${col} in (${marks.join(', ')})` : 'false';
  } else {
    return parseError(raw);
  }
  return negate ? `not (${clause})` : clause;
}

function parseOrder(order: string | null): string | ApiError {
  if (!order) return '';
  const terms: string[] = [];
  for (const term of order.split(',')) {
    const [name, ...mods] = term.split('.');
    const col = ident(name ?? '');
    if (!col) return parseError(`order=${order}`);
    let sql = col;
    for (const m of mods) {
      if (m === 'asc' || m === 'desc') sql += ` ${m}`;
      else if (m === 'nullsfirst') sql += ' nulls first';
      else if (m === 'nullslast') sql += ' nulls last';
      else return parseError(`order=${order}`);
    }
    terms.push(sql);
  }
  return ` order by ${terms.join(', ')}`;
}

/** A database error as PostgREST reports it: the SQLSTATE as `code`, 400 for bad input, 404 for a missing relation. */
function pgError(err: unknown): ApiError {
  const e = err as { code?: string; message?: string; detail?: string; hint?: string };
  const code = typeof e.code === 'string' ? e.code : 'XX000';
  const status = code === '42P01' ? 404 : code.startsWith('42') || code.startsWith('22') ? 400 : 500;
  return { status, body: { code, details: e.detail ?? null, hint: e.hint ?? null, message: e.message ?? String(err) } };
}

function send(res: ServerResponse, status: number, body: ApiError['body']): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
