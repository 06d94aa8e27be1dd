/**
 * Button presses, routed by the `kind` of their callback data to a handler registered for it.
 * The brief's own buttons are one handler (brief-interactions.ts); the alerts module plugs its
 * ack / snooze / resolve handler in the same way, without this file knowing about it.
 */
import type { Logger } from '../log.js';
import { chatText } from '../locales/chat.js';
import { parseCallbackData, type CallbackData } from '../messages/callback-data.js';
import type { ChatContext, InteractionOutcome, Reply } from '../messages/reply.js';
import type { Clock } from '../time/clock.js';

export interface InteractionRequest {
  ctx: ChatContext;
  data: CallbackData;
  now: Date;
}

/** What a handler decided, after looking the record up in the store. */
export type InteractionResult =
  | {
      kind: 'done';
      /** What was done, as a short localised phrase ("график", "acknowledged"), for the who/when line. */
      actionLabel: string;
      toast?: string;
      edit?: Reply;
      followUp?: Reply;
    }
  /** The id names no stored record (expired, or forged data): nothing happens. */
  | { kind: 'not_found' }
  | { kind: 'refused'; message: string };

export interface InteractionHandler {
  /** The callback-data kind it owns, e.g. `brief` or `alert`. */
  readonly kind: string;
  /**
   * Must verify `data.id` against the stored record before acting: the data came from a chat
   * client and is not to be trusted.
   */
  handle(request: InteractionRequest): Promise<InteractionResult>;
}

export interface InteractionDispatcher {
  dispatch(ctx: ChatContext, raw: string): Promise<InteractionOutcome>;
}

export interface InteractionDispatcherOptions {
  handlers: InteractionHandler[];
  /** The shop's zone: the "when" of the who/when line is shown in it. */
  timeZone: string;
  clock: Clock;
  logger: Logger;
}

export function createInteractionDispatcher(options: InteractionDispatcherOptions): InteractionDispatcher {
  const byKind = new Map<string, InteractionHandler>();
  for (const h of options.handlers) {
    if (byKind.has(h.kind)) throw new Error(`interactions: two handlers for kind "${h.kind}"`);
    byKind.set(h.kind, h);
  }
  return {
    async dispatch(ctx, raw) {
      const t = chatText(ctx.locale);
      const parsed = parseCallbackData(raw);
      const handler = parsed.ok ? byKind.get(parsed.value.kind) : undefined;
      if (!parsed.ok || !handler) {
        options.logger.warn({ transport: ctx.transport, chatId: ctx.chatId, userId: ctx.userId, data: raw.slice(0, 80) }, 'interaction: unknown callback data');
        return { kind: 'refused', message: t.interaction.unknown };
      }
      const now = new Date(options.clock.now());
      const result = await handler.handle({ ctx, data: parsed.value, now });
      switch (result.kind) {
        case 'not_found':
          options.logger.warn({ transport: ctx.transport, chatId: ctx.chatId, data: raw }, 'interaction: record not found');
          return { kind: 'refused', message: t.interaction.expired };
        case 'refused':
          return { kind: 'refused', message: result.message };
        case 'done': {
          const time = new Intl.DateTimeFormat(ctx.locale === 'ru' ? 'ru-RU' : 'en-GB', {
            hour: '2-digit',
            minute: '2-digit',
            timeZone: options.timeZone,
          }).format(now);
          return {
            kind: 'done',
            note: t.interaction.acted(ctx.userName, result.actionLabel, time),
            ...(result.toast !== undefined ? { toast: result.toast } : {}),
            ...(result.edit ? { edit: result.edit } : {}),
            ...(result.followUp ? { followUp: result.followUp } : {}),
          };
        }
        default: {
          const never: never = result;
          throw new Error(`interactions: unknown result ${JSON.stringify(never)}`);
        }
      }
    },
  };
}
