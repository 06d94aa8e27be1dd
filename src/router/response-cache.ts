/**
 * Exact-match response cache: an in-memory LRU in front of the `llm_cache` table, both with a TTL.
 * The key covers the route, the models planned for the call (canary first when it runs), the
 * normalised messages, the schema version, the prompt version and the tools, so a change to any of
 * them never serves a stale answer.
 * Writes to Postgres happen off the hot path; `close()` waits for them. A value read back is checked
 * against the call's expectations (`CachedCheck`): one that does not fit is a miss, logged once per
 * key, and the call's fresh answer overwrites it.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../data/store.js';
import type { Logger } from '../log.js';
import type { CachedCheck } from './cached-value.js';
import type { Message, ToolSpec } from './types.js';

export interface CachedAnswer {
  value: unknown;
  /** The model key that produced the answer. */
  model: string;
}

export interface CacheKeyParts {
  route: string;
  models: readonly string[];
  messages: readonly Message[];
  schema?: { name: string; version: string | number } | undefined;
  prompt?: { id: string; version: string | number } | undefined;
  tools?: readonly ToolSpec[] | undefined;
  /** The route's escalate checks: a change of checks may change which model answers. */
  escalate?: readonly string[] | undefined;
}

export function cacheKey(parts: CacheKeyParts): string {
  const normalised = {
    r: parts.route,
    m: parts.models,
    msg: parts.messages.map(normaliseMessage),
    s: parts.schema ? `${parts.schema.name}@${parts.schema.version}` : null,
    p: parts.prompt ? `${parts.prompt.id}@${parts.prompt.version}` : null,
    t: parts.tools ?? null,
    // Only when set, so keys of routes without checks stay as they were (no mass cache miss).
    ...(parts.escalate?.length ? { e: parts.escalate } : {}),
  };
  return createHash('sha256').update(JSON.stringify(normalised)).digest('base64url');
}

/** Whitespace at the ends and Windows line breaks do not change what a model is asked. */
function normaliseMessage(m: Message): unknown {
  const text = (s: string) => s.replace(/\r\n/g, '\n').trim();
  switch (m.role) {
    case 'user':
      return [m.role, typeof m.content === 'string' ? text(m.content) : m.content.map((p) => (p.type === 'text' ? text(p.text) : p.url))];
    case 'assistant':
      return [m.role, m.content === null ? null : text(m.content), m.toolCalls ?? null];
    case 'tool':
      return [m.role, m.toolCallId, text(m.content)];
    case 'system':
      return [m.role, text(m.content)];
  }
}

export interface ResponseCacheOptions {
  store: Store | null;
  ttlMs: number;
  maxEntries: number;
  now: () => number;
  logger?: Logger | undefined;
}

export interface ResponseCache {
  /** The entry under `key` if it is fresh and passes `check` (its parsed value is returned), else null. */
  get(key: string, check: CachedCheck): Promise<CachedAnswer | null>;
  set(key: string, route: string, answer: CachedAnswer): void;
  close(): Promise<void>;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const memory = new Map<string, { answer: CachedAnswer; expiresAt: number }>();
  const pending = new Set<Promise<unknown>>();
  let swept = false;
  const reported = new Set<string>();
  const accept = (key: string, answer: CachedAnswer, check: CachedCheck): CachedAnswer | null => {
    const checked = check(answer.value);
    if (checked.ok) return { value: checked.value, model: answer.model };
    memory.delete(key);
    if (!reported.has(key)) {
      reported.add(key);
      options.logger?.warn({ key, model: answer.model, reason: checked.error }, 'response cache: stored answer does not fit the call; treated as a miss');
    }
    return null;
  };
  const remember = (key: string, answer: CachedAnswer, expiresAt: number) => {
    memory.delete(key);
    memory.set(key, { answer, expiresAt });
    if (memory.size > options.maxEntries) memory.delete(memory.keys().next().value!);
  };
  const track = (p: Promise<unknown>) => {
    const q = p.catch((err: unknown) => options.logger?.warn({ err }, 'response cache: database write failed')).finally(() => pending.delete(q));
    pending.add(q);
  };

  return {
    async get(key, check) {
      const now = options.now();
      const hit = memory.get(key);
      if (hit) {
        if (hit.expiresAt > now) {
          // Refresh recency: Map iteration order is insertion order, so the oldest is evicted first.
          memory.delete(key);
          memory.set(key, hit);
          return accept(key, hit.answer, check);
        }
        memory.delete(key);
      }
      if (!options.store) return null;
      const [row] = await options.store.query<{ value: unknown; model: string; expires_ms: number }>(
        `select value, model, (extract(epoch from expires_at) * 1000)::float8 as expires_ms
           from llm_cache where key = $1 and expires_at > $2::timestamptz`,
        [key, new Date(now).toISOString()],
      );
      if (!row) return null;
      const answer = accept(key, { value: row.value, model: row.model }, check);
      if (answer) remember(key, answer, row.expires_ms);
      return answer;
    },
    set(key, route, answer) {
      const now = options.now();
      const expiresAt = now + options.ttlMs;
      remember(key, answer, expiresAt);
      if (!options.store) return;
      if (!swept) {
        // Expired rows are only ever skipped by reads; clear them once per process, off the hot path.
        swept = true;
        track(options.store.query('delete from llm_cache where expires_at <= $1::timestamptz', [new Date(now).toISOString()]));
      }
      track(
        options.store.query(
          `insert into llm_cache (key, route, model, value, created_at, expires_at)
           values ($1, $2, $3, $4::jsonb, $5::timestamptz, $6::timestamptz)
           on conflict (key) do update set value = excluded.value, model = excluded.model,
             created_at = excluded.created_at, expires_at = excluded.expires_at`,
          [key, route, answer.model, JSON.stringify(answer.value), new Date(now).toISOString(), new Date(expiresAt).toISOString()],
        ),
      );
    },
    async close() {
      await Promise.all([...pending]);
    },
  };
}
