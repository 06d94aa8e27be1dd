import type { Command } from './command.js';

/**
 * Every `herald` subcommand, in the order `herald --help` lists them. Each entry is data plus a
 * `load` that imports the command's module on demand: a new command adds one entry here (its
 * module exports a `CommandRunner`) and never a static import, so that every command starts
 * without loading the others' dependencies.
 */
export const COMMANDS: Command[] = [
  {
    name: 'start',
    summary: 'run the bot: scheduler + every transport whose credentials are set (else the console shell)',
    usage: `Usage: herald start [--console] [--schedule] [--no-migrate]

Runs Herald: the scheduler (briefs at each subscription's time, a scan after each ETL run,
re-notifications) and every chat transport whose credentials are set — Telegram
(TELEGRAM_BOT_TOKEN) and Slack (SLACK_BOT_TOKEN) — with /healthz, /readyz and /metrics on PORT.
With no chat credentials (or with --console) it opens the console transport: an interactive shell
in the terminal with the same commands (/brief [date], /alerts, /status, /help), buttons shown as
numbered choices. Commands are read from standard input, so
  printf '/brief\\n' | herald start
prints the brief and exits at the end of input.
The console shell runs no schedule unless --schedule is given (then briefs and alerts go to the
outbox of subscribed chats as usual).
Without DATABASE_URL the embedded database in HERALD_DATA_DIR is used (seeded with demo data).
With DATABASE_URL, start applies pending migrations first (an up-to-date schema is only read);
--no-migrate leaves that to the release step (herald db migrate) and exits 1 when the schema is
behind — for a runtime role without CREATE on the schema.`,
    load: async () => (await import('./start.js')).startCommand,
  },
  {
    name: 'brief',
    summary: 'build the morning brief for a day and print it',
    usage: `Usage: herald brief [--date YYYY-MM-DD] [--format text|json|telegram-html|slack-blocks] [--locale ru|en]

Builds the brief for day D (default: the latest day with data) and prints it.
  --date     the day to brief
  --format   text (default), json (SPEC section 5), telegram-html (one message per block of
             <= 4096 chars, separated by a form feed line), slack-blocks (a JSON array of messages)
  --locale   ru or en (default: HERALD_LOCALE, else ru)
Bad ETL rows are reported on stderr and skipped. A brief whose models all failed is a success
with the template narrative.`,
    load: async () => (await import('./brief.js')).briefCommand,
  },
  {
    name: 'scan',
    summary: 'run anomaly detection for a day, store the alerts and print them',
    usage: `Usage: herald scan [--date YYYY-MM-DD] [--format text|json] [--locale ru|en]

Runs every anomaly detector on day D (default: the latest day with data), stores the alerts
(a rescan of the same day updates them, never duplicates) and prints them.
  --date     the data day to scan
  --format   text (default: the messages as a chat would show them) or json (SPEC section 5)
  --locale   ru or en for the text format (default: HERALD_LOCALE, else ru)
Bad ETL rows are reported on stderr and skipped. ETL freshness (etl_stale) is checked only when
scanning the latest data. Thresholds: config thresholds.detectors; lifecycle: config alerts.`,
    load: async () => (await import('./scan.js')).scanCommand,
  },
  {
    name: 'detect',
    summary: 'score a timestamp,value CSV with the generic anomaly detector',
    usage: `usage: herald detect FILE.csv [--format json]

Scores every row of a timestamp,value CSV for anomalies, online (each point from the past only)
and prints one JSON object per row: {"timestamp","value","score","anomaly"}.
score is in [0,1] (0 during warm-up); anomaly is score >= the detector's threshold (0.5).`,
    load: async () => (await import('./detect.js')).detectCommand,
  },
  {
    name: 'ask',
    summary: 'answer a question about the shop data through the query tools',
    usage: `Usage: herald ask "QUESTION" [--format text|json] [--locale ru|en]

Answers a question about the data through route "ask" and the query tools (sales_summary,
top_products, stock_cover, ad_efficiency, compare_periods, search_products): the model never
writes SQL. Every number in the answer is checked against the tools' results; one it cannot find
gets a repair turn, then its sentence is marked. The answer ends with the tools and periods used.
  --format   text (default) or json: {answer, model, costUsd, toolCalls: [{name, arguments,
             status: ok|refused|error, error?}], outcome, runId, unverified, steps}
  --locale   ru or en (default: HERALD_LOCALE, else ru)
Needs a model on route "ask" (OPENAI_API_KEY, or routes.ask in herald.config.json). Limits:
config ask.maxSteps (6 model turns), ask.maxCostUsd (0.05), route ask.deadlineMs (60 s).`,
    load: async () => (await import('./ask.js')).askCommand,
  },
  {
    name: 'calls',
    summary: 'list logged model attempts (route, model, status, tokens, cost)',
    usage: `Usage: herald calls [--since DURATION] [--format text|json]

Lists every logged model attempt, oldest first: retries, repairs, cache hits, budget refusals
and shadow calls included.
  --since    how far back, e.g. 30m, 24h (default), 7d
  --format   text (default) or json (an array of {ts, callId, route, model, provider, attempt,
             status, errorClass, latencyMs, inputTokens, cachedTokens, outputTokens, costUsd,
             cacheHit, promptVersion}; costUsd is null when the model is unpriced)`,
    load: async () => (await import('./calls.js')).callsCommand,
  },
  {
    name: 'bench',
    summary: "measure models on the team's own tasks (quality, cost, latency) and recommend routes",
    usage: `Usage: herald bench [--suite S…] [--models M…] [--repeats N] [--concurrency N] [--replay]
                    [--compare] [--write-routes FILE] [--profile FILE] [--floor SHARE] [--out DIR]

Runs benchmark suites (code in src/lab/suites/, data in bench/suites/) against models and writes
DIR/results.json, DIR/report.md and DIR/report.html (self-contained, opens offline); prints a
table and the recommended models per route. Without --suite: every suite whose data is present
and whose route has models in the config (or --models names some); a suite whose data is absent
is skipped with a warning. Flags with several values take both "--models a b" and
"--models a --models b". The bench never answers from the response cache and never writes to
the call log; its calls are recorded in the database for --replay.
Suites: brief, classify, ask, embed (with Postgres trigram and full-text baselines), detect (the
anomaly detectors on NAB and on planted demo incidents; no model), gsm8k-replay, mtbench-replay.
  --suite         suites to run (default: all that can run)
  --models        models to run instead of each suite's route models
  --repeats       times each case runs on each model (default 1)
  --concurrency   requests in flight per provider (default 4); 429s slow the run, never fail it
  --replay        answer from the recorded bench calls: free, recorded latency, marked replayed
  --compare       show what changed against the previous run of the same suites
  --write-routes  write the recommended "routes" block (JSON) to FILE
  --profile       traffic profile for the monthly cost (as herald cost); default: the call log's
                  last 30 days
  --floor         the recommendation's quality floor as a share of the best model's (default 0.95)
  --out           output directory (default HERALD_DATA_DIR/bench)`,
    load: async () => (await import('./bench.js')).benchCommand,
  },
  {
    name: 'cost',
    summary: 'project the monthly model cost for a traffic profile or the logged calls, with savings',
    usage: `Usage: herald cost [--profile FILE] [--from-logs DAYS] [--format text|json]

Projects the monthly model cost per route and model:
  monthlyUsd = Σ routes callsPerDay × days × (1 − cacheHitRate) × (inputTokens × input price
               + outputTokens × output price)
and lists savings with their amounts: a cheaper model or cascade where the last bench shows
parity, batch pricing for routes that can wait, the provider's prompt cache, the response cache.
An unpriced model's cost is unknown and said so, never $0.
  --profile    a traffic profile: {"days": 30, "cacheHitRate": 0.2, "routes": {"brief":
               {"callsPerDay": 3, "model": "gpt-5-mini", "inputTokens": 3000, "outputTokens": 400,
               "cachedInputTokens": 0, "urgent": true}}}
  --from-logs  build the profile from the call log's last DAYS days
  --format     text (default) or json: {monthlyUsd, byRoute: {route: {model, calls, monthlyUsd}},
               suggestions: [{route, change, monthlyUsdSaved}]}`,
    load: async () => (await import('./cost.js')).costCommand,
  },
  {
    name: 'send',
    summary: "put the day's brief (or open alerts) in the outbox for every subscribed chat and send it",
    usage: `Usage: herald send brief|alerts [--date YYYY-MM-DD]

Plans the brief (or the open alerts' notices) for every active subscription that receives it,
then sends everything pending in the outbox — the same path the scheduler takes.
  --date   brief: the day to brief (default: the latest day with data);
           alerts: only alerts of that scan day (default: all due)
Running it again sends nothing already sent; messages left unsent by an interrupted run are sent.
A summary goes to stderr: sent N, already sent N, failed N, in flight at a previous crash N.
Exit 1 when a message could not be delivered after its retries.`,
    load: async () => (await import('./send.js')).sendCommand,
  },
  {
    name: 'subscriptions',
    summary: 'list, add or remove the chats that receive the brief and alerts',
    usage: `Usage: herald subscriptions list|add|remove [--transport telegram|slack] [--chat ID]
                   [--receives brief,alerts,ops] [--at HH:MM] [--tz ZONE] [--quiet HH:MM-HH:MM] [--format text|json]

Manages subscriptions from the shell, as /subscribe does in chat.
  list       prints every subscription (--transport filters; --format json for programs)
  add        subscribes --chat (adding it again replaces its settings and reactivates it)
  remove     unsubscribes --chat
  --transport  telegram (default) or slack
  --chat       Telegram chat id (-100123…, 12345, @channel) or Slack channel id (C0123…)
  --receives   a comma list of brief, alerts, ops (Herald's own self-alerts) (default brief,alerts)
  --at         brief time, HH:MM in --tz (default: schedule.briefAt, 09:00)
  --tz         IANA time zone (default: HERALD_TZ, Europe/Moscow)
  --quiet      quiet hours for alerts, e.g. 22:00-08:00 (default none)`,
    load: async () => (await import('./subscriptions.js')).subscriptionsCommand,
  },
  {
    name: 'doctor',
    summary: 'check config, database, ETL relation, models and chat credentials',
    usage: `Usage: herald doctor [--live] [--format text|json]

Checks, one line each (✓ ok, ✗ fault with how to fix it, – skipped: not configured, counts as ok):
  config         which file it came from (a bad config is a fault)
  database       reachable, version, migrations applied, session advisory locks and LISTEN
                 (Supabase's transaction pooler on port 6543 breaks both, and is named)
  ETL relation   exists, columns and types as SPEC section 4, last day, freshness
                 (thresholds.tags.staleAfterHours), through SQL or the Supabase API
  models         each model a route uses: endpoint reachable, key accepted, model id known
                 (GET /models/{id}); --live makes one tiny real call instead
  telegram       getMe, and the webhook's last delivery error when TELEGRAM_WEBHOOK_URL is set
  slack          auth.test and the scopes slack/manifest.yml needs
  --format   text (default) or json: {ok, checks: [{name, ok, skipped?, detail, fix?}]}
Exit status 1 when any check fails.`,
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
  {
    name: 'db',
    summary: 'apply migrations, load the demo data set or the real retail sample',
    usage: `Usage: herald db migrate
       herald db seed-demo [--seed N] [--end-day YYYY-MM-DD] [--skus N] [--days N] [--force]
       herald db load-retail [--file PATH] [--force]

  migrate      applies pending migrations; lists them on stderr ("up to date" when none)
  seed-demo    replaces sku_daily, etl_runs and demo_incidents with a generated demo shop:
                 --seed     generator seed (default 1; the same seed gives the same data)
                 --end-day  last day of data (default: yesterday in Europe/Moscow)
                 --skus     number of SKUs (default 300)
                 --days     days of history (default 120)
  load-retail  replaces sku_daily with the UCI Online Retail (France) sample aggregated per
               StockCode per day (default file: $HERALD_SHARED_DATA/retail/online-retail-france.csv)

Both loaders refuse to overwrite a sku_daily that holds rows they did not write; --force
overrides that (it deletes those rows).`,
    load: async () => (await import('./db.js')).dbCommand,
  },
];
