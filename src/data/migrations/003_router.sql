-- The model router (issue 3): the call log (one row per attempt, cache hit, budget refusal or
-- shadow call) and the response cache. Prompts and answers' texts are not logged.
create table if not exists llm_calls (
  id bigserial primary key,
  ts timestamptz not null,
  -- The shop's calendar day (HERALD_TZ) of ts: daily budgets sum over it.
  day text not null,
  call_id text not null,
  route text not null,
  model text not null,
  provider text not null,
  attempt integer not null,
  status text not null,
  error_class text,
  error text,
  latency_ms double precision not null,
  input_tokens integer not null default 0,
  cached_tokens integer not null default 0,
  output_tokens integer not null default 0,
  -- Null when the model has no known price (pricing = 'unpriced'), never a silent 0.
  cost_usd double precision,
  pricing text not null,
  cache_hit boolean not null default false,
  prompt_version text
);
create index if not exists llm_calls_ts_idx on llm_calls (ts);
create index if not exists llm_calls_day_idx on llm_calls (day, route);
create index if not exists llm_calls_call_idx on llm_calls (call_id);

create table if not exists llm_cache (
  key text primary key,
  route text not null,
  model text not null,
  value jsonb not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index if not exists llm_cache_expires_idx on llm_cache (expires_at);
