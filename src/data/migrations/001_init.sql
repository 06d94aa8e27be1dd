-- The ETL contract (SPEC section 4). Created only when absent: a team whose ETL already writes
-- these relations (or who points `data.relation` at a view) keeps its own.
create table if not exists sku_daily (
  day date not null,
  sku text not null,
  title text not null,
  category text,
  units integer not null default 0,
  orders integer not null default 0,
  revenue numeric not null default 0,
  returns integer not null default 0,
  stock integer,
  price numeric,
  ad_spend numeric not null default 0,
  ad_clicks integer,
  ad_impressions integer
);
-- No unique key on purpose: a duplicated (day, sku) from the ETL must be reported, not rejected.
-- Indexed only when it is a table: a team's own `sku_daily` may be a view, which takes no index.
-- (One line: the migration runner splits statements on `;` at line end.)
do $$ begin if (select relkind from pg_class where oid = to_regclass('sku_daily')) in ('r', 'p', 'm') then create index if not exists sku_daily_day_idx on sku_daily (day); create index if not exists sku_daily_sku_day_idx on sku_daily (sku, day); end if; end $$;

create table if not exists etl_runs (
  id bigserial primary key,
  started_at timestamptz,
  finished_at timestamptz,
  status text not null
);
do $$ begin if (select relkind from pg_class where oid = to_regclass('etl_runs')) in ('r', 'p', 'm') then create index if not exists etl_runs_finished_idx on etl_runs (finished_at); end if; end $$;

-- Herald's own small key/value state (demo seed marker, last scanned ETL run, …).
create table if not exists herald_meta (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
