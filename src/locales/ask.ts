/**
 * Ask Herald's words, in Russian (the default) and English: the loop's stops, the grounding marks,
 * the source line, the rate limit, voice and photo limits, and the deterministic /sku /top /stock.
 * Numbers and days arrive already formatted.
 */
import type { Locale } from '../config.js';

export interface AskText {
  source(parts: string[]): string;
  unverifiedMarker: string;
  /** The note under an answer with marked sentences; `photo`: numbers may come from the picture. */
  unverifiedNote(photo: boolean): string;
  /** The repair turn sent to the model (in the user's language, it is a model-facing message). */
  repairRequest(numbers: string[]): string;
  quoted: { voice(text: string): string; photo(text: string): string };
  stopped: {
    stepLimit(steps: number): string;
    costCap: string;
    deadline: string;
    refusal: string;
    length: string;
    blocked: string;
    budget: string;
    failed: string;
    noModel: string;
  };
  /** `/ask` without a model: how to enable one, and what works without. */
  enableModel(prefix: string): string;
  rateLimited(seconds: number): string;
  transcript(text: string): string;
  voice: {
    tooLong(maxSeconds: number): string;
    tooBig(maxMb: string): string;
    badType(type: string): string;
    noRoute: string;
    failed: string;
    empty: string;
  };
  photo: {
    tooBig(maxMb: string): string;
    noCaption: string;
    noRoute: string;
    badType(type: string): string;
  };
  quick: {
    skuUsage(prefix: string): string;
    topUsage(prefix: string): string;
    badPeriod(arg: string): string;
    badMetric(arg: string, metrics: string): string;
    noData: string;
    skuNotFound(sku: string): string;
    skuTitle(sku: string, title: string, period: string): string;
    skuLine(revenue: string, units: string, orders: string, returns: string): string;
    adLine(adSpend: string, drr: string): string;
    changeLine(metric: string, change: string, previous: string): string;
    topTitle(metric: string, period: string): string;
    stockTitle(asOf: string): string;
    stockLine(sku: string, title: string, stock: string, perDay: string, cover: string): string;
    noCover: string;
    metricNames: Record<'revenue' | 'units' | 'orders' | 'returns' | 'ad_spend' | 'drr', string>;
    unitsShort: string;
    days: string;
  };
}

