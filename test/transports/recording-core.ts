/**
 * A chat core that remembers what it answered: each finished command, question and button press
 * with its result, so a test can await "the core has answered that" instead of sleeping, then
 * check what the transport did with the answer. It decorates the real core; nothing is replaced.
 */
import type { ChatCore } from '../../src/chat/chat-commands.js';
import type { InteractionOutcome, Reply } from '../../src/messages/reply.js';
import { createWaiters, type Check, type WaitOptions } from '../fakes/waiters.js';

export type Handled =
  | { kind: 'command' | 'question'; chatId: string; text: string; reply: Reply | null }
  | { kind: 'interaction'; chatId: string; text: string; outcome: InteractionOutcome };

export interface RecordingCore {
  core: ChatCore;
  /** Everything the core finished, in order. */
  handled: Handled[];
  /** Resolves with `check()`'s value once it holds over `handled`; rejects on time-out. */
  waitFor<T>(check: Check<T>, options?: WaitOptions): Promise<T>;
}

export function recordingCore(inner: ChatCore): RecordingCore {
  const handled: Handled[] = [];
  const waiters = createWaiters('chat core');
  const record = (h: Handled) => {
    handled.push(h);
    waiters.notify();
  };
  const core: ChatCore = {
    access: inner.access,
    handleVoice: (ctx, media) => inner.handleVoice(ctx, media),
    handlePhoto: (ctx, media, caption) => inner.handlePhoto(ctx, media, caption),
    async handleCommand(ctx, text) {
      const reply = await inner.handleCommand(ctx, text);
      record({ kind: 'command', chatId: ctx.chatId, text, reply });
      return reply;
    },
    async handleQuestion(ctx, text) {
      const reply = await inner.handleQuestion(ctx, text);
      record({ kind: 'question', chatId: ctx.chatId, text, reply });
      return reply;
    },
    async handleInteraction(ctx, data) {
      const outcome = await inner.handleInteraction(ctx, data);
      record({ kind: 'interaction', chatId: ctx.chatId, text: data, outcome });
      return outcome;
    },
  };
  return { core, handled, waitFor: (check, options) => waiters.waitFor(check, options) };
}
