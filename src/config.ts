/**
 * Environment + `herald.config.json` → one typed, validated `Config` (SPEC sections 2–3).
 * Everything is checked at boot, so a typo fails at `herald start`, not at 9:00 the next morning.
 */
import { isTimeZone } from './time/days.js';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CAPABILITIES, catalogModels, catalogProviders, resolveProvider } from './router/catalog.js';
import { ESCALATE_CHECKS } from './router/escalate.js';
import { environmentSecrets, registerSecrets } from './secrets.js';

import { ConfigError } from './errors.js';
import { readDatabaseSettings, type DatabaseSettings } from './database-settings.js';

/** Thrown for bad configuration; the CLI prints `message` on one line and exits 2. */
export { ConfigError };

/** A route's name: the built-in ones (`brief`, `alert`, `ask`, `classify`, `embed`, `vision`, `transcribe`) or the config's own. */
export type { RouteName } from './router/types.js';
export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'must be a table or view name like sku_daily or etl.sku_daily');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Moscow');
const share = z.number().min(0).max(1);
/**
 * An API base: http or https only. `z.url()` alone takes `localhost:11434/v1` (scheme
 * "localhost") and `ftp://…`, and then every call fails as "Connection error" at 9:00.
 */
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:11434/v1' });

const providerSchema = z.strictObject({
  /** Base URL of the OpenAI-compatible API, e.g. https://api.deepseek.com/v1 or http://127.0.0.1:11434/v1 (Ollama). */
  baseURL: httpUrl.optional(),
  /** Name of the environment variable holding the key; the key itself never goes in the file. */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
  /** Extra headers (e.g. OpenRouter's HTTP-Referer). */
  headers: z.record(z.string(), z.string()).optional(),
});

const capabilitiesSchema = z.strictObject({
  json_schema: z.boolean().optional(),
  json_mode: z.boolean().optional(),
  tools: z.boolean().optional(),
  vision: z.boolean().optional(),
  audio: z.boolean().optional(),
  embeddings: z.boolean().optional(),
});

const modelSchema = z.strictObject({
  provider: z.string().min(1),
  /** The provider's model id. */
  model: z.string().min(1),
  inputPerMTok: z.number().nonnegative().optional(),
  cachedInputPerMTok: z.number().nonnegative().optional(),
  outputPerMTok: z.number().nonnegative().optional(),
  contextWindow: z.number().int().positive().optional(),
  capabilities: capabilitiesSchema.optional(),
});

/** Routes are open: any name like `ask` or `photo-labels` (the built-in ones are in src/router/routes.ts). */
const routeName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a route name is lower-case letters, digits, "-" or "_" (up to 40), starting with a letter');

const routeSchema = z.strictObject({
  /** Models in cascade order: the first is tried first. */
  models: z.array(z.string().min(1)).min(1),
  /**
   * Capabilities every model of the route must have (a model lacking one is skipped). Default:
   * the built-in route's (`vision` needs vision, `embed` embeddings, `transcribe` audio), else none.
   */
  needs: z.array(z.enum(CAPABILITIES)).optional(),
  /** Per-attempt timeout (default 20 s). */
  timeoutMs: z.number().int().positive().optional(),
  /** Overall deadline for the whole cascade (default 60 s). */
  deadlineMs: z.number().int().positive().optional(),
  /** Retries on the same model for transient failures (default 1). */
  retries: z.number().int().min(0).max(5).optional(),
  /** Daily USD budget for this route. */
  budgetUsd: z.number().nonnegative().optional(),
  canary: z.strictObject({ model: z.string().min(1), share }).optional(),
  shadow: z.strictObject({ model: z.string().min(1), share: share.default(1) }).optional(),
  /**
   * Checks run on a valid answer of every model but the last; one that doubts it sends the call on
   * to the next model (logged as status `escalated`). One name or a list; none by default.
   */
  escalate: z
    .union([z.enum(ESCALATE_CHECKS), z.array(z.enum(ESCALATE_CHECKS)).min(1)])
    .transform((v) => (typeof v === 'string' ? [v] : v))
    .optional(),
});

