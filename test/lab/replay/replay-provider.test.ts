/**
 * The `replay` provider through the router's public call, injected by the provider seam: recorded
 * answers by question, the usage a live call would bill, costed by the router at the suite's
 * price — and no answer for anything that was not recorded.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { gsm8kQuestionPrompt } from '../../../src/lab/replay/gsm8k-calls.js';
import { loadGsm8k } from '../../../src/lab/replay/gsm8k-data.js';
import { loadMtBench } from '../../../src/lab/replay/mtbench-data.js';
import { replayConfig, replayThroughRouter } from '../../../src/lab/replay/replay-bench.js';
import { createReplayProvider } from '../../../src/lab/replay/replay-provider.js';
import { loadReplaySuite } from '../../../src/lab/replay/replay-suite.js';
import { createRouter } from '../../../src/router/index.js';
import { SHARED_DATA } from '../../helpers/shared-data.js';

const REPLAY = join(SHARED_DATA, 'replay');
const hasReplay = existsSync(join(REPLAY, 'routellm', 'gsm8k_responses.csv'));
if (!hasReplay) console.warn(`replay data not found under ${REPLAY}: the replay provider tests are skipped`);

describe.skipIf(!hasReplay)('replay provider', () => {
  const config = loadConfig({ env: {}, cwd: '/nonexistent' });
  const gsmSuite = loadReplaySuite('bench/suites/gsm8k-replay.json');
  const mtSuite = loadReplaySuite('bench/suites/mtbench-replay.json');
  const items = hasReplay ? loadGsm8k(REPLAY).slice(0, 5) : [];
  const mt = hasReplay ? loadMtBench(REPLAY) : null;

  it("answers a recorded GSM8K question with that model's answer, billed by the router at the suite's price", async () => {
    const provider = createReplayProvider({ gsm8k: { items, suite: gsmSuite } });
    const router = createRouter({ config: replayConfig(config, gsmSuite, ['gpt-4-1106-preview']), store: null, providers: { replay: provider } });
    const r = await router.chat({ route: 'ask', models: ['gpt-4-1106-preview'], cache: false, messages: [{ role: 'user', content: gsm8kQuestionPrompt(items[0]!.question) }] });
    await router.close();

    expect(r).toMatchObject({ ok: true, model: 'gpt-4-1106-preview', value: items[0]!.answers['gpt-4-1106-preview'].text });
    const input = gsmSuite.fewShotPrefixTokens + cl100k(gsm8kQuestionPrompt(items[0]!.question));
    const output = cl100k(items[0]!.answers['gpt-4-1106-preview'].text);
    expect(r.attempts.map((a) => [a.provider, a.inputTokens, a.outputTokens, a.pricing])).toEqual([['replay', input, output, 'priced']]);
    expect(r.ok && r.costUsd).toBeCloseTo((input * 10 + output * 30) / 1e6, 12);
  });

  it('refuses a prompt it has no recording for, as a non-retryable error, without a second try', async () => {
    const provider = createReplayProvider({ gsm8k: { items, suite: gsmSuite } });
    const router = createRouter({ config: replayConfig(config, gsmSuite, ['mixtral-8x7b-instruct']), store: null, providers: { replay: provider } });
    const r = await router.chat({ route: 'ask', models: ['mixtral-8x7b-instruct'], cache: false, messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
    await router.close();
    expect(r.ok).toBe(false);
    expect(r.attempts.map((a) => [a.status, a.errorClass])).toEqual([['error', 'http_4xx']]);
  });

  it('replays both turns of an MT-Bench conversation, turn 2 billed with turn 1 resent', async () => {
    const provider = createReplayProvider({ mtbench: { data: mt!, suite: mtSuite } });
    const q = mt!.questions[0]!;
    const [calls] = await replayThroughRouter(config, mtSuite, provider, 'claude-v1', [[...q.turns]]);
    const [a1, a2] = mt!.answers.get('claude-v1')!.get(q.id)!;
    expect(calls!.map((c) => [c.inputTokens, c.outputTokens, c.failed ?? false])).toEqual([
      [cl100k(q.turns[0]), cl100k(a1), false],
      [cl100k(q.turns[0]) + cl100k(a1) + cl100k(q.turns[1]), cl100k(a2), false],
    ]);
    const p = mtSuite.models['claude-v1']!;
    expect(calls![0]!.latencyMs).toBeCloseTo(p.ttftMs + (1000 * cl100k(a1)) / p.outputTokensPerSecond, 9);
  });

  it("marks the call failed where the recorded answer is empty (llama-13b, question 127) and goes on with turn 2", async () => {
    const provider = createReplayProvider({ mtbench: { data: mt!, suite: mtSuite } });
    const q = mt!.questions.find((x) => x.id === '127')!;
    const [calls] = await replayThroughRouter(config, mtSuite, provider, 'llama-13b', [[...q.turns]]);
    expect(calls!.map((c) => [c.failed ?? false, c.outputTokens])).toEqual([
      [true, 0],
      [false, cl100k(mt!.answers.get('llama-13b')!.get('127')![1])],
    ]);
  });
});
