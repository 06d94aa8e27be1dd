/**
 * Ask Herald in chat (the core's `AskPort`): the per-user rate limit, `/ask` without a model
 * (how to enable one), the deterministic commands, voice (limits → download → route
 * `transcribe` → the transcript shown → answered) and photos (limits → download → route `vision`
 * with the caption as the question). Answers are cut at a sentence or word near the platforms'
 * limits, keeping the source line.
 */
import type { AskPort } from '../chat/chat-commands.js';
import { textReply, type ChatContext, type Reply } from '../messages/reply.js';
import { askText } from '../locales/ask.js';
import type { AskService } from './ask-service.js';
import { quickReply } from './quick-commands.js';
import { createRateLimiter } from './rate-limit.js';
import type { Clock } from '../time/clock.js';

/** Longest answer body: one Telegram message (4096) with room for escaping, one Slack section (3000). */
export const ANSWER_MAX_CHARS = 2_800;
/** Audio types a transcription endpoint takes (Telegram voice is OGG/Opus). */
const AUDIO_TYPES = /^audio\/(ogg|opus|mpeg|mp3|mp4|m4a|x-m4a|wav|x-wav|webm|flac)$/;
const IMAGE_TYPES = /^image\/(jpeg|png|webp|gif)$/;

export interface ChatAskOptions {
  service: AskService;
  clock: Clock;
}

export function createChatAsk({ service, clock }: ChatAskOptions): AskPort {
  const limiter = createRateLimiter({ perMinute: service.settings.perUserPerMinute, perDay: service.settings.perUserPerDay, clock });
  const settings = service.settings;
  const mb = (bytes: number) => (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0);

  /** The rate limit applies to what reaches a model. */
  const limited = (ctx: ChatContext): Reply | null => {
    const slot = limiter.take(`${ctx.transport}:${ctx.userId}`);
    return slot.ok ? null : textReply(askText(ctx.locale).rateLimited(slot.retryAfterSeconds));
  };

  const answer = async (question: string, ctx: ChatContext, via: 'text' | 'voice' | 'photo', images?: string[]): Promise<string> => {
    const result = await service.ask({ question, via, ...(images ? { images } : {}) }, ctx.locale);
    return cutAnswer(result.answer, ANSWER_MAX_CHARS);
  };

  return {
    async answer(question, ctx, prefix) {
      const t = askText(ctx.locale);
      if (!service.hasModel) return textReply(t.enableModel(prefix));
      return limited(ctx) ?? textReply(await answer(question, ctx, 'text'));
    },

    quick: (command, args, ctx, prefix) =>
      quickReply(
        { tools: service.tools, lastDay: async () => (await service.source.dataRange()).last, currency: service.currency },
        command, args, ctx.locale, prefix,
      ),

    async voice(media, ctx, prefix) {
      const t = askText(ctx.locale);
      if (!service.hasModel) return textReply(t.enableModel(prefix));
      if (!service.router?.hasRoute('transcribe')) return textReply(t.voice.noRoute);
      const type = (media.mimeType ?? '').toLowerCase();
      if (!AUDIO_TYPES.test(type)) return textReply(t.voice.badType(type || '?'));
      if ((media.durationSeconds ?? 0) > settings.voiceMaxSeconds) return textReply(t.voice.tooLong(settings.voiceMaxSeconds));
      if ((media.sizeBytes ?? 0) > settings.voiceMaxBytes) return textReply(t.voice.tooBig(mb(settings.voiceMaxBytes)));
      const busy = limited(ctx);
      if (busy) return busy;
      const data = await media.download();
      if (data.byteLength > settings.voiceMaxBytes) return textReply(t.voice.tooBig(mb(settings.voiceMaxBytes)));
      const heard = await service.router.transcribe({ audio: { data, filename: media.filename, mimeType: type }, language: ctx.locale });
      if (!heard.ok) return textReply(t.voice.failed);
      const question = heard.value.trim();
      if (question === '') return textReply(t.voice.empty);
      // The transcript is the user's words, quoted: shown back so a mishearing is visible.
      return textReply(t.transcript(cutAnswer(question, 500)), await answer(question, ctx, 'voice'));
    },

    async photo(media, caption, ctx, prefix) {
      const t = askText(ctx.locale);
      if (!service.hasModel) return textReply(t.enableModel(prefix));
      if (caption.trim() === '') return textReply(t.photo.noCaption);
      if (!service.router?.hasRoute('vision')) return textReply(t.photo.noRoute);
      const type = (media.mimeType ?? '').toLowerCase();
      if (!IMAGE_TYPES.test(type)) return textReply(t.photo.badType(type || '?'));
      if ((media.sizeBytes ?? 0) > settings.photoMaxBytes) return textReply(t.photo.tooBig(mb(settings.photoMaxBytes)));
      const busy = limited(ctx);
      if (busy) return busy;
      const data = await media.download();
      if (data.byteLength > settings.photoMaxBytes) return textReply(t.photo.tooBig(mb(settings.photoMaxBytes)));
      const url = `data:${type};base64,${Buffer.from(data).toString('base64')}`;
      return textReply(await answer(caption.trim(), ctx, 'photo', [url]));
    },
  };
}

/**
 * Cuts a long answer at a sentence (or word) boundary before `max` characters, keeping its last
 * paragraph (the source line) whole.
 */
export function cutAnswer(text: string, max: number): string {
  if (text.length <= max) return text;
  const split = text.lastIndexOf('\n\n');
  const tail = split > 0 && text.length - split < 400 ? text.slice(split) : '';
  const body = tail ? text.slice(0, split) : text;
  const room = max - tail.length - 1;
  const head = body.slice(0, room);
  const stop = Math.max(head.lastIndexOf('. '), head.lastIndexOf('\n'));
  const space = head.lastIndexOf(' ');
  const cut = stop > room * 0.6 ? stop + 1 : space > room * 0.6 ? space : room;
  return `${head.slice(0, cut).trimEnd()}…${tail}`;
}
