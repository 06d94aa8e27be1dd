/** Ask Herald in the console shell: plain text is a question; /voice FILE and /photo FILE caption take the same paths as Telegram. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHerald } from '../../src/herald/create-herald.js';
import { fixedClock } from '../../src/time/clock.js';
import { createLogger } from '../../src/log.js';
import { createConsoleTransport } from '../../src/transports/console/console-transport.js';
import { askConfig, NOW, openSeeded, toolResults, type AskFixture } from '../ask/harness.js';
import { startOpenAIFake, type ChatBody, type OpenAIFake } from '../fakes/openai-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

let fixture: AskFixture;
let openai: OpenAIFake;

beforeAll(async () => {
  [fixture, openai] = await Promise.all([openSeeded(STORE_DRIVERS[1]!), startOpenAIFake()]);
}, 300_000);
afterAll(async () => {
  await openai?.close();
  await fixture?.cleanup();
});

it('answers plain text, /voice FILE and /photo FILE caption, and says what is wrong with a missing file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-console-ask-'));
  const voice = join(dir, 'question.ogg');
  const photo = join(dir, 'report.png');
  writeFileSync(voice, new Uint8Array(16_000).fill(3));
  writeFileSync(photo, new Uint8Array(2_000).fill(5));
  const config = askConfig(openai.url, {
    models: {
      'm-ear': { provider: 'fake', model: 'm-ear', inputPerMTok: 1, outputPerMTok: 1, capabilities: { audio: true, tools: false } },
      'm-eye': { provider: 'fake', model: 'm-eye', inputPerMTok: 1, outputPerMTok: 2, capabilities: { vision: true } },
    },
    routes: { ask: { models: ['m-ask'] }, transcribe: { models: ['m-ear'] }, vision: { models: ['m-eye'] } },
  });
  const yesterday = [
    { kind: 'tool_calls' as const, calls: [{ name: 'sales_summary', arguments: { from: '2026-11-22', to: '2026-11-22' } }] },
    { kind: 'answer' as const, content: (body: ChatBody) => `Вчера, 22 ноября, заказов: ${Number(toolResults(body).at(-1)!.orders)}.` },
  ];
  openai.script('m-ask', [...yesterday, ...yesterday]);
  openai.script('m-ear', { kind: 'answer', content: 'Сколько заказов было вчера?' });
  openai.script('m-eye', { kind: 'answer', content: (body: ChatBody) => (JSON.stringify(body.messages).includes('data:image/png;base64,') ? 'На снимке отчёт.' : 'Картинки нет.') });

  const logger = createLogger('silent');
  const herald = await createHerald(config, { store: fixture.store, logger, clock: fixedClock(NOW), processMetrics: false });
  const core = await herald.chatCore();
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  const shell = createConsoleTransport({ core, input, output, locale: 'ru', timeZone: config.timeZone, dataDir: dir, userName: 'tester' });
  await shell.start();
  input.end(`сколько заказов вчера?\n/voice ${voice}\n/photo ${photo} что на этом отчёте?\n/voice ${join(dir, 'missing.ogg')}\n/voice\n`);
  await shell.finished;
  await herald.close();

  expect(out).toMatch(/^Вчера, 22 ноября, заказов: \d+\.\n\nИсточник: sales_summary 2026-11-22\.\n/);
  expect(out).toMatch(/🎤 «Сколько заказов было вчера\?»\nВчера, 22 ноября, заказов: \d+\./);
  expect(openai.requests.find((r) => r.path.endsWith('/audio/transcriptions'))!.body).toMatchObject({ file: { filename: 'question.ogg', size: 16_000, type: 'audio/ogg' } });
  expect(out).toContain('На снимке отчёт.');
  expect(out).toContain(`Не могу прочитать файл ${join(dir, 'missing.ogg')}.`);
  expect(out).toContain('Формат: /voice ФАЙЛ или /photo ФАЙЛ подпись-вопрос');
});
