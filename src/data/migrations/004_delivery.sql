-- Delivery (issue 4, part B): who receives what, and the outbox every brief and alert goes through.

-- One row per chat Herald posts to. `brief_at` / `quiet_*` are HH:MM in `time_zone`; quiet hours
-- may wrap midnight (22:00–08:00). A permanent send error (bot blocked, chat gone) sets
-- `active = false` with the reason; `/subscribe` or `herald subscriptions add` reactivates.
create table if not exists subscriptions (
  id bigserial primary key,
  transport text not null,
  chat_id text not null,
  receives_brief boolean not null default true,
  receives_alerts boolean not null default true,
  time_zone text not null default 'Europe/Moscow',
  brief_at text not null default '09:00',
  quiet_from text,
  quiet_to text,
  active boolean not null default true,
  added_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  inactive_reason text,
  unique (transport, chat_id)
);

-- The outbox. A planned message is written here first, keyed by an idempotency key
-- (`brief:2026-11-22:tg:-100123:1` = group key + part), and only then sent. The dispatcher claims
-- a row (`sending`, committed) before the HTTP call and marks it `sent` with the platform's
-- message id after: a row still `sending` after a crash was in flight at the kill.
create table if not exists deliveries (
  id bigserial primary key,
  idempotency_key text not null unique,
  group_key text not null,
  part integer not null default 1,
  kind text not null,
  transport text not null,
  chat_id text not null,
  payload jsonb not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  attempt_started_at timestamptz,
  sent_at timestamptz,
  message_id text,
  last_error text,
  -- Set when the row was found `sending` at a restart and sent again: the chat may hold it twice.
  possible_duplicate boolean not null default false,
  created_at timestamptz not null default now(),
  constraint deliveries_status_check check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled'))
);
create index if not exists deliveries_group_idx on deliveries (group_key);
create index if not exists deliveries_open_idx on deliveries (id) where status in ('pending', 'sending');
create index if not exists deliveries_chat_idx on deliveries (transport, chat_id);