/** Tag thresholds (SPEC section 5); defaults are the SPEC's. */
const tagThresholdsSchema = z.strictObject({
  topN: z.number().int().min(0).default(5),
  growthPct: z.number().positive().default(0.3),
  declinePct: z.number().positive().default(0.3),
  /** Days of cover under which `low_stock` is tagged. */
  lowStockDays: z.number().positive().default(7),
  /** Item ДРР above which `ad_inefficient` is tagged. */
  adInefficientDrr: z.number().positive().default(0.2),
  /** `ad_inefficient` only with at least this ad spend that day (shop currency): a few rubles of ads is not news. */
  adInefficientMinSpend: z.number().nonnegative().default(500),
  /** `growth` / `decline` only when revenue moved at least this much vs a week earlier (shop currency). */
  moverMinChange: z.number().nonnegative().default(1000),
  /** `out_of_stock` / `low_stock` only for SKUs whose sales at risk are at least this much per day (shop currency). */
  stockMinDailyRevenue: z.number().nonnegative().default(300),
  /** Relative price move vs the day before that tags `price_change`. */
  priceChangePct: z.number().positive().default(0.1),
  /** `price_change` only when the move shifts at least this much revenue per day (|Δprice| × units/day). */
  priceChangeMinMoney: z.number().nonnegative().default(200),
  /** `returns_spike`: at least this many returns… */
  returnsSpikeMin: z.number().int().positive().default(3),
  /** …and this many times the average of the previous 7 days. */
  returnsSpikeFactor: z.number().positive().default(3),
  /** …worth at least this much (returns × price, shop currency). */
  returnsSpikeMinValue: z.number().nonnegative().default(1000),
  /** ETL older than this (hours) makes the freshness line say "stale". */
  staleAfterHours: z.number().positive().default(30),
});
export type TagThresholds = z.infer<typeof tagThresholdsSchema>;

/**
 * Anomaly detector thresholds (`thresholds.detectors`, SPEC section 5 kinds). Defaults are chosen
 * so a seller accepts every alert: volume guards keep a SKU selling ~1/day from ever alerting on
 * sales noise, and money floors keep tiny ad or revenue moves quiet. Money is in the shop currency.
 */