const ru: AskText = {
  source: (parts) => (parts.length > 0 ? `Источник: ${parts.join('; ')}.` : 'Источник: данные магазина не запрашивались.'),
  unverifiedMarker: '⚠',
  unverifiedNote: (photo) =>
    photo
      ? '⚠ — числа не из данных магазина (например, со снимка): Herald их не проверял.'
      : '⚠ — в этом предложении есть число, которого нет в данных Herald: проверьте его.',
  repairRequest: (numbers) =>
    `В ответе есть числа, которых нет в результатах инструментов: ${numbers.join(', ')}. Перепиши ответ, используя только числа из результатов инструментов (при необходимости вызови инструменты), с периодом у каждого числа.`,
  quoted: {
    voice: (text) => `Вопрос из голосового сообщения (расшифровка): «${text}»`,
    photo: (text) => `Подпись к фото (вопрос): «${text}»`,
  },
  stopped: {
    stepLimit: (steps) => `Не удалось ответить за ${steps} шагов. Попробуйте задать вопрос проще или уже.`,
    costCap: 'Вопрос оказался слишком дорогим: достигнут лимит расходов на один вопрос. Попробуйте сузить его.',
    deadline: 'Не успел ответить вовремя. Попробуйте ещё раз или задайте вопрос проще.',
    refusal: 'Модель отказалась отвечать на этот вопрос.',
    length: '(ответ оборван: модель упёрлась в лимит длины)',
    blocked: 'Не могу ответить на это.',
    budget: 'Дневной бюджет на модели исчерпан — вопросы снова заработают завтра. Пока работают /sku, /top и /stock.',
    failed: 'Модель сейчас недоступна. Попробуйте позже; пока работают /sku, /top и /stock.',
    noModel: 'Модель для вопросов не настроена.',
  },
  enableModel: (p) =>
    [
      'Вопросы свободным текстом работают, когда подключена модель: задайте OPENAI_API_KEY (или маршрут routes.ask в herald.config.json) и перезапустите Herald.',
      `Без модели отвечают команды: ${p}sku АРТИКУЛ [период], ${p}top [метрика] [период], ${p}stock [АРТИКУЛ]. Периоды: «вчера», «неделя», «7d», «ноябрь», 2026-11-01..2026-11-07.`,
    ].join('\n'),
  rateLimited: (s) => `Слишком много вопросов подряд. Попробуйте через ${s} с.`,
  transcript: (text) => `🎤 «${text}»`,
  voice: {
    tooLong: (max) => `Голосовое длиннее ${max} с — такие я не расшифровываю. Запишите покороче или напишите текстом.`,
    tooBig: (mb) => `Голосовое больше ${mb} МБ — такие я не скачиваю.`,
    badType: (type) => `Не умею расшифровывать файлы типа «${type}». Пришлите голосовое сообщение.`,
    noRoute: 'Расшифровка голоса не настроена (маршрут transcribe). Напишите вопрос текстом.',
    failed: 'Не удалось расшифровать голосовое. Попробуйте ещё раз или напишите текстом.',
    empty: 'В голосовом не удалось разобрать слов.',
  },
  photo: {
    tooBig: (mb) => `Фото больше ${mb} МБ — пришлите снимок поменьше.`,
    noCaption: 'Добавьте к фото подпись с вопросом, например: «что на этом отчёте важно?»',
    noRoute: 'Разбор изображений не настроен (маршрут vision).',
    badType: (type) => `Не умею читать файлы типа «${type}». Пришлите фото.`,
  },
  quick: {
    skuUsage: (p) => `Формат: ${p}sku АРТИКУЛ [период], например ${p}sku POS-1001 неделя`,
    topUsage: (p) => `Формат: ${p}top [revenue|units|orders|returns|ad_spend|drr] [период], например ${p}top units 7d`,
    badPeriod: (arg) => `Не понимаю период «${arg}». Примеры: вчера, неделя, 7d, 30d, ноябрь, 2026-11-01..2026-11-07.`,
    badMetric: (arg, metrics) => `Не знаю метрику «${arg}». Есть: ${metrics}.`,
    noData: 'В базе пока нет данных о продажах.',
    skuNotFound: (sku) => `Артикул ${sku} не найден в данных.`,
    skuTitle: (sku, title, period) => `${sku} — ${title}, ${period}`,
    skuLine: (revenue, units, orders, returns) => `Выручка ${revenue}, продано ${units} шт., заказов ${orders}, возвратов ${returns}.`,
    adLine: (adSpend, drr) => `Реклама ${adSpend}, ДРР ${drr}.`,
    changeLine: (metric, change, previous) => `${metric} к предыдущему такому же периоду: ${change} (было ${previous}).`,
    topTitle: (metric, period) => `Топ по метрике «${metric}», ${period}`,
    stockTitle: (asOf) => `Остатки на ${asOf}`,
    stockLine: (sku, title, stock, perDay, cover) => `${sku} ${title}: ${stock} шт., продаётся ${perDay} в день, хватит на ${cover}`,
    noCover: 'Нет товаров с продажами и известным остатком.',
    metricNames: { revenue: 'выручка', units: 'штуки', orders: 'заказы', returns: 'возвраты', ad_spend: 'реклама', drr: 'ДРР' },
    unitsShort: 'шт.',
    days: 'дн.',
  },
};

