-- Alerts and their audit trail (issue 5). One row per ongoing problem: a scan that finds the same
-- dedup key again updates the open row instead of adding one; once resolved, a new occurrence
-- opens a new row.
create table if not exists alerts (
  id bigserial primary key,
  dedup_key text not null,
  kind text not null,
  sku text,
  title text,
  category text,
  metric text not null,
  observed double precision not null,
  expected double precision not null,
  expected_low double precision not null,
  expected_high double precision not null,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  at_risk double precision not null default 0,
  evidence jsonb not null default '{}'::jsonb,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'snoozed', 'resolved')),
  group_id text,
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  first_day date not null,
  scan_day date not null,
  acknowledged_by text,
  acknowledged_at timestamptz,
  snoozed_until timestamptz,
  resolved_by text,
  resolved_at timestamptz,
  resolve_reason text,
  last_notified_at timestamptz,
  notify_count integer not null default 0,
  resolved_notified_at timestamptz,
  explanation text
);
-- The dedup rule: at most one unresolved alert per key.
create unique index if not exists alerts_dedup_active_idx on alerts (dedup_key) where status <> 'resolved';
create index if not exists alerts_status_idx on alerts (status, severity);
create index if not exists alerts_group_idx on alerts (group_id) where group_id is not null;

create table if not exists alert_events (
  id bigserial primary key,
  alert_id bigint not null references alerts (id) on delete cascade,
  at timestamptz not null,
  actor text not null,
  action text not null,
  details jsonb not null default '{}'::jsonb
);
create index if not exists alert_events_alert_idx on alert_events (alert_id, id);
