/**
 * The command surface every chat transport calls: `/start`, `/help`, `/brief [day]`, `/alerts`,
 * `/ask …`, `/status`, `/subscribe …`, `/unsubscribe`, and button presses. It answers with neutral
 * `Reply` values that Telegram, Slack and the console each render their own way; nothing here
 * knows a chat vendor.
 */
import { dayIn, parseUserDay } from '../time/days.js';
import type { Config, Locale } from '../config.js';
import { etlSourceFor } from '../data/etl-source.js';
import type { Store } from '../data/store.js';
import type { Logger } from '../log.js';
import { CHAT_COMMANDS, chatText, type ChatCommandName, type ChatText } from '../locales/chat.js';
import { briefButtons } from '../render/brief-buttons.js';
import { formatDay, formatInstant } from '../locales/format.js';
import { briefInteractions, type BriefSource } from './brief-interactions.js';
import { NoDataError } from '../brief/brief-service.js';
import { createAccessPolicy, type AccessPolicy } from './chat-access.js';
import type { ChatSubscriptions } from '../messages/subscription.js';
import { createInteractionDispatcher, type InteractionHandler } from './interactions.js';
import { textReply, type ChatContext, type InteractionOutcome, type MediaInput, type Reply } from '../messages/reply.js';
import { parseSubscribeArgs } from './subscribe-args.js';
import type { Clock } from '../time/clock.js';

/** Open alerts, as the anomaly module shows them (plugged in by the composition root). */
export interface AlertsPort {
  listOpen(ctx: ChatContext): Promise<Reply>;
}

/** Herald's own health for `/status` (src/monitor/ops-status.ts), plugged in by the composition root. */
export interface OpsStatusPort {
  /** Database, transports, today's model calls and spend, open alerts, the last brief. */
  lines(locale: Locale): Promise<string[]>;
}

/** Question answering (the `ask` module), plugged in by the composition root. */
export interface AskPort {
  /** A free-text question (`/ask …`, a private message, a mention); `prefix` is how commands are typed here. */
  answer(question: string, ctx: ChatContext, prefix: string): Promise<Reply>;
  /** The deterministic `/sku`, `/top`, `/stock`, which need no model. */
  quick(command: 'sku' | 'top' | 'stock', args: string, ctx: ChatContext, prefix: string): Promise<Reply>;
  /** A voice message: transcribed, shown, answered as a question. */
  voice(media: MediaInput, ctx: ChatContext, prefix: string): Promise<Reply>;
  /** A photo with a caption: the caption is the question about the picture. */
  photo(media: MediaInput, caption: string, ctx: ChatContext, prefix: string): Promise<Reply>;
}

export interface ChatCoreDeps {
  config: Pick<Config, 'access' | 'data' | 'timeZone' | 'schedule'> & Partial<Pick<Config, 'supabase'>>;
  store: Store;
  logger: Logger;
  clock: Clock;
  /** Builds a day's brief; in production `(o) => buildBrief(deps, o)`. */
  briefs: BriefSource;
  subscriptions: ChatSubscriptions;
  /** Absent until the alerts module is wired: `/alerts` then says it is coming. */
  alerts?: AlertsPort | null;
  /** Herald's own health lines under `/status`; absent: only the data and subscription lines. */
  ops?: OpsStatusPort | null;
  /** Absent until the ask module is wired: `/ask` then says it is coming. */
  ask?: AskPort | null;
  /** Button handlers besides the brief's own (e.g. the alerts' ack / snooze / resolve). */
  interactions?: InteractionHandler[];
}

export interface ChatCore {
  /**
   * Answers one command message (`/brief 2026-11-22`, `/brief@HeraldBot`, or `brief …` from
   * Slack's `/herald`). Null means stay silent: not a command, or a chat already refused once.
   */
  handleCommand(ctx: ChatContext, text: string): Promise<Reply | null>;
  /** A question in plain text (a private message or a mention); null when the chat is ignored. */
  handleQuestion(ctx: ChatContext, text: string): Promise<Reply | null>;
  handleVoice(ctx: ChatContext, media: MediaInput): Promise<Reply | null>;
  handlePhoto(ctx: ChatContext, media: MediaInput, caption: string): Promise<Reply | null>;
  /** Handles a button press carrying callback data; never throws for bad data. */
  handleInteraction(ctx: ChatContext, data: string): Promise<InteractionOutcome>;
  readonly access: AccessPolicy;
}

