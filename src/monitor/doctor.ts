/**
 * `herald doctor` (SPEC §1): every check as one ✓/✗ line with how to fix it. What is not
 * configured (a transport without credentials, a provider no route uses) is a skipped line that
 * counts as ok. The config, the database, the ETL relation against SPEC §4, each model a route
 * uses, and the chat credentials that are set — each chat platform checked by a function its
 * transport exports.
 */
import type { Config } from '../config.js';
import { isTransactionPooler, probeDatabase, type DatabaseFacts } from '../data/database-probe.js';
import type { EtlSource } from '../data/etl-source.js';
import type { Store } from '../data/store.js';
import { failed, passed, skipped, type HealthCheck } from '../health-check.js';
import { checkModels } from './model-check.js';
import type { Clock } from '../time/clock.js';

export interface DoctorDeps {
  config: Config;
  /** Opens Herald's database (a failure becomes the database line). */
  store: () => Promise<Store>;
  etl: (store: Store) => EtlSource;
  clock: Clock;
  live: boolean;
  /** The transports' credential checks (injected so `monitor/` imports no chat SDK). */
  checkTelegram: (telegram: NonNullable<Config['telegram']>) => Promise<HealthCheck[]>;
  checkSlack: (slack: NonNullable<Config['slack']>) => Promise<HealthCheck[]>;
}

export interface DoctorReport {
  ok: boolean;
  checks: HealthCheck[];
}

/** SPEC §4: column → the type family it must have. */
const SKU_DAILY: Record<string, Family> = {
  day: 'date', sku: 'text', title: 'text', category: 'text', units: 'integer', orders: 'integer', revenue: 'numeric',
  returns: 'integer', stock: 'integer', price: 'numeric', ad_spend: 'numeric', ad_clicks: 'integer', ad_impressions: 'integer',
};
const ETL_RUNS: Record<string, Family> = { finished_at: 'timestamp', status: 'text' };
type Family = 'date' | 'text' | 'integer' | 'numeric' | 'timestamp';

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { config } = deps;
  const checks: HealthCheck[] = [passed('config', config.configPath ? `loaded from ${config.configPath}` : 'no config file: defaults and the environment')];

  let store: Store | null = null;
  try {
    store = await deps.store();
  } catch (err) {
    checks.push(failed('database', `cannot connect: ${redact(err)}`, config.database.url ? 'check DATABASE_URL (host, port, password, database name)' : 'check HERALD_DATA_DIR is writable and not held by another herald'));
  }
  if (store) checks.push(...(await databaseChecks(store, config.database.url)));
  else if (config.database.url && isTransactionPooler(config.database.url)) checks.push(...poolerChecks());
  if (store || config.supabase) checks.push(...(await etlChecks(deps, store)));

  checks.push(...(await checkModels({ config, live: deps.live })));
  checks.push(...(config.telegram ? await deps.checkTelegram(config.telegram) : [skipped('telegram', 'TELEGRAM_BOT_TOKEN is not set')]));
  checks.push(...(config.slack ? await deps.checkSlack(config.slack) : [skipped('slack', 'SLACK_BOT_TOKEN is not set')]));
  return { ok: checks.every((c) => c.ok), checks };
}

async function databaseChecks(store: Store, url: string | null): Promise<HealthCheck[]> {
  let facts: DatabaseFacts;
  try {
    facts = await probeDatabase(store, url);
  } catch (err) {
    const line = failed('database', `cannot query it: ${redact(err)}`, url ? 'check DATABASE_URL and that the role may read pg_locks' : 'check HERALD_DATA_DIR');
    return url && isTransactionPooler(url) ? [line, ...poolerChecks()] : [line];
  }
  const where = facts.driver === 'pglite' ? 'embedded PGlite' : 'Postgres';
  const checks = [passed('database', `${where} ${facts.version} reachable`)];
  checks.push(
    facts.pending.length
      ? failed('database: migrations', `${facts.pending.length} pending: ${facts.pending.join(', ')}`, 'run herald db migrate (fly: the release command)')
      : passed('database: migrations', 'all applied'),
  );
  if (facts.transactionPooler) return [...checks, ...poolerChecks()];
  checks.push(
    facts.advisoryLocks.ok
      ? passed('database: advisory locks', facts.advisoryLocks.detail)
      : failed('database: advisory locks', facts.advisoryLocks.detail, 'the leader lock needs session advisory locks: connect directly or through a session-mode pooler'),
  );
  if (facts.listen === null) checks.push(skipped('database: LISTEN', 'embedded database: one process, nothing to notify'));
  else {
    checks.push(
      facts.listen.ok
        ? passed('database: LISTEN', facts.listen.detail)
        : failed('database: LISTEN', facts.listen.detail, 'connect directly or through a session-mode pooler'),
    );
  }
  return checks;
}

const POOLER = 'DATABASE_URL points at port 6543, the Supabase transaction-mode pooler, which breaks session advisory locks and LISTEN';
const POOLER_FIX = "use Supabase's direct connection or the session-mode pooler (port 5432) in DATABASE_URL";
const poolerChecks = () => [failed('database: advisory locks', POOLER, POOLER_FIX), failed('database: LISTEN', POOLER, POOLER_FIX)];