const detectorThresholdsSchema = z.strictObject({
  /** Weeks of the same weekday in the sales baseline (median of those days). */
  salesBaselineWeeks: z.number().int().min(3).max(8).default(6),
  /** Baseline units/day under which sales_drop / sales_spike never fire (low-volume noise). */
  salesMinBaselineUnits: z.number().nonnegative().default(8),
  /** Width of the expected band in robust sigmas (MAD, floored by Poisson noise √expected). */
  salesBandSigmas: z.number().positive().default(2.5),
  /** sales_drop also needs units at least this fraction below the baseline. */
  salesDropPct: z.number().positive().max(1).default(0.5),
  /** sales_drop on a best-seller whose days are too noisy for the band: a fall of this fraction (0.8 = to a fifth) still counts, once past Poisson noise. */
  salesDeepDropPct: z.number().positive().max(1).default(0.8),
  /** sales_spike also needs units at least this fraction above the baseline (1 = ×2). */
  salesSpikePct: z.number().positive().default(1),
  /**
   * Mid-volume SKUs (baseline from this up to `salesMinBaselineUnits` units/day) are judged too, by
   * stricter rules: a spike must reach `salesMidSpikePct`, a drop must last `salesDropDays`.
   */
  salesMidMinBaselineUnits: z.number().nonnegative().default(2),
  /** sales_spike on a mid-volume SKU: at least this fraction above the baseline (2 = ×3): one lucky order is not a spike. */
  salesMidSpikePct: z.number().positive().default(2),
  /** Mid-volume rules only for steady sellers: units on at least this many of the last 14 days (lumpy wholesale orders are not a rhythm). */
  salesMidActiveDays: z.number().int().min(0).max(14).default(10),
  /** sales_drop over several days (any SKU from `salesMidMinBaselineUnits` up): the last N days together, so a mid-volume fall is told from a slow day. */
  salesDropDays: z.number().int().min(2).max(7).default(3),
  /** sales_drop of a whole category (SKUs summed by category): the category sells at least this many units/day… */
  categoryMinBaselineUnits: z.number().nonnegative().default(20),
  /** …and falls at least this fraction below its weekday baseline, outside the band… */
  categoryDropPct: z.number().positive().max(1).default(0.35),
  /** …below its band in robust σ (narrower than a SKU's: a category's sum is smoother, and the fall must also reach `categoryDropPct`)… */
  categoryBandSigmas: z.number().positive().default(2),
  /** …across at least this many SKUs, and still after leaving out the SKU that lost the most (one product's fall is its own alert). */
  categoryMinSkus: z.number().int().min(2).default(3),
  /** zero_sales: an established seller sells at least this many units/day over the last 14 days… */
  zeroSalesMinDailyUnits: z.number().positive().default(2),
  /** …and the units missed over the zero streak (streak × baseline) reach this (e^-7 ≈ 0.1 % by chance). */
  zeroSalesMinMissedUnits: z.number().positive().default(7),
  /** stockout / low_cover: only SKUs that sell at least this many units/day recently. */
  stockMinDailyUnits: z.number().positive().default(1),
  /** low_cover: days of cover (stock ÷ forecast daily units) under this alert. */
  lowCoverDays: z.number().positive().default(5),
  /** price_anomaly: relative move vs the median of the last 7 priced days (0.5 = −50 % or +50 %). */
  priceMovePct: z.number().positive().default(0.5),
  /** price_anomaly: the reference prices must be this stable (relative MAD) for a move to count. */
  priceStableMad: z.number().positive().default(0.1),
  /**
   * price_anomaly, likely pricing error: an overnight cut of at least this fraction (0.3 = −30 %)
   * on a price that was steady (below); promotions rarely go this deep overnight on a steady price.
   */
  priceCutPct: z.number().positive().max(1).default(0.3),
  /** …steady: every one of the last 7 priced days within this fraction of their median, yesterday included. */
  priceCutStableSpread: z.number().nonnegative().default(0.03),
  /** ad_spend_spike: spend at least this many times the median of the last 14 days… */
  adSpendSpikeFactor: z.number().positive().default(2.5),
  /** …and at least this much above it, in money. */
  adSpendMinExcess: z.number().nonnegative().default(1_000),
  /** drr_high: ДРР (ad spend ÷ revenue over the last 3 days) above this fraction… */
  drrHigh: z.number().positive().default(0.35),
  /** …with at least this much ad spend over those 3 days. */
  drrMinAdSpend: z.number().nonnegative().default(1_500),
  /** returns_spike: at least this many returns in the day… */
  returnsSpikeMin: z.number().int().positive().default(5),
  /** …and this many times the daily average of the last 14 days. */
  returnsSpikeFactor: z.number().positive().default(3),
  /** Severity by money at risk per day: at or above this is critical… */
  criticalAtRisk: z.number().nonnegative().default(20_000),
  /** …at or above this a warning, below it info. */
  warningAtRisk: z.number().nonnegative().default(3_000),
});
export type DetectorThresholds = z.infer<typeof detectorThresholdsSchema>;

/** Alert lifecycle (`alerts`): grouping, auto-resolve, re-notification, quiet hours. */
const alertsSchema = z.strictObject({
  /** An alert resolves itself after its metric is back to normal for this many days (etl_stale: at once). */
  autoResolveDays: z.number().int().min(1).default(2),
  /** An unacknowledged critical alert is sent again after this many hours. */
  repeatCriticalHours: z.number().positive().default(4),
  /** At least this many SKUs of one kind in one category become one grouped message. */
  groupMinSkus: z.number().int().min(2).default(3),
  /** A kind hitting this share of the day's SKUs (and ≥ groupMinSkus) is grouped shop-wide. */
  groupShopShare: z.number().min(0).max(1).default(0.3),
  /** Critical alerts wait for quiet hours to end too, unless this is true. */
  criticalBypassesQuietHours: z.boolean().default(false),
  /** At most this many new alerts per scan get a model-written explanation (route `alert`). */
  explainMax: z.number().int().min(0).default(5),
});
export type AlertSettings = z.infer<typeof alertsSchema>;

/**
 * Ask Herald (`ask`): the tool-calling loop's limits, the tools' query limits, the per-user rate
 * limit and the voice / photo limits. Defaults keep one question cheap and a chat responsive.
 */