const en: AskText = {
  source: (parts) => (parts.length > 0 ? `Source: ${parts.join('; ')}.` : 'Source: no shop data was queried.'),
  unverifiedMarker: '⚠',
  unverifiedNote: (photo) =>
    photo
      ? '⚠ — numbers not from the shop data (e.g. read from the picture): Herald has not checked them.'
      : '⚠ — this sentence has a number that is not in Herald’s data: check it.',
  repairRequest: (numbers) =>
    `Your answer has numbers that are not in any tool result: ${numbers.join(', ')}. Rewrite it using only numbers from the tool results (call tools if needed), each with its period.`,
  quoted: {
    voice: (text) => `Question from a voice message (transcript): "${text}"`,
    photo: (text) => `Photo caption (the question): "${text}"`,
  },
  stopped: {
    stepLimit: (steps) => `Could not answer within ${steps} steps. Try a simpler or narrower question.`,
    costCap: 'This question got too expensive: the spend limit per question was reached. Try narrowing it.',
    deadline: 'Could not answer in time. Try again, or ask something simpler.',
    refusal: 'The model declined to answer this question.',
    length: '(answer cut off: the model hit its length limit)',
    blocked: 'I cannot answer that.',
    budget: 'The daily model budget is spent; questions work again tomorrow. /sku, /top and /stock still work.',
    failed: 'The model is unavailable right now. Try later; /sku, /top and /stock still work.',
    noModel: 'No model is configured for questions.',
  },
  enableModel: (p) =>
    [
      'Free-text questions need a model: set OPENAI_API_KEY (or a routes.ask entry in herald.config.json) and restart Herald.',
      `Without a model these answer: ${p}sku ARTICLE [period], ${p}top [metric] [period], ${p}stock [ARTICLE]. Periods: yesterday, week, 7d, november, 2026-11-01..2026-11-07.`,
    ].join('\n'),
  rateLimited: (s) => `Too many questions in a row. Try again in ${s} s.`,
  transcript: (text) => `🎤 "${text}"`,
  voice: {
    tooLong: (max) => `Voice messages over ${max} s are not transcribed. Record a shorter one or type the question.`,
    tooBig: (mb) => `Voice messages over ${mb} MB are not downloaded.`,
    badType: (type) => `I cannot transcribe files of type "${type}". Send a voice message.`,
    noRoute: 'Voice transcription is not configured (route transcribe). Please type the question.',
    failed: 'Could not transcribe the voice message. Try again or type the question.',
    empty: 'No words could be made out in the voice message.',
  },
  photo: {
    tooBig: (mb) => `Photos over ${mb} MB are not processed; send a smaller one.`,
    noCaption: 'Add a caption with your question to the photo, e.g. "what matters in this report?"',
    noRoute: 'Image reading is not configured (route vision).',
    badType: (type) => `I cannot read files of type "${type}". Send a photo.`,
  },
  quick: {
    skuUsage: (p) => `Usage: ${p}sku ARTICLE [period], e.g. ${p}sku POS-1001 week`,
    topUsage: (p) => `Usage: ${p}top [revenue|units|orders|returns|ad_spend|drr] [period], e.g. ${p}top units 7d`,
    badPeriod: (arg) => `I can't read the period "${arg}". Examples: yesterday, week, 7d, 30d, november, 2026-11-01..2026-11-07.`,
    badMetric: (arg, metrics) => `Unknown metric "${arg}". Available: ${metrics}.`,
    noData: 'There is no sales data yet.',
    skuNotFound: (sku) => `Article ${sku} is not in the data.`,
    skuTitle: (sku, title, period) => `${sku} — ${title}, ${period}`,
    skuLine: (revenue, units, orders, returns) => `Revenue ${revenue}, ${units} units sold, ${orders} orders, ${returns} returns.`,
    adLine: (adSpend, drr) => `Ads ${adSpend}, DRR ${drr}.`,
    changeLine: (metric, change, previous) => `${metric} vs the previous period of the same length: ${change} (was ${previous}).`,
    topTitle: (metric, period) => `Top by ${metric}, ${period}`,
    stockTitle: (asOf) => `Stock as of ${asOf}`,
    stockLine: (sku, title, stock, perDay, cover) => `${sku} ${title}: ${stock} units, selling ${perDay} a day, lasts ${cover}`,
    noCover: 'No products with sales and a known stock.',
    metricNames: { revenue: 'revenue', units: 'units', orders: 'orders', returns: 'returns', ad_spend: 'ad spend', drr: 'DRR' },
    unitsShort: 'units',
    days: 'days',
  },
};

export const ASK_TEXT: Record<Locale, AskText> = { ru, en };

export function askText(locale: Locale): AskText {
  return ASK_TEXT[locale];
}
