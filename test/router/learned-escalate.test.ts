/**
 * The `learned` escalate check: the trial's winning cascade policy as a router feature. The
 * router must escalate exactly the questions the lab's trained model (full precision, the lab's
 * own scorer) scores above the threshold — through the loopback OpenAI fake, with the doubted
 * attempts marked `escalated` in the call log on both stores.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { loadGsm8k, type Gsm8kItem } from '../../src/lab/replay/gsm8k-data.js';
import { exportLearnedCheck, type LearnedCheckExport } from '../../src/lab/replay/learned-check-export.js';
import { trainLogisticModel } from '../../src/lab/replay/logistic.js';
import { loadReplaySuite } from '../../src/lab/replay/replay-suite.js';
import { createRouter } from '../../src/router/index.js';
import { encodeWeights, LEARNED_CHECK_FILE, learnedCheck, loadLearnedCheck, type LearnedCheck } from '../../src/router/learned-check.js';
import { answerSignals, cascadeFeatures } from '../../src/router/learned-features.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { SHARED_DATA } from '../helpers/shared-data.js';
import { fakeConfig, loggedCalls } from './harness.js';

const OUTPUT_TOKENS = 60;
const STRONG = 'The strong model recomputes it.\n#### 42';

/** A small synthetic trial: the cheap model slips on questions about percentages and hedges on trains. */
function syntheticTrial() {
  const topics = ['eggs', 'apples', 'trains', 'percent discount', 'marbles', 'hours of work'];
  const cases = Array.from({ length: 48 }, (_, i) => {
    const topic = topics[i % topics.length]!;
    const a = 10 + i;
    const b = 3 + (i % 7);
    const name = ['Sam', 'Olga', 'Ivan', 'Maria', 'Lee', 'Anna', 'Boris', 'Kate'][i % 8]!;
    const day = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][i % 7]!;
    const question = `${name} has ${a} ${topic} on ${day} and gets ${b} more ${topic}. How many ${topic} does ${name} have?`;
    const wrong = topic === 'percent discount' || (topic === 'trains' && i % 2 === 0);
    const answer = wrong
      ? `Assuming the ${topic} change, ${a} + ${b} = ${a + b + 1}.\n#### ${a + b + 1}`
      : `${a} + ${b} = ${a + b}.\n#### ${a + b}`;
    return { question, answer, wrong };
  });
  const typical = OUTPUT_TOKENS;
  const features = cases.map((c) => cascadeFeatures(c.question, c.answer, answerSignals(c.answer, OUTPUT_TOKENS), typical));
  const model = trainLogisticModel(features.map((f, i) => ({ features: f, label: cases[i]!.wrong ? 1 : 0 })), { seed: 7 });
  const scores = features.map((f) => model.predict(f));
  const sorted = [...scores].sort((x, y) => y - x);
  const threshold = (sorted[9]! + sorted[10]!) / 2;
  const check = learnedCheck({
    id: 'synthetic', trainedOn: 'test', buckets: model.weights.length, typicalOutputTokens: typical, bias: model.bias, threshold, escalationRate: 10 / 48,
    ...encodeWeights(model.weights),
  });
  return { cases, scores, threshold, check };
}

/** The full GSM8K export (about 4 s), once for both stores; null without the shared data. */
let gsm8k: { items: Gsm8kItem[]; exported: LearnedCheckExport } | null | undefined;
function gsm8kExport() {
  if (gsm8k !== undefined) return gsm8k;
  const dir = join(SHARED_DATA, 'replay');
  if (!existsSync(join(dir, 'routellm', 'gsm8k_responses.csv'))) {
    console.warn(`no GSM8K replay data under ${dir}: the learned check's test on real answers is skipped (set HERALD_SHARED_DATA)`);
    return (gsm8k = null);
  }
  const items = loadGsm8k(dir);
  return (gsm8k = { items, exported: exportLearnedCheck(items, loadReplaySuite(join(import.meta.dirname, '..', '..', 'bench', 'suites', 'gsm8k-replay.json'))) });
}