const askSchema = z.strictObject({
  /** Model turns per question before the loop stops (a model that keeps calling tools). */
  maxSteps: z.number().int().min(1).max(20).default(6),
  /** Model spend per question in USD; the loop stops before a turn once it is reached. */
  maxCostUsd: z.number().positive().default(0.05),
  /** Longest a tool's query may run (statement timeout). */
  statementTimeoutMs: z.number().int().positive().default(5_000),
  /** Most rows a tool returns: results go back into the model's context. */
  rowLimit: z.number().int().min(1).max(500).default(50),
  /** Questions per user per minute, and per day, across chats. */
  perUserPerMinute: z.number().int().min(1).default(5),
  perUserPerDay: z.number().int().min(1).default(100),
  /** Longest voice message transcribed, in seconds. */
  voiceMaxSeconds: z.number().int().positive().default(120),
  /** Largest voice file downloaded, in bytes (Telegram's Bot API serves up to 20 MB). */
  voiceMaxBytes: z.number().int().positive().default(5_000_000),
  /** Largest photo sent to the vision route, in bytes: the biggest size under it is chosen. */
  photoMaxBytes: z.number().int().positive().default(4_000_000),
});
export type AskSettings = z.infer<typeof askSchema>;

/**
 * Herald's self-alerts (`selfAlerts`, SPEC section 7): rules over the call log, the outbox and the
 * ETL runs, evaluated by the scheduler every `checkMinutes`, sent to chats receiving `ops`. The
 * defaults alert on what a person should act on the same day, and stay quiet on a normal week.
 */
const selfAlertsSchema = z.strictObject({
  /** Evaluate the rules at all (the scheduler's leader does). */
  enabled: z.boolean().default(true),
  /** How often the rules run, in minutes. */
  checkMinutes: z.number().int().min(1).max(1_440).default(5),
  /** model_errors: a model's share of failed attempts over the last `errorWindowMinutes`… */
  errorRate: share.default(0.2),
  errorWindowMinutes: z.number().int().min(1).default(30),
  /** …counted only with at least this many attempts (two failures of three calls are noise). */
  errorMinCalls: z.number().int().min(1).default(10),
  /** latency_regression: today's p95 over `latencyFactor` × the trailing week's p95… */
  latencyFactor: z.number().min(1).default(2),
  /** …with at least this many attempts today and in the week. */
  latencyMinCalls: z.number().int().min(1).default(20),
  /** cost_spike: today's spend over `costSpikeFactor` × the median of the last `costBaselineDays` days… */
  costSpikeFactor: z.number().min(1).default(3),
  costBaselineDays: z.number().int().min(3).max(60).default(7),
  /** …and at least this many USD (a cent over a zero median is no spike). */
  costSpikeMinUsd: z.number().nonnegative().default(1),
  /** escalation_surge: a route's share of escalated calls today over `escalationFactor` × the trailing week's… */
  escalationFactor: z.number().min(1).default(2),
  /** …at least this share (a cascade may escalate now and then)… */
  escalationMinShare: share.default(0.1),
  /** …with at least this many calls today. */
  escalationMinCalls: z.number().int().min(1).default(20),
  /** delivery_failures: at least this many sends failed for good over the last `deliveryWindowMinutes`. */
  deliveryFailures: z.number().int().min(1).default(3),
  deliveryWindowMinutes: z.number().int().min(1).default(60),
  /** unpriced_model looks at the last this many hours. */
  unpricedWindowHours: z.number().int().min(1).default(24),
  /** A self-alert a person resolved while its cause lasts is not reopened for this many hours. */
  reopenAfterHours: z.number().min(0).default(24),
  /** Where each kind's runbook lives: the message links `<runbookUrl>#<kind>`. */
  runbookUrl: z.string().min(1).default('docs/operations.md'),
});
export type SelfAlertSettings = z.infer<typeof selfAlertsSchema>;

/**
 * Retention (`retention`): the call log, delivered outbox rows and processed chat updates are
 * pruned by the scheduler once a day, in batches, so a long-running bot's tables stop growing.
 */
const retentionSchema = z.strictObject({
  /** Model call-log rows (`llm_calls`) older than this many days are deleted (cost reports read 30). */
  llmCallsDays: z.number().int().min(1).default(90),
  /** Outbox rows that are done (sent, failed for good, cancelled) older than this many days. */
  deliveriesDays: z.number().int().min(1).default(30),
  /** Processed chat updates (redelivery guard) older than this many days. */
  processedUpdatesDays: z.number().int().min(1).default(7),
  /** Rows deleted per statement: small batches keep locks short and never block the bot. */
  batchSize: z.number().int().min(1).max(100_000).default(1_000),
});
export type RetentionSettings = z.infer<typeof retentionSchema>;

