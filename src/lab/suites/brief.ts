/**
 * Suite `brief` (route `brief`): the morning brief's narrative. Each case is one day's brief of
 * the demo shop (built by `rowsToBrief` from the generated data named in `bench/suites/brief.json`),
 * sent exactly as the brief narrator sends it; an answer scores 1 when it passes the narrative
 * schema and every number it states matches a figure it was given — the grounding check Ask Herald
 * uses (`src/ask/grounding.ts`): formats normalised («1 234,5 ₽», «12 тыс.», «15 %» for 0.15),
 * rounding forgiven, articles, dates and small counts not counted as claims.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findUnverified, identifiersIn, numbersIn, type GroundingFacts } from '../../ask/grounding.js';
import { loadConfig, type Locale } from '../../config.js';
import { generateDemo } from '../../data/demo/generate-demo.js';
import { rowsToBrief } from '../../insights/brief.js';
import type { Brief, Narrative } from '../../insights/types.js';
import { briefData, narrativeRequest } from '../../brief/brief-narrator.js';
import { addDays } from '../../time/days.js';
import type { Suite, SuiteCase } from '../suite.js';

export interface BriefCase extends SuiteCase {
  brief: Brief;
  locale: Locale;
  /** The numbers the model was given, and the identifiers (articles) that are not claims. */
  facts: GroundingFacts;
}

interface BriefSuiteFile {
  /** The demo shop the briefs are built from (`generateDemo`). */
  demo: { seed: number; skus: number; days: number; endDay: string };
  /** Briefs for this many days, ending at `demo.endDay`. */
  briefDays: number;
  locale: Locale;
}

/** The figures a brief's narrative may cite, as the grounding check reads them. */
export function briefFacts(brief: Brief, locale: Locale): GroundingFacts {
  const data = briefData(brief, locale);
  return { numbers: numbersIn(data), identifiers: identifiersIn(data), quoted: [] };
}

/** Builds the suite's briefs from the demo shop: pure, deterministic for the file's seed. */
export function buildBriefCases(spec: BriefSuiteFile): BriefCase[] {
  const demo = generateDemo(spec.demo);
  const thresholds = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.tags;
  const first = demo.rows[0]?.day ?? null;
  const firstSaleDay: Record<string, string | null> = {};
  for (const r of demo.rows) if (r.units > 0 && !(r.sku in firstSaleDay)) firstSaleDay[r.sku] = r.day;
  const cases: BriefCase[] = [];
  for (let i = spec.briefDays - 1; i >= 0; i--) {
    const date = addDays(spec.demo.endDay, -i);
    const from = addDays(date, -7);
    const etl = demo.etlRuns.filter((r) => r.status === 'ok' && r.finishedAt.slice(0, 10) <= addDays(date, 1)).at(-1);
    const brief = rowsToBrief({
      date,
      rows: demo.rows.filter((r) => r.day >= from && r.day <= date),
      firstSaleDay,
      dataStartDay: first,
      lastDay: date,
      etlFinishedAt: etl?.finishedAt ?? null,
      currency: 'RUB',
      locale: spec.locale,
      thresholds,
      now: new Date(`${addDays(date, 1)}T06:00:00Z`),
    });
    cases.push({ id: `brief-${date}`, brief, locale: spec.locale, facts: briefFacts(brief, spec.locale) });
  }
  return cases;
}

/** Every number the narrative states, checked against the figures; the sentences that fail. */
export function unverifiedIn(narrative: Narrative, facts: GroundingFacts): string[] {
  const text = [narrative.summary, ...narrative.highlights, ...narrative.actions].join('\n');
  return findUnverified(text, facts).flatMap((u) => u.numbers);
}

const briefSuite: Suite<BriefCase> = {
  name: 'brief',
  route: 'brief',
  description: 'the morning brief narrative: schema-valid rate and factual consistency (every number stated is a figure given)',
  hasSchema: true,
  operation: 'chat',
  async load(ctx) {
    const spec = JSON.parse(readFileSync(join(ctx.rootDir, 'bench', 'suites', 'brief.json'), 'utf8')) as BriefSuiteFile;
    return { cases: buildBriefCases(spec) };
  },
  async run(c, client) {
    const answer = await client.chat<Narrative>(narrativeRequest(c.brief, c.locale));
    if (!answer.ok) return { score: 0, schemaValid: false, metrics: { consistent: 0, unverifiedNumbers: 0 } };
    const unverified = unverifiedIn(answer.value, c.facts);
    return {
      score: unverified.length === 0 ? 1 : 0,
      schemaValid: true,
      metrics: { consistent: unverified.length === 0 ? 1 : 0, unverifiedNumbers: unverified.length },
    };
  },
};
export default briefSuite;
