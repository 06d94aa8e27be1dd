/**
 * Ask Herald through Telegram: grammY against the Bot API fake (getFile and the file download
 * included), the real router against the OpenAI fake (chat with tools, transcription, vision),
 * the real tools over a seeded demo shop on Postgres.
 */
import type { Bot } from 'grammy';
import type { Chat, Message, Update, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHerald, type Herald } from '../../src/herald/create-herald.js';
import { fixedClock } from '../../src/time/clock.js';
import { createLogger } from '../../src/log.js';
import { createTelegramTransport } from '../../src/transports/telegram/telegram-transport.js';
import { startOpenAIFake, type ChatBody, type OpenAIFake } from '../fakes/openai-fake.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { askConfig, NOW, openSeeded, toolResults, type AskFixture } from '../ask/harness.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

const GROUP = '-100777';
const anna: User = { id: 42, is_bot: false, first_name: 'Anna', username: 'anna', language_code: 'ru' };
const boris: User = { id: 43, is_bot: false, first_name: 'Boris', username: 'boris', language_code: 'ru' };
const privateChat = (user: User): Chat.PrivateChat => ({ id: user.id, type: 'private', first_name: user.first_name });
const group: Chat.SupergroupChat = { id: Number(GROUP), type: 'supergroup', title: 'Shop' };

let fixture: AskFixture;
let openai: OpenAIFake;
let telegram: TelegramFake;
let bot: Bot;
let bare: Bot;
let herald: Herald;
let bareHerald: Herald;
let nextUpdate = 1;
let nextMessage = 1;

beforeAll(async () => {
  [fixture, openai, telegram] = await Promise.all([openSeeded(STORE_DRIVERS[1]!), startOpenAIFake(), startTelegramFake({ rateLimits: false })]);
  const config = askConfig(
    openai.url,
    {
      models: {
        'm-ear': { provider: 'fake', model: 'm-ear', inputPerMTok: 1, outputPerMTok: 1, capabilities: { audio: true, tools: false } },
        'm-eye': { provider: 'fake', model: 'm-eye', inputPerMTok: 1, outputPerMTok: 2, capabilities: { vision: true } },
      },
      routes: { ask: { models: ['m-ask'] }, transcribe: { models: ['m-ear'] }, vision: { models: ['m-eye'] } },
      ask: { perUserPerMinute: 3, photoMaxBytes: 100_000 },
    },
    { TELEGRAM_ALLOWED_CHATS: `${GROUP},42,43,44` },
  );
  const logger = createLogger('silent');
  const store = fixture.store;
  const parts = { store, logger, clock: fixedClock(NOW), processMetrics: false };
  herald = await createHerald(config, parts);
  bareHerald = await createHerald({ ...config, routes: {} }, parts);
  const core = await herald.chatCore();
  const bareCore = await bareHerald.chatCore();
  const common = { token: telegram.token, apiRoot: telegram.apiRoot, store, logger, locale: 'ru' as const, timeZone: config.timeZone, photoMaxBytes: config.ask.photoMaxBytes };
  bot = createTelegramTransport({ ...common, core }).bot;
  bare = createTelegramTransport({ ...common, core: bareCore }).bot;
  await Promise.all([bot.init(), bare.init()]);
}, 120_000);
afterAll(async () => {
  await herald?.close();
  await bareHerald?.close();
  await Promise.all([openai?.close(), telegram?.close()]);
  await fixture?.cleanup();
});

function message(chat: Chat.PrivateChat | Chat.SupergroupChat, from: User, extra: Partial<Message>): Update {
  const m: Message = { message_id: nextMessage++, date: 1_795_000_000, chat, from, ...extra };
  return { update_id: nextUpdate++, message: m } as Update;
}
const text = (chat: Chat.PrivateChat | Chat.SupergroupChat, from: User, body: string) =>
  message(chat, from, { text: body, ...(body.startsWith('/') ? { entities: [{ type: 'bot_command' as const, offset: 0, length: body.split(' ')[0]!.length }] } : {}) });
const sentTo = (chatId: string | number) => telegram.sent.filter((m) => m.chatId === String(chatId));

/** Script: one sales_summary round for yesterday, then an answer quoting its orders. */
function scriptYesterday() {
  openai.script('m-ask', [
    { kind: 'tool_calls', calls: [{ name: 'sales_summary', arguments: { from: '2026-11-22', to: '2026-11-22' } }] },
    { kind: 'answer', content: (body: ChatBody) => `Вчера, 22 ноября, заказов: ${Number(toolResults(body)[0]!.orders)} <b>&</b>.` },
  ]);
}