const fileSchema = z.strictObject({
  providers: z.record(z.string(), providerSchema).default({}),
  models: z.record(z.string(), modelSchema).default({}),
  routes: z.record(routeName, routeSchema).default({}),
  budget: z.strictObject({ dailyUsd: z.number().nonnegative().optional() }).default({}),
  cache: z
    .strictObject({
      enabled: z.boolean().default(true),
      ttlSeconds: z.number().int().positive().default(86_400),
      maxEntries: z.number().int().positive().default(1_000),
    })
    .default({ enabled: true, ttlSeconds: 86_400, maxEntries: 1_000 }),
  /** Router tuning (issue 3); every key has a default, so most configs never set it. */
  router: z
    .strictObject({
      /** Circuit breaker per model: open after `failureThreshold` consecutive transient failures, probe after `cooldownMs`. */
      breaker: z
        .strictObject({ failureThreshold: z.number().int().positive().default(5), cooldownMs: z.number().int().positive().default(30_000) })
        .default({ failureThreshold: 5, cooldownMs: 30_000 }),
      /** Exponential backoff between retries on one model (a 429's Retry-After wins). */
      backoff: z
        .strictObject({ baseMs: z.number().int().nonnegative().default(250), maxMs: z.number().int().positive().default(8_000) })
        .default({ baseMs: 250, maxMs: 8_000 }),
      /** Call log batching: flush every `flushMs` or every `batchSize` rows (and on close). */
      log: z
        .strictObject({ flushMs: z.number().int().positive().default(500), batchSize: z.number().int().positive().default(100) })
        .default({ flushMs: 500, batchSize: 100 }),
    })
    .default({ breaker: { failureThreshold: 5, cooldownMs: 30_000 }, backoff: { baseMs: 250, maxMs: 8_000 }, log: { flushMs: 500, batchSize: 100 } }),
  data: z
    .strictObject({
      relation: identifier.default('sku_daily'),
      etlRunsRelation: identifier.default('etl_runs'),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as RUB').default('RUB'),
    })
    .default({ relation: 'sku_daily', etlRunsRelation: 'etl_runs', currency: 'RUB' }),
  thresholds: z
    .strictObject({
      tags: tagThresholdsSchema.prefault({}),
      detectors: detectorThresholdsSchema.prefault({}),
    })
    .prefault({}),
  alerts: alertsSchema.prefault({}),
  ask: askSchema.prefault({}),
  selfAlerts: selfAlertsSchema.prefault({}),
  retention: retentionSchema.prefault({}),
  schedule: z
    .strictObject({
      /** Default brief time (HH:MM) of a subscription that names none. */
      briefAt: hhmm.default('09:00'),
      /** By when (HH:MM, shop zone) a day's ETL run should have finished; the scheduler scans at this time if none came (etl_stale). */
      etlExpectedBy: hhmm.default('08:00'),
      /**
       * How long after its time a missed brief is still sent (marked late) when the bot was down;
       * never past the end of that calendar day in the subscription's zone, so a bot started the
       * next day sends no stale brief.
       */
      catchUpHours: z.number().positive().max(24).default(12),
      /** Scheduler tick (seconds): how often due briefs, new ETL runs and re-notifications are checked. */
      tickSeconds: z.number().int().min(1).max(3_600).default(30),
      /**
       * When the day to brief has no data yet (ETL late), the brief waits this long past its time,
       * then goes out with the latest day that has data and a "no fresh data" notice.
       */
      briefWaitMinutes: z.number().int().min(0).default(60),
    })
    .default({ briefAt: '09:00', etlExpectedBy: '08:00', catchUpHours: 12, tickSeconds: 30, briefWaitMinutes: 60 }),
  access: z
    .strictObject({
      telegramChats: z.array(z.string()).default([]),
      slackChannels: z.array(z.string()).default([]),
      admins: z.array(z.string()).default([]),
    })
    .default({ telegramChats: [], slackChannels: [], admins: [] }),
  locale: z.enum(LOCALES).optional(),
});
export type FileConfig = z.infer<typeof fileSchema>;

const csv = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean));
const optionalString = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() !== '' ? s.trim() : undefined));

