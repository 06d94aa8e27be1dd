/**
 * Traffic, the other half of a cost: a profile file (`herald cost --profile`, `herald bench
 * --profile`) or what the call log saw over the last days (`--from-logs DAYS`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Store } from '../data/store.js';
import { UsageError } from '../errors.js';

const routeTraffic = z.strictObject({
  callsPerDay: z.number().nonnegative(),
  /** The model the route uses (herald cost needs it; the bench prices its own choice). */
  model: z.string().min(1).optional(),
  /** Tokens per call. */
  inputTokens: z.number().nonnegative().optional(),
  outputTokens: z.number().nonnegative().optional(),
  /** Tokens of each call's stable prefix (system prompt, schema) the provider's prompt cache can serve. */
  cachedInputTokens: z.number().nonnegative().optional(),
  /** False when answers may wait hours (batch pricing applies); default false only for classify and embed. */
  urgent: z.boolean().optional(),
  /** This route's own share of response-cache hits (default: the profile's). */
  cacheHitRate: z.number().min(0).max(1).optional(),
});

const profileSchema = z.strictObject({
  days: z.number().positive().default(30),
  cacheHitRate: z.number().min(0).max(1).default(0),
  routes: z.record(z.string(), routeTraffic),
});

export type TrafficProfile = z.infer<typeof profileSchema>;
export type RouteTraffic = z.infer<typeof routeTraffic>;

/** Reads and validates a profile; a bad one is a usage error naming the file and the key (exit 2). */
export function readProfile(path: string, command: string): TrafficProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${command}: --profile: cannot read ${path} as JSON (${(err as Error).message.split('\n')[0]})`);
  }
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${command}: --profile: ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * A profile made from the call log's last `days` days: per route, calls per day (distinct calls,
 * shadow calls aside), the model that answered most, mean tokens per answered call, the measured
 * cache-hit share and the measured prompt-cache tokens.
 */
export async function profileFromLogs(store: Store, days: number, now: Date): Promise<TrafficProfile> {
  const from = new Date(now.getTime() - days * 86_400_000).toISOString();
  const rows = await store.query<{ route: string; calls: number; cached: number; input: number; output: number; cached_tokens: number; answered: number }>(
    `select route,
            count(distinct call_id)::int as calls,
            count(distinct call_id) filter (where status = 'cached')::int as cached,
            coalesce(sum(input_tokens) filter (where status <> 'cached'), 0)::float8 as input,
            coalesce(sum(output_tokens) filter (where status <> 'cached'), 0)::float8 as output,
            coalesce(sum(cached_tokens) filter (where status <> 'cached'), 0)::float8 as cached_tokens,
            count(distinct call_id) filter (where status not in ('cached', 'budget'))::int as answered
       from llm_calls where ts >= $1::timestamptz and status <> 'shadow' group by route order by route`,
    [from],
  );
  const models = await store.query<{ route: string; model: string; n: number }>(
    `select route, model, count(*)::int as n from llm_calls
      where ts >= $1::timestamptz and status in ('ok', 'repair_ok') group by route, model order by route, n desc, model`,
    [from],
  );
  const routes: TrafficProfile['routes'] = {};
  for (const r of rows) {
    const model = models.find((m) => m.route === r.route)?.model;
    const per = Math.max(1, r.answered);
    routes[r.route] = {
      callsPerDay: r.calls / days,
      ...(model ? { model } : {}),
      inputTokens: Math.round(r.input / per),
      outputTokens: Math.round(r.output / per),
      cachedInputTokens: Math.round(r.cached_tokens / per),
      cacheHitRate: r.calls > 0 ? r.cached / r.calls : 0,
    };
  }
  return { days: 30, cacheHitRate: 0, routes };
}