describe('Ask Herald in Telegram', () => {
  it('answers /ask in a group with a typing indicator, escaped HTML and the source line', async () => {
    openai.reset();
    scriptYesterday();
    const actionsBefore = telegram.chatActions.length;
    await bot.handleUpdate(text(group, anna, '/ask сколько заказов вчера?'));
    expect(telegram.chatActions.slice(actionsBefore)).toContainEqual(expect.objectContaining({ chat_id: Number(GROUP), action: 'typing' }));
    const reply = sentTo(GROUP).at(-1)!;
    expect(reply.parseMode).toBe('HTML');
    expect(reply.raw).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
    expect(reply.text).toMatch(/^Вчера, 22 ноября, заказов: \d+ <b>&<\/b>\.\n\nИсточник: sales_summary 2026-11-22\.$/);
  });

  it('answers plain text in a private chat and a mention in a group, and stays quiet otherwise in a group', async () => {
    openai.reset();
    scriptYesterday();
    await bot.handleUpdate(text(privateChat(anna), anna, 'сколько заказов вчера?'));
    expect(sentTo(42).at(-1)!.text).toMatch(/^Вчера, 22 ноября, заказов: \d+/);

    const before = sentTo(GROUP).length;
    await bot.handleUpdate(text(group, anna, 'коллеги, кто видел отчёт?'));
    expect(sentTo(GROUP)).toHaveLength(before);

    openai.reset();
    scriptYesterday();
    await bot.handleUpdate(text(group, anna, '@herald_fake_bot сколько заказов вчера?'));
    expect(sentTo(GROUP)).toHaveLength(before + 1);
    const asked = (openai.requestsFor('m-ask')[0]!.body.messages as Array<{ role: string; content: string }>).at(-1)!;
    expect(asked).toEqual({ role: 'user', content: 'сколько заказов вчера?' });
  });

  it('downloads a voice message through getFile, transcribes it on route transcribe, shows the transcript and answers it', async () => {
    openai.reset();
    openai.script('m-ear', { kind: 'answer', content: 'Сколько заказов было вчера?' });
    scriptYesterday();
    const audio = new Uint8Array(32_000).fill(7);
    telegram.addFile('voice-1', audio, 'voice/file_1.oga');
    await bot.handleUpdate(message(privateChat(boris), boris, { voice: { file_id: 'voice-1', file_unique_id: 'uv1', duration: 2, mime_type: 'audio/ogg', file_size: audio.byteLength } }));

    expect(telegram.downloads).toContain('voice/file_1.oga');
    const heard = openai.requests.find((r) => r.path.endsWith('/audio/transcriptions'))!;
    expect(heard.body).toMatchObject({ model: 'm-ear', file: { filename: 'voice.ogg', size: audio.byteLength, type: 'audio/ogg' }, language: 'ru' });
    const question = (openai.requestsFor('m-ask')[0]!.body.messages as Array<{ role: string; content: string }>).at(-1)!;
    expect(question).toEqual({ role: 'user', content: 'Вопрос из голосового сообщения (расшифровка): «Сколько заказов было вчера?»' });
    const reply = sentTo(43).at(-1)!.text;
    expect(reply).toMatch(/^🎤 «Сколько заказов было вчера\?»\n\nВчера, 22 ноября, заказов: \d+/);
    expect(telegram.chatActions).toContainEqual(expect.objectContaining({ chat_id: 43, action: 'typing' }));
  });

  it('refuses a voice message over the duration limit, or of the wrong type, without downloading it', async () => {
    const downloads = telegram.downloads.length;
    telegram.addFile('voice-long', new Uint8Array(10), 'voice/long.oga');
    await bot.handleUpdate(message(privateChat(boris), boris, { voice: { file_id: 'voice-long', file_unique_id: 'uv2', duration: 600, mime_type: 'audio/ogg', file_size: 10 } }));
    expect(sentTo(43).at(-1)!.text).toBe('Голосовое длиннее 120 с — такие я не расшифровываю. Запишите покороче или напишите текстом.');
    await bot.handleUpdate(message(privateChat(boris), boris, { voice: { file_id: 'voice-long', file_unique_id: 'uv2', duration: 5, mime_type: 'video/mp4', file_size: 10 } }));
    expect(sentTo(43).at(-1)!.text).toBe('Не умею расшифровывать файлы типа «video/mp4». Пришлите голосовое сообщение.');
    expect(telegram.downloads).toHaveLength(downloads);
  });

  it('sends a captioned photo to route vision, choosing the largest size under the limit', async () => {
    openai.reset();
    openai.script('m-eye', {
      kind: 'answer',
      content: (body: ChatBody) => {
        const parts = body.messages.at(-1)!.content as Array<{ type: string; image_url?: { url: string } }>;
        return parts.some((p) => p.type === 'image_url' && p.image_url!.url.startsWith('data:image/jpeg;base64,')) ? 'На снимке карточка конкурента.' : 'Нет картинки.';
      },
    });
    const sizes = [
      { id: 'ph-s', bytes: 1_000, width: 90, height: 60 },
      { id: 'ph-m', bytes: 60_000, width: 320, height: 240 },
      { id: 'ph-l', bytes: 900_000, width: 1280, height: 960 },
    ];
    for (const s of sizes) telegram.addFile(s.id, new Uint8Array(s.bytes).fill(1), `photos/${s.id}.jpg`);
    const clara = { ...anna, id: 44, first_name: 'Clara', username: 'clara' };
    await bot.handleUpdate(
      message(privateChat(clara), clara, {
        caption: 'что на этом скриншоте?',
        photo: sizes.map((s) => ({ file_id: s.id, file_unique_id: `u-${s.id}`, width: s.width, height: s.height, file_size: s.bytes })),
      }),
    );
    expect(telegram.downloads.at(-1)).toBe('photos/ph-m.jpg');
    const seen = openai.requestsFor('m-eye')[0]!.body.messages as Array<{ role: string; content: unknown }>;
    expect((seen.at(-1)!.content as Array<{ type: string; text?: string }>)[0]).toEqual({ type: 'text', text: 'Подпись к фото (вопрос): «что на этом скриншоте?»' });
    expect(sentTo(44).at(-1)!.text).toMatch(/^На снимке карточка конкурента\.\n\nИсточник: данные магазина не запрашивались\.$/);
  });

  it('asks for a caption when a photo has none', async () => {
    telegram.addFile('ph-x', new Uint8Array(10), 'photos/x.jpg');
    await bot.handleUpdate(message(privateChat(anna), anna, { photo: [{ file_id: 'ph-x', file_unique_id: 'u-x', width: 10, height: 10, file_size: 10 }] }));
    expect(sentTo(42).at(-1)!.text).toMatch(/^Добавьте к фото подпись с вопросом/);
  });

  it('limits questions per user per minute', async () => {
    openai.reset();
    openai.script('m-ask', { kind: 'answer', content: 'Спросите о продажах.' });
    const user = { ...anna, id: 77, username: 'rate' };
    for (let i = 0; i < 3; i += 1) await bot.handleUpdate(text(group, user, `/ask вопрос ${i}`));
    await bot.handleUpdate(text(group, user, '/ask ещё вопрос'));
    expect(sentTo(GROUP).at(-1)!.text).toMatch(/^Слишком много вопросов подряд\. Попробуйте через \d+ с\.$/);
    expect(openai.requestsFor('m-ask')).toHaveLength(3);
  });

  it('without a model, /ask says how to enable one while /sku, /top and /stock answer from the same tools', async () => {
    await bare.handleUpdate(text(group, anna, '/ask сколько продали?'));
    expect(sentTo(GROUP).at(-1)!.text).toMatch(/^Вопросы свободным текстом работают, когда подключена модель: задайте OPENAI_API_KEY/);

    await bare.handleUpdate(text(group, anna, '/top units 7d'));
    const top = sentTo(GROUP).at(-1)!.text.split('\n').filter(Boolean);
    expect(top[0]).toMatch(/^Топ по метрике «штуки», .+ – .+$/);
    const [best] = await fixture.store.query<{ sku: string; units: number }>(
      `select sku, sum(units)::int as units from sku_daily where day between '2026-11-16' and '2026-11-22' group by sku order by sum(units) desc, sku limit 1`,
    );
    expect(top[1]).toMatch(new RegExp(`^1\\. ${best!.sku} .+ — ${best!.units}$`));
    expect(top.at(-1)).toBe('Источник: top_products 2026-11-16…2026-11-22.');

    await bare.handleUpdate(text(group, anna, `/sku ${best!.sku} неделя`));
    const sku = sentTo(GROUP).at(-1)!.text;
    expect(sku).toContain(`продано ${best!.units} шт.`);
    expect(sku).toContain('Источник: sales_summary 2026-11-16…2026-11-22; compare_periods 2026-11-09…2026-11-15, 2026-11-16…2026-11-22.');

    await bare.handleUpdate(text(group, anna, '/stock'));
    expect(sentTo(GROUP).at(-1)!.text).toMatch(/^Остатки на .+\n\n.+: \d+ шт\., продаётся [\d,]+ в день, хватит на [\d,]+ дн\./);

    await bare.handleUpdate(text(group, anna, '/sku'));
    expect(sentTo(GROUP).at(-1)!.text).toBe('Формат: /sku АРТИКУЛ [период], например /sku POS-1001 неделя');
    await bare.handleUpdate(text(group, anna, `/top units послезавтра`));
    expect(sentTo(GROUP).at(-1)!.text).toMatch(/^Не понимаю период «послезавтра»/);
  });
});
