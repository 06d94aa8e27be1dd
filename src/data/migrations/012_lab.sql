-- The model lab (issue 12): recorded bench calls for `herald bench --replay`, and the history of
-- bench runs for `--compare`. Bench calls never go to llm_calls (they are not the bot's traffic).
create table if not exists lab_recordings (
  key text primary key,
  suite text not null,
  model text not null,
  case_id text not null,
  recording jsonb not null,
  recorded_at timestamptz not null
);
create index if not exists lab_recordings_model_idx on lab_recordings (suite, model);

create table if not exists lab_runs (
  id bigserial primary key,
  started_at timestamptz not null,
  -- The suites of the run, sorted and comma-joined: `--compare` looks for the previous run with the same.
  suites text not null,
  results jsonb not null
);
create index if not exists lab_runs_suites_idx on lab_runs (suites, id);
