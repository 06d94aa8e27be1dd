-- Chat transports' own state (issue 4, part A).

-- Updates already handled, so a Telegram update redelivered after a restart (or a webhook retry)
-- and a Slack event retried with X-Slack-Retry-Num are processed once. `update_key` is the
-- Telegram update_id or the Slack event_id, as text. Rows older than a week are pruned at start.
create table if not exists processed_updates (
  transport text not null,
  update_key text not null,
  processed_at timestamptz not null default now(),
  primary key (transport, update_key)
);
create index if not exists processed_updates_at_idx on processed_updates (processed_at);

-- Chats that were told once that Herald does not answer them; they are not told again.
create table if not exists refused_chats (
  transport text not null,
  chat_id text not null,
  refused_at timestamptz not null default now(),
  primary key (transport, chat_id)
);
