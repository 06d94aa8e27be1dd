/**
 * From known models to a recommendation, exactly: a cheap model right on reviews but
 * schema-invalid on report lines, an expensive always-right one, and a failing one. The cheap one
 * escalating to the right one meets the floor at a known cost; the report opens in headless
 * Chromium with the network off and draws its charts.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/data/shared-data.js';
import { assembleResults, routesBlock } from '../../src/lab/assemble.js';
import { paretoFront } from '../../src/lab/recommend.js';
import { createMemoryRecordings } from '../../src/lab/recordings.js';
import { renderMarkdown, writeReports } from '../../src/lab/report.js';
import { writeResultsJson, type BenchResults } from '../../src/lab/results.js';
import { runBench } from '../../src/lab/run-bench.js';
import { wilson } from '../../src/lab/stats.js';
import { loadSuites } from '../../src/lab/suites/index.js';
import { startOpenAIFake, type ChatBody, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, recordingSleep } from '../router/harness.js';
import { CLASSIFY, RIGHT, USAGE, rightAnswer } from './lab-fixtures.js';

const run = promisify(execFile);
const N = CLASSIFY.cases.length;
const LINES = CLASSIFY.cases.filter((c) => c.type === 'line').length;
const REVIEWS = N - LINES;
/** m-right: 1 $/MTok in, 2 out; m-cheap a tenth of that. */
const PC = (USAGE.prompt * 1 + USAGE.completion * 2) / 1e6;

describe('recommendation and report', () => {
  let fake: OpenAIFake;
  let results: BenchResults;
  let dir: string;
  let mdEn: string;

  beforeAll(async () => {
    fake = await startOpenAIFake();
    fake.script('m-right', RIGHT);
    const cheap = (body: ChatBody) => (body.messages.some((m) => String(m.content).includes('строки отчёта')) ? '{"operation": 1}' : rightAnswer(body));
    fake.script('m-cheap', { kind: 'answer', content: cheap, usage: USAGE });
    fake.script('m-failing', { kind: 'error', status: 500 });
    const config = fakeConfig(fake.url, {
      models: { 'm-right': {}, 'm-cheap': { inputPerMTok: 0.1, outputPerMTok: 0.2 }, 'm-failing': {} },
      routes: { classify: { models: ['m-right'], timeoutMs: 5000 } },
    });
    const suites = (await loadSuites()).filter((s) => s.name === 'classify');
    const outcome = await runBench({
      config, suites, models: ['m-right', 'm-cheap', 'm-failing'], sleep: recordingSleep().sleep,
      context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store: null }, recordings: createMemoryRecordings(),
    });
    const profile = { days: 30, cacheHitRate: 0.2, routes: { classify: { callsPerDay: 100 } } };
    ({ results } = assembleResults(outcome, { startedAt: new Date('2026-11-23T06:00:00Z'), finishedAt: new Date('2026-11-23T06:01:00Z'), replay: false, traffic: { profile, source: 'profile' } }));
    const { extras } = assembleResults(outcome, { startedAt: new Date(0), finishedAt: new Date(0), replay: false, traffic: null });
    dir = mkdtempSync(join(tmpdir(), 'herald-report-'));
    writeResultsJson(dir, results);
    await writeReports(dir, results, extras, 'ru');
    mdEn = renderMarkdown(results, extras, 'en');
    expect(routesBlock(results, config).routes.classify).toEqual({ models: ['m-cheap', 'm-right'], timeoutMs: 5000 });
  }, 120_000);
  afterAll(() => fake?.close());

  it('recommends the cheap model escalating to the right one, with its cost and monthly projection', () => {
    const cheap = results.runs.find((r) => r.model === 'm-cheap')!;
    expect(cheap.quality).toBeCloseTo(REVIEWS / N, 6);
    expect(cheap.schemaValidRate).toBeCloseTo(REVIEWS / N, 6);
    // Reviews: one call; lines: the invalid answer and its repair.
    expect(cheap.costUsd).toBeCloseTo((REVIEWS + 2 * LINES) * (PC / 10), 10);

    const rec = results.recommendation.classify!;
    expect(rec.models).toEqual(['m-cheap', 'm-right']);
    expect(rec.quality).toBe(1);
    expect(rec.floor).toBe(0.95);
    expect(rec.escalationRate).toBeCloseTo(LINES / N, 6);
    expect(rec.qualityCi![0]).toBeCloseTo(wilson(N, N)[0], 6);
    const perCall = ((REVIEWS + 2 * LINES) * (PC / 10) + LINES * PC) / N;
    expect(rec.costPer1kUsd).toBeCloseTo(perCall * 1000, 7);
    expect(rec.monthlyUsd).toBeCloseTo(100 * 30 * 0.8 * perCall, 4);
    expect(rec.traffic).toEqual({ callsPerDay: 100, source: 'profile' });
  });

  it('puts on the Pareto front exactly the runs no other beats on quality and cost', () => {
    const front = paretoFront(results.runs.map((r) => ({ model: r.model, quality: r.quality, cost: r.costPer1kUsd })));
    expect(front.map((p) => p.model)).toEqual(['m-failing', 'm-cheap', 'm-right']);
    expect(paretoFront([{ quality: 0.5, cost: 2 }, { quality: 0.9, cost: 1 }, { quality: 1, cost: null }])).toEqual([{ quality: 0.9, cost: 1 }]);
  });

  it('writes report.md with the table, the front and the recommendation', () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/\| m-right ★ \| 86 \| 100\.0\s%/);
    expect(md).toMatch(/маршрут \*\*classify\*\*: m-cheap → m-right/);
    expect(md).toMatch(/^# Прогон 2026-11-23T06:00:00\.000Z$/m);
    // The same report in English.
    expect(mdEn).toMatch(/route \*\*classify\*\*: m-cheap → m-right — quality 100\.0 %/);
    expect(mdEn).toMatch(/\| model \| cases \| quality \|/);
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('opens report.html offline in headless Chromium: charts drawn, no console errors, a screenshot', async () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const offline = ['--headless', '--no-sandbox', '--disable-gpu', '--proxy-server=127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND', '--enable-logging=stderr', '--v=0'];
    const url = `file://${join(dir, 'report.html')}`;
    const dom = await run('chromium', [...offline, `--user-data-dir=${join(dir, 'profile-a')}`, '--dump-dom', url], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    const svgs = dom.stdout.match(/<svg[^>]*class="marks"/g) ?? [];
    expect(svgs.length).toBe(2);
    expect(dom.stdout).toMatch(/<path[^>]*d="M/);
    expect(dom.stderr).not.toMatch(/CONSOLE|Uncaught|ERR_/);
    const shot = join(dir, 'report.png');
    await run('chromium', [...offline, `--user-data-dir=${join(dir, 'profile-b')}`, '--window-size=1280,1600', `--screenshot=${shot}`, url], { timeout: 60_000 });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  }, 150_000);
});
