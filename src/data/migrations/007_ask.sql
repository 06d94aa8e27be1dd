-- Ask Herald (issue 11). Every model call of one question shares a run id in the call log, so
-- `herald calls` and the cost of a question can be followed turn by turn.
alter table llm_calls add column if not exists run_id text;
create index if not exists llm_calls_run_idx on llm_calls (run_id) where run_id is not null;

-- search_products matches titles by trigrams when pg_trgm is available (PGlite ships it; on a
-- server it needs contrib and the right to create a trusted extension). Without it the search
-- falls back to full-text and substring matching, so a refusal here must not fail the migration.
-- (One line: the migration runner splits statements on `;` at line end.)
do $$ begin create extension if not exists pg_trgm; exception when others then raise notice 'pg_trgm not available: search_products uses full-text search'; end $$;
