/**
 * Suite `embed` (route `embed`): product search. Russian shopper queries (`bench/suites/embed.json`:
 * colloquial words, transliterations, typos, sizes written another way) against every title of the
 * demo shop's catalogue (`src/data/demo/catalog.ts`). A model embeds the corpus once per run (its
 * cost counts in the run) and each query; titles rank by cosine similarity. Quality is recall@5
 * (relevant titles in the top 5 ÷ min(relevant, 5)); MRR is in the run's metrics. Postgres itself
 * is the baseline to beat, in the same table: pg_trgm's word similarity (when the database has
 * it; PGlite ships it) and full-text search over the same titles — no rows are written, the
 * corpus goes in as a query parameter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES } from '../../data/demo/catalog.js';
import type { Queryable } from '../../data/store.js';
import type { CaseScore, LocalCandidate, Suite, SuiteCase } from '../suite.js';

export interface EmbedCase extends SuiteCase {
  query: string;
  /** Indexes into the corpus of the relevant titles. */
  relevant: number[];
}

interface EmbedSuiteFile {
  /** Titles a case names: a title is relevant when it contains one of them (case-insensitive). */
  cases: Array<{ id: string; query: string; relevant: string[] }>;
}

/** How many titles go into one embeddings request. */
const BATCH = 64;
export const TOP_K = 5;

/** Every title of the demo catalogue, in catalogue order: the search corpus. */
export function demoTitles(): string[] {
  return CATEGORIES.flatMap((c) => c.lines.flatMap((l) => l.variants.map((v) => l.title.replace('{}', v))));
}

/** The cases with their relevant titles resolved; a pattern that matches no title is a data error. */
export function loadEmbedCases(file: EmbedSuiteFile, corpus: readonly string[]): EmbedCase[] {
  const lower = corpus.map((t) => t.toLowerCase());
  return file.cases.map((c) => {
    const relevant: number[] = [];
    for (const pattern of c.relevant) {
      const p = pattern.toLowerCase();
      const hits = lower.flatMap((t, i) => (t.includes(p) ? [i] : []));
      if (hits.length === 0) throw new Error(`bench/suites/embed.json: case ${c.id}: "${pattern}" matches no demo title`);
      relevant.push(...hits);
    }
    return { id: c.id, query: c.query, relevant: [...new Set(relevant)].sort((a, b) => a - b) };
  });
}

/** recall@5 and reciprocal rank of a ranking (corpus indexes, best first). */
export function rankScore(ranking: readonly number[], relevant: readonly number[]): CaseScore {
  const rel = new Set(relevant);
  const hits = ranking.slice(0, TOP_K).filter((i) => rel.has(i)).length;
  const first = ranking.findIndex((i) => rel.has(i));
  const recall = hits / Math.min(rel.size, TOP_K);
  return { score: recall, schemaValid: null, metrics: { recallAt5: recall, mrr: first === -1 ? 0 : 1 / (first + 1) } };
}

function unit(v: readonly number[]): Float64Array {
  const out = Float64Array.from(v);
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/** Corpus indexes by cosine similarity to `query`, ties in corpus order. */
export function rankByCosine(query: readonly number[], corpus: readonly Float64Array[]): number[] {
  const q = unit(query);
  const sims = corpus.map((v) => {
    let dot = 0;
    for (let i = 0; i < Math.min(v.length, q.length); i++) dot += v[i]! * q[i]!;
    return dot;
  });
  return sims.map((_, i) => i).sort((a, b) => sims[b]! - sims[a]! || a - b);
}

/** A Postgres ranking of the corpus for a query: the top 5 indexes. */
function postgresCandidate(name: string, db: Queryable, corpus: readonly string[], score: string, where: string): LocalCandidate<EmbedCase> {
  return {
    name,
    async run(c) {
      const rows = await db.query<{ i: number }>(
        `select (t.i - 1)::int as i from (select t.title, t.i, ${score} as s from unnest($1::text[]) with ordinality as t(title, i)) t
          where ${where} order by t.s desc, t.i limit ${TOP_K}`,
        [corpus, c.query],
      );
      return rankScore(rows.map((r) => r.i), c.relevant);
    },
  };
}

/** pg_trgm's functions exist in this database (the extension is installed). */
async function hasTrigrams(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>(`select to_regprocedure('word_similarity(text,text)') is not null as ok`);
  return row?.ok === true;
}

/** Full-text search that needs any word, not all: a shopper's query has words no title has. */
const FTS_QUERY = `replace(plainto_tsquery('russian', $2::text)::text, ' & ', ' | ')`;

const embedSuite: Suite<EmbedCase, Float64Array[] | null> = {
  name: 'embed',
  route: 'embed',
  description: 'product search over the demo titles: recall@5 and MRR, Postgres trigram and full-text search as baselines',
  hasSchema: false,
  operation: 'embed',
  async load(ctx) {
    const file = JSON.parse(readFileSync(join(ctx.rootDir, 'bench', 'suites', 'embed.json'), 'utf8')) as EmbedSuiteFile;
    return { cases: loadEmbedCases(file, demoTitles()) };
  },
  async prepare(client) {
    const corpus = demoTitles();
    const vectors: Float64Array[] = [];
    for (let i = 0; i < corpus.length; i += BATCH) {
      const answer = await client.embed(corpus.slice(i, i + BATCH));
      if (!answer.ok) return null;
      vectors.push(...answer.value.map(unit));
    }
    return vectors;
  },
  async run(c, client, corpus) {
    const answer = await client.embed([c.query]);
    if (!answer.ok || !corpus || !answer.value[0]) return { score: 0, schemaValid: null, metrics: { recallAt5: 0, mrr: 0 } };
    return rankScore(rankByCosine(answer.value[0], corpus), c.relevant);
  },
  async localCandidates(ctx) {
    if (!ctx.store) return [];
    const corpus = demoTitles();
    const out: LocalCandidate<EmbedCase>[] = [];
    if (await hasTrigrams(ctx.store)) {
      out.push(postgresCandidate('postgres:pg_trgm', ctx.store, corpus, 'word_similarity($2::text, t.title)', 'true'));
    }
    // ts_rank is 0 for a title with none of the words: those are not results.
    out.push(postgresCandidate('postgres:fts', ctx.store, corpus, `ts_rank(to_tsvector('russian', t.title), ${FTS_QUERY}::tsquery)`, 's > 0'));
    return out;
  },
};
export default embedSuite;