export function createChatCore(deps: ChatCoreDeps): ChatCore {
  const access = createAccessPolicy({
    access: deps.config.access,
    subscriptions: deps.subscriptions,
    store: deps.store,
    logger: deps.logger,
  });
  const interactions = createInteractionDispatcher({
    handlers: [briefInteractions(deps.briefs), ...(deps.interactions ?? [])],
    timeZone: deps.config.timeZone,
    clock: deps.clock,
    logger: deps.logger,
  });
  const reader = etlSourceFor(deps.store, deps.config);

  async function run(name: ChatCommandName, args: string, ctx: ChatContext, admin: boolean, allowListed: boolean): Promise<Reply> {
    const t = chatText(ctx.locale);
    const prefix = ctx.transport === 'slack' ? '/herald ' : '/';
    switch (name) {
      case 'start':
        return textReply(t.welcome, t.help(prefix));
      case 'help':
        return textReply(t.help(prefix));
      case 'brief':
        return briefReply(args.trim(), ctx, t);
      case 'alerts':
        return deps.alerts ? deps.alerts.listOpen(ctx) : textReply(t.comingSoon.alerts);
      case 'ask':
        if (!deps.ask) return textReply(t.comingSoon.ask);
        if (args.trim() === '') return textReply(t.askUsage(prefix));
        return deps.ask.answer(args.trim(), ctx, prefix);
      case 'sku':
      case 'top':
      case 'stock':
        return deps.ask ? deps.ask.quick(name, args.trim(), ctx, prefix) : textReply(t.comingSoon.ask);
      case 'status':
        return statusReply(ctx, t, admin, allowListed);
      case 'subscribe':
        // Nothing is ever delivered to the terminal: say so instead of storing a dead subscription.
        if (ctx.transport === 'console') return textReply(t.subscribe.consoleNotTarget);
        return admin ? subscribe(args, ctx, t, prefix) : textReply(t.adminOnly);
      case 'unsubscribe':
        if (!admin) return textReply(t.adminOnly);
        return textReply((await deps.subscriptions.unsubscribe(ctx.transport, ctx.chatId)) ? t.unsubscribe.done : t.unsubscribe.notSubscribed);
      default: {
        const never: never = name;
        throw new Error(`chat: unhandled command ${String(never)}`);
      }
    }
  }

  async function briefReply(arg: string, ctx: ChatContext, t: ChatText): Promise<Reply> {
    let date: string | undefined;
    if (arg !== '') {
      const read = parseUserDay(arg, dayIn(new Date(deps.clock.now()), deps.config.timeZone));
      if (!read.ok) return textReply(read.reason === 'impossible' ? t.brief.impossibleDate(arg.slice(0, 40)) : t.brief.badDate(arg.slice(0, 40)));
      date = read.day;
    }
    try {
      const brief = await deps.briefs({ ...(date ? { date } : {}), locale: ctx.locale });
      const buttons = briefButtons(brief, ctx.locale);
      return { blocks: [{ type: 'brief', brief }], buttons: [buttons] };
    } catch (err) {
      if (!(err instanceof NoDataError)) throw err;
      return textReply(err.date ? t.brief.noData(formatDay(err.date, ctx.locale, true)) : t.brief.noDataAtAll);
    }
  }

  async function statusReply(ctx: ChatContext, t: ChatText, admin: boolean, allowListed: boolean): Promise<Reply> {
    const [range, etlAt, sub] = await Promise.all([
      reader.dayRange(),
      reader.lastEtlFinishedAt(),
      deps.subscriptions.find(ctx.transport, ctx.chatId),
    ]);
    const lines = [
      range.last ? t.status.lastDay(formatDay(range.last, ctx.locale, true)) : t.status.noData,
      etlAt ? t.status.etl(formatInstant(etlAt, ctx.locale, deps.config.timeZone)) : t.status.etlUnknown,
    ];
    if (sub?.active) {
      lines.push(t.status.subscribed(sub.receives.map((r) => t.receives[r]).join(', '), sub.briefAt, sub.timeZone));
      if (sub.quietHours) lines.push(t.status.quietHours(sub.quietHours.from, sub.quietHours.to));
    } else {
      lines.push(t.status.notSubscribed);
    }
    if (allowListed && ctx.transport !== 'console') lines.push(t.status.allowListed);
    if (admin && ctx.transport !== 'console') lines.push(t.status.youAreAdmin);
    if (deps.ops) lines.push(...(await deps.ops.lines(ctx.locale)));
    return { blocks: [{ type: 'heading', text: t.status.title }, ...lines.map((text) => ({ type: 'text' as const, text }))] };
  }

  async function subscribe(args: string, ctx: ChatContext, t: ChatText, prefix: string): Promise<Reply> {
    const parsed = parseSubscribeArgs(words(args), {
      receives: ['brief', 'alerts'],
      briefAt: deps.config.schedule.briefAt,
      timeZone: deps.config.timeZone,
    });
    if (!parsed.ok) return textReply(t.subscribe.badArgument(parsed.bad.slice(0, 40)), t.subscribe.usage(prefix));
    const s = parsed.value;
    await deps.subscriptions.subscribe({ transport: ctx.transport, chatId: ctx.chatId, ...s, addedBy: ctx.userId });
    deps.logger.info({ transport: ctx.transport, chatId: ctx.chatId, by: ctx.userId, receives: s.receives }, 'chat: subscribed');
    const lines = [t.subscribe.done(s.receives.map((r) => t.receives[r]).join(', '), s.briefAt, s.timeZone)];
    if (s.quietHours) lines.push(t.status.quietHours(s.quietHours.from, s.quietHours.to));
    return textReply(...lines);
  }

  /** Access check, then `fn`; a failure is logged and answered politely. */
  async function served(ctx: ChatContext, what: string, fn: () => Promise<Reply>): Promise<Reply | null> {
    const decision = await access.check(ctx);
    const t = chatText(ctx.locale);
    if (decision.kind === 'refuse') return textReply(t.refusal);
    if (decision.kind === 'ignore') return null;
    try {
      return await fn();
    } catch (err) {
      deps.logger.error({ err, transport: ctx.transport, chatId: ctx.chatId, what }, 'chat: message failed');
      return textReply(t.somethingWrong);
    }
  }
  const prefixOf = (ctx: ChatContext) => (ctx.transport === 'slack' ? '/herald ' : '/');

  return {
    access,
    handleQuestion: (ctx, text) =>
      served(ctx, 'question', async () => (deps.ask ? deps.ask.answer(text.trim(), ctx, prefixOf(ctx)) : textReply(chatText(ctx.locale).comingSoon.ask))),
    handleVoice: (ctx, media) =>
      served(ctx, 'voice', async () => (deps.ask ? deps.ask.voice(media, ctx, prefixOf(ctx)) : textReply(chatText(ctx.locale).comingSoon.ask))),
    handlePhoto: (ctx, media, caption) =>
      served(ctx, 'photo', async () => (deps.ask ? deps.ask.photo(media, caption, ctx, prefixOf(ctx)) : textReply(chatText(ctx.locale).comingSoon.ask))),
    async handleCommand(ctx, text) {
      const command = parseCommand(text);
      if (!command) return null;
      const decision = await access.check(ctx);
      const t = chatText(ctx.locale);
      if (decision.kind === 'refuse') return textReply(t.refusal);
      if (decision.kind === 'ignore') return null;
      const prefix = ctx.transport === 'slack' ? '/herald ' : '/';
      if (!isCommandName(command.name)) return textReply(t.unknownCommand(command.name.slice(0, 40), prefix));
      try {
        return await run(command.name, command.args, ctx, decision.admin, decision.allowListed);
      } catch (err) {
        deps.logger.error({ err, transport: ctx.transport, chatId: ctx.chatId, command: command.name }, 'chat: command failed');
        return textReply(t.somethingWrong);
      }
    },
    async handleInteraction(ctx, data) {
      const t = chatText(ctx.locale);
      const decision = await access.check(ctx);
      // The answer to a press is shown to the presser only, so repeating the refusal spams no one.
      if (decision.kind !== 'allowed') return { kind: 'refused', message: t.refusal };
      try {
        return await interactions.dispatch(ctx, data);
      } catch (err) {
        deps.logger.error({ err, transport: ctx.transport, chatId: ctx.chatId, data }, 'chat: interaction failed');
        return { kind: 'refused', message: t.somethingWrong };
      }
    },
  };
}

/** `/brief@HeraldBot 2026-11-22` → `{ name: 'brief', args: '2026-11-22' }`; a leading slash is optional. */
export function parseCommand(text: string): { name: string; args: string } | null {
  const m = /^\/?([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), args: m[2] ?? '' };
}

function isCommandName(name: string): name is ChatCommandName {
  return (CHAT_COMMANDS as readonly string[]).includes(name);
}

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}