describe.each(STORE_DRIVERS)('router `learned` escalate check on $driver', ({ open }) => {
  let fake: OpenAIFake;
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    fake = await startOpenAIFake();
    ({ store, cleanup } = await open());
  });
  afterAll(async () => {
    await fake.close();
    await cleanup();
  });
  beforeEach(() => fake.reset());

  const config = () =>
    fakeConfig(fake.url, {
      models: { cheap: { inputPerMTok: 1, outputPerMTok: 2 }, strong: { inputPerMTok: 10, outputPerMTok: 30 } },
      routes: { ask: { models: ['cheap', 'strong'], escalate: ['learned'], retries: 0 } },
      cache: { enabled: false },
    });

  /** Asks every question through the route; returns per question whether it escalated (from the call log). */
  async function run(check: LearnedCheck | undefined, cases: ReadonlyArray<{ question: string; answer: string; outputTokens: number }>) {
    fake.script('cheap', cases.map((c) => ({ kind: 'answer' as const, content: c.answer, usage: { prompt: 200, completion: c.outputTokens } })));
    fake.script('strong', { kind: 'answer', content: STRONG });
    const router = createRouter({ config: config(), store, ...(check ? { learnedCheck: check } : {}) });
    const results = [];
    for (const c of cases) results.push(await router.chat({ route: 'ask', messages: [{ role: 'user', content: c.question }] }));
    await router.close();
    const escalated: boolean[] = [];
    for (const [i, r] of results.entries()) {
      const rows = await loggedCalls(store, r.callId);
      const up = rows[0]!.status === 'escalated';
      expect(rows.map((row) => [row.model, row.status])).toEqual(up ? [['cheap', 'escalated'], ['strong', 'ok']] : [['cheap', 'ok']]);
      expect(r).toMatchObject({ ok: true, value: up ? STRONG : cases[i]!.answer });
      escalated.push(up);
    }
    return escalated;
  }

  it('escalates exactly the questions the lab-trained model scores above its threshold', async () => {
    const { cases, scores, threshold, check } = syntheticTrial();
    const escalated = await run(check, cases.map((c) => ({ ...c, outputTokens: OUTPUT_TOKENS })));
    expect(escalated).toEqual(scores.map((s) => s > threshold));
    expect(escalated.filter(Boolean)).toHaveLength(10);
  });

  it('runs the committed GSM8K check: the lab export reproduces it, and the router escalates what the trained model flags', async (ctx) => {
    const data = gsm8kExport();
    if (!data) return ctx.skip();
    const { items, exported } = data;
    // The committed weights are exactly what `npm run lab:learned-check` writes today.
    expect(JSON.parse(readFileSync(LEARNED_CHECK_FILE, 'utf8'))).toEqual(exported.file);
    const committed = loadLearnedCheck();
    const cheap = 'mixtral-8x7b-instruct';
    const { countTokens } = await import('../../src/lab/replay/tokens.js');
    const slice = items.slice(0, 40).map((it) => ({ question: it.question, answer: it.answers[cheap].text, outputTokens: countTokens(it.answers[cheap].text) }));
    // The reference: the lab's full-precision model on the features of what the router saw.
    const expected = slice.map((c) => exported.model.predict(cascadeFeatures(c.question, c.answer, answerSignals(c.answer, c.outputTokens), exported.file.typicalOutputTokens)));
    for (const s of expected) expect(Math.abs(s - committed.file.threshold)).toBeGreaterThan(1e-4); // no case within the 16-bit rounding
    const escalated = await run(undefined, slice);
    expect(escalated).toEqual(expected.map((s) => s > committed.file.threshold));
    expect(escalated.some(Boolean) && escalated.some((e) => !e)).toBe(true);
  }, 60_000);
});

describe('learned check file', () => {
  it('loads the committed weights and rejects a file whose bitmap and weights disagree', () => {
    const check = loadLearnedCheck();
    expect(check.file.buckets).toBe(1 << 16);
    expect(check.file.escalationRate).toBeGreaterThan(0);
    const broken = { ...check.file, weights: check.file.weights.slice(0, -8) };
    expect(() => learnedCheck(broken)).toThrow(/fewer weights|more weights/);
  });
});