const envSchema = z.object({
  SUPABASE_URL: optionalString.pipe(httpUrl.optional()),
  SUPABASE_KEY: optionalString,
  HERALD_ADMINS: csv,
  HERALD_CONFIG: optionalString,
  HERALD_LOCALE: optionalString.pipe(z.enum(LOCALES).optional()),
  HERALD_TZ: optionalString.pipe(timeZone.optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(httpUrl.optional()),
  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like 123456:ABC-DEF… (from @BotFather)').optional(),
  ),
  TELEGRAM_API_ROOT: optionalString.pipe(httpUrl.optional()),
  TELEGRAM_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'may hold only A-Z, a-z, 0-9, _ and - (Telegram rule)').optional(),
  ),
  TELEGRAM_ALLOWED_CHATS: csv,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString.pipe(httpUrl.optional()),
  SLACK_ALLOWED_CHANNELS: csv,
  PORT: optionalString
    .transform((s) => (s === undefined ? undefined : Number(s)))
    .pipe(z.number('must be a port number').int().min(0).max(65_535).optional()),
  HERALD_TRANSPORT_START_TIMEOUT_MS: optionalString
    .transform((s) => (s === undefined ? undefined : Number(s)))
    .pipe(z.number('must be a number of milliseconds').int().positive().optional()),
});

export interface Config extends Omit<FileConfig, 'locale' | 'access'> {
  /** Where the config file was read from, or null when defaults were used. */
  configPath: string | null;
  locale: Locale;
  timeZone: string;
  /** The database settings (src/database-settings.ts): also readable without the rest of the config. */
  database: DatabaseSettings;
  supabase: { url: string; key: string } | null;
  access: { telegramChats: string[]; slackChannels: string[]; admins: string[] };
  telegram: {
    token: string;
    apiRoot: string | undefined;
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
  } | null;
  slack: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
  } | null;
  port: number;
  /** How long a chat transport may take to reach its platform at start (HERALD_TRANSPORT_START_TIMEOUT_MS). */
  transportStartTimeoutMs: number;
  /** The environment the config was read from (provider keys are looked up here by name). */
  env: Readonly<Record<string, string | undefined>>;
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Directory that relative paths (HERALD_CONFIG, HERALD_DATA_DIR) resolve against. Default: cwd. */
  cwd?: string;
}

