-- Operations (issue 14): self-alerts share the alerts table and its lifecycle, told apart by
-- `audience` ('alerts' for the shop's, 'ops' for Herald's own); chats opt into them with
-- `receives_ops`. Indexes serve the self-alert rules (failed deliveries by time) and retention.
alter table alerts add column if not exists audience text not null default 'alerts';
alter table subscriptions add column if not exists receives_ops boolean not null default false;
create index if not exists alerts_audience_idx on alerts (audience, status);
create index if not exists deliveries_created_idx on deliveries (created_at);