async function etlChecks(deps: DoctorDeps, store: Store | null): Promise<HealthCheck[]> {
  const { config } = deps;
  const via = config.supabase ? `through the Supabase API at ${new URL(config.supabase.url).host}` : 'through SQL';
  const rel = config.data.relation;
  const runsRel = config.data.etlRunsRelation;
  if (!store && !config.supabase) return [];
  const etl = deps.etl(store!);
  const checks: HealthCheck[] = [];
  try {
    const columns = await etl.columns('data');
    if (!columns) return [failed(`ETL relation ${rel}`, `does not exist (${via})`, 'create it, or point data.relation at your view (SPEC §4)')];
    const problems = contractProblems(columns, SKU_DAILY);
    checks.push(
      problems.length
        ? failed(`ETL relation ${rel}`, problems.join('; '), 'add or cast the columns in your view as SPEC §4 lists them')
        : passed(`ETL relation ${rel}`, `columns match SPEC §4 (${via})${Object.values(columns).every((t) => t === null) ? '; types are not visible through the API' : ''}`),
    );
    const range = await etl.dayRange();
    checks.push(range.last ? passed('ETL last day', `${range.last} (data from ${range.first})`) : failed('ETL last day', `${rel} has no rows`, 'run your ETL, or herald db seed-demo to try Herald'));

    const runColumns = await etl.columns('runs');
    if (!runColumns) {
      checks.push(failed(`ETL runs ${runsRel}`, 'does not exist', 'have the ETL write (finished_at, status) per run, or point data.etlRunsRelation at your run log'));
      return checks;
    }
    const runProblems = contractProblems(runColumns, ETL_RUNS);
    if (runProblems.length) {
      checks.push(failed(`ETL runs ${runsRel}`, runProblems.join('; '), 'etl_runs needs finished_at timestamptz and status text'));
      return checks;
    }
    const last = await etl.lastEtlFinishedAt();
    const limitHours = config.thresholds.tags.staleAfterHours;
    if (!last) checks.push(failed('ETL freshness', `no successful run in ${runsRel}`, 'have the ETL record finished runs with status ok/success/done'));
    else {
      const hours = (deps.clock.now() - Date.parse(last)) / 3_600_000;
      checks.push(
        hours > limitHours
          ? failed('ETL freshness', `last successful run ${last}, ${Math.round(hours)} h ago (limit ${limitHours} h)`, 'check the ETL job; the limit is thresholds.tags.staleAfterHours')
          : passed('ETL freshness', `last successful run ${last}, ${hours.toFixed(1)} h ago`),
      );
    }
  } catch (err) {
    checks.push(failed(`ETL relation ${rel}`, `cannot read it ${via}: ${redact(err)}`, config.supabase ? 'check SUPABASE_URL, SUPABASE_KEY and that the API exposes the relation' : 'check the role may select from it'));
  }
  return checks;
}

/** Missing columns and wrong types; an unknown type (the API) is not a problem. */
function contractProblems(columns: Record<string, string | null>, contract: Record<string, Family>): string[] {
  const problems: string[] = [];
  const missing = Object.keys(contract).filter((c) => !(c in columns));
  // Through the API an empty relation shows no columns at all: nothing to say then.
  if (missing.length && Object.keys(columns).length > 0) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  for (const [name, family] of Object.entries(contract)) {
    const type = columns[name];
    if (type && !fits(type, family)) problems.push(`${name} is ${type}, SPEC §4 wants ${family}`);
  }
  return problems;
}

function fits(type: string, family: Family): boolean {
  const t = type.toLowerCase();
  switch (family) {
    case 'date':
      return t === 'date';
    case 'text':
      return /^(text|character varying|varchar|character|char|citext|name)/.test(t);
    case 'integer':
      return /^(smallint|integer|bigint|numeric|int)/.test(t);
    case 'numeric':
      return /^(numeric|decimal|real|double precision|smallint|integer|bigint|money)/.test(t);
    case 'timestamp':
      return /^timestamp/.test(t);
    default: {
      const never: never = family;
      throw new Error(`unknown family ${String(never)}`);
    }
  }
}

/** One line, without connection strings. */
function redact(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/postgres(ql)?:\/\/\S+/g, '[url]').replace(/\s*\n\s*/g, ' ').slice(0, 300);
}

/** The text output: one line per check, its fix under a failed one. */
export function formatDoctor(report: DoctorReport): string {
  const lines = report.checks.map((c) => {
    const mark = c.skipped ? '–' : c.ok ? '✓' : '✗';
    return `${mark} ${c.name}: ${c.detail}${c.skipped ? ' (skipped)' : ''}${!c.ok && c.fix ? `\n    fix: ${c.fix}` : ''}`;
  });
  const faults = report.checks.filter((c) => !c.ok).length;
  lines.push(faults ? `${faults} problem${faults > 1 ? 's' : ''} found` : 'all checks passed');
  return `${lines.join('\n')}\n`;
}