/** Reads and validates the whole configuration; throws `ConfigError` naming the offending key. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  // Secrets are known (and scrubbed from every log line and error) before anything can fail.
  registerSecrets(environmentSecrets(env));
  // The database keys first, by their own reader: the one rule that `herald subscriptions list`
  // applies without loading this module.
  const database = readDatabaseSettings(env, cwd);
  const e = parseOrThrow(envSchema, env, 'environment', (path) => path);

  const explicit = e.HERALD_CONFIG !== undefined;
  const configPath = resolve(cwd, e.HERALD_CONFIG ?? 'herald.config.json');
  let raw: unknown = {};
  let usedPath: string | null = null;
  if (existsSync(configPath)) {
    const text = readFileSync(configPath, 'utf8');
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`config: ${configPath}: not valid JSON (${(err as Error).message})`);
    }
    usedPath = configPath;
  } else if (explicit) {
    throw new ConfigError(`config: HERALD_CONFIG: file ${configPath} does not exist`);
  }
  const file = parseOrThrow(fileSchema, raw, `config: ${usedPath ?? 'herald.config.json'}`, (p) => p);

  // The default OpenAI-compatible provider comes from the environment unless the file names one.
  const providers = { ...file.providers };
  if (!providers.openai) {
    providers.openai = {
      baseURL: e.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
    };
  } else if (e.OPENAI_BASE_URL && !providers.openai.baseURL) {
    providers.openai = { ...providers.openai, baseURL: e.OPENAI_BASE_URL };
  }
  // Without a config file, routes default to the SPEC's example when a key exists; with no key
  // there is nothing to call and the brief uses its template straight away.
  let routes = file.routes;
  if (usedPath === null && Object.keys(routes).length === 0 && e.OPENAI_API_KEY) {
    routes = {
      brief: { models: ['gpt-5-mini', 'gpt-5'] },
      alert: { models: ['gpt-5-mini'] },
      ask: { models: ['gpt-5-mini', 'gpt-5'] },
    };
  }
  // The catalog knows the endpoints of a few providers (ollama, deepseek, …): naming one needs no `providers` entry.
  const knownProviders = new Set([...Object.keys(providers), ...catalogProviders()]);
  for (const [name, model] of Object.entries(file.models)) {
    if (!knownProviders.has(model.provider)) {
      throw new ConfigError(
        `config: models.${name}.provider: unknown provider "${model.provider}" (known: ${[...knownProviders].join(', ')})`,
      );
    }
  }
  // A route naming a model nobody knows would only be skipped, with a warning, at 9:00: fail now.
  const knownModels = new Set([...Object.keys(file.models), ...catalogModels()]);
  for (const [route, r] of Object.entries(routes)) {
    if (!r) continue;
    const named: Array<[string, string]> = r.models.map((m, i) => [`routes.${route}.models[${i}]`, m]);
    if (r.canary) named.push([`routes.${route}.canary.model`, r.canary.model]);
    if (r.shadow) named.push([`routes.${route}.shadow.model`, r.shadow.model]);
    for (const [key, model] of named) {
      if (!knownModels.has(model)) {
        throw new ConfigError(`config: ${key}: unknown model "${model}" (declare it under "models" or use a catalog model)`);
      }
    }
  }

  const telegram = e.TELEGRAM_BOT_TOKEN
    ? {
        token: e.TELEGRAM_BOT_TOKEN,
        apiRoot: e.TELEGRAM_API_ROOT,
        webhookUrl: e.TELEGRAM_WEBHOOK_URL,
        webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      }
    : null;
  if (telegram?.webhookUrl && !telegram.webhookSecret) {
    throw new ConfigError('config: TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  const slack = e.SLACK_BOT_TOKEN
    ? {
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
      }
    : null;
  if (slack && !slack.appToken && !slack.signingSecret) {
    throw new ConfigError('config: SLACK_SIGNING_SECRET: required for the HTTP receiver (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if ((e.SUPABASE_URL === undefined) !== (e.SUPABASE_KEY === undefined)) {
    throw new ConfigError(`config: ${e.SUPABASE_URL ? 'SUPABASE_KEY' : 'SUPABASE_URL'}: set both SUPABASE_URL and SUPABASE_KEY, or neither`);
  }

  const config: Config = {
    ...file,
    providers,
    routes,
    configPath: usedPath,
    locale: e.HERALD_LOCALE ?? file.locale ?? 'ru',
    timeZone: e.HERALD_TZ ?? 'Europe/Moscow',
    database,
    supabase: e.SUPABASE_URL && e.SUPABASE_KEY ? { url: e.SUPABASE_URL, key: e.SUPABASE_KEY } : null,
    access: {
      telegramChats: [...file.access.telegramChats, ...e.TELEGRAM_ALLOWED_CHATS],
      slackChannels: [...file.access.slackChannels, ...e.SLACK_ALLOWED_CHANNELS],
      admins: [...file.access.admins, ...e.HERALD_ADMINS],
    },
    telegram,
    slack,
    port: e.PORT ?? 3000,
    transportStartTimeoutMs: e.HERALD_TRANSPORT_START_TIMEOUT_MS ?? 30_000,
    env,
  };
  registerSecrets(configSecrets(config));
  return config;
}

/** Every secret a loaded config knows of: the environment's, plus every provider's key (for src/secrets.ts). */
export function configSecrets(config: Config): string[] {
  const keys: string[] = [];
  for (const name of new Set([...Object.keys(config.providers), ...catalogProviders()])) {
    const key = resolveProvider(name, config)?.apiKey;
    if (key && key !== 'no-key') keys.push(key);
  }
  return [...environmentSecrets(config.env), ...keys];
}

function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
  name: (path: string) => string,
): z.infer<S> {
  // Parsed once per process: zod's compiled fast path (`new Function` per object schema) only pays
  // back over many parses, and costs a one-shot CLI command milliseconds to build.
  const result = schema.safeParse(value, { jitless: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  const key = path === '' ? '(root)' : name(path);
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.code === 'invalid_key'
        ? `bad key: ${issue.issues[0]?.message ?? issue.message}`
        : issue.message;
  const prefix = where === 'environment' ? 'config' : where;
  throw new ConfigError(`${prefix}: ${key}: ${message}${quoteBadValue(value, issue.path, key)}`);
}

/** ` (got "Moscow")`: the offending value, so the user sees what was read — never a secret's. */
function quoteBadValue(root: unknown, path: readonly PropertyKey[], key: string): string {
  if (/KEY|TOKEN|SECRET|PASSWORD|DATABASE_URL|apiKey|headers/i.test(key)) return '';
  let v: unknown = root;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  if (v === undefined || (typeof v === 'object' && v !== null)) return '';
  const text = JSON.stringify(v);
  return ` (got ${text.length > 80 ? `${text.slice(0, 77)}…"` : text})`;
}
