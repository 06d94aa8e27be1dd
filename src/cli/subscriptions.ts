import { isTimeZone } from '../time/days.js';
import { createSubscriptionRepository, type Receivable, type Subscription } from '../delivery/subscriptions.js';
import type { TransportKind } from '../messages/message.js';
import { oneOf, parseFlags } from './args.js';
import { RuntimeError, UsageError, type CommandRunner } from './command.js';

const ACTIONS = ['list', 'add', 'remove'] as const;
const TRANSPORTS = ['telegram', 'slack'] as const;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const subscriptionsCommand: CommandRunner = {
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      'subscriptions',
      negativeChatIds(args),
      {
        transport: { type: 'string' }, chat: { type: 'string' }, receives: { type: 'string' }, at: { type: 'string' },
        tz: { type: 'string' }, quiet: { type: 'string' }, format: { type: 'string' },
      },
      true,
    );
    const [action, ...extra] = positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action) || extra.length > 0) {
      throw new UsageError(`subscriptions: expected list, add or remove, got ${action ? `"${positionals.join(' ')}"` : 'nothing'}`);
    }
    const format = oneOf('subscriptions', 'format', values.format, ['text', 'json'] as const, 'text');
    const transport: TransportKind | undefined = values.transport === undefined ? undefined : oneOf('subscriptions', 'transport', values.transport, TRANSPORTS, 'telegram');
    if (action === 'list') {
      const rows = await createSubscriptionRepository(await ctx.store()).list(transport ? { transport } : {});
      ctx.stdout.write(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : rows.map(line).join(''));
      if (format === 'text' && rows.length === 0) ctx.stderr.write('subscriptions: none yet (herald subscriptions add --chat ID)\n');
      return 0;
    }

    const chatId = parseChat(transport ?? 'telegram', values.chat);
    if (action === 'remove') {
      const removed = await createSubscriptionRepository(await ctx.store()).remove(transport ?? 'telegram', chatId);
      if (!removed) throw new RuntimeError(`subscriptions: ${transport ?? 'telegram'} chat ${chatId} has no subscription`);
      ctx.stdout.write(`removed ${transport ?? 'telegram'} ${chatId}\n`);
      return 0;
    }

    const receives = parseReceives(values.receives);
    if (values.at !== undefined && !HHMM.test(values.at)) throw new UsageError(`subscriptions: --at: "${values.at}" is not a time HH:MM (24-hour)`);
    if (values.tz !== undefined && !isTimeZone(values.tz)) throw new UsageError(`subscriptions: --tz: "${values.tz}" is not an IANA time zone such as Europe/Moscow`);
    const quiet = values.quiet === undefined ? null : /^(([01]\d|2[0-3]):[0-5]\d)-(([01]\d|2[0-3]):[0-5]\d)$/.exec(values.quiet);
    if (quiet === null && values.quiet !== undefined) throw new UsageError(`subscriptions: --quiet: "${values.quiet}" is not a range HH:MM-HH:MM`);
    // Only `add` reads the configuration (its defaults); list and remove need the database alone.
    const config = await ctx.config();
    const repo = createSubscriptionRepository(await ctx.store(), { briefAt: config.schedule.briefAt, timeZone: config.timeZone });
    const { subscription, created } = await repo.add({
      transport: transport ?? 'telegram',
      chatId,
      ...(receives ? { receives } : {}),
      ...(values.at ? { briefAt: values.at } : {}),
      ...(values.tz ? { timeZone: values.tz } : {}),
      quietHours: quiet ? { from: quiet[1]!, to: quiet[3]! } : null,
      addedBy: 'cli',
    });
    ctx.stdout.write(`${created ? 'added' : 'updated'} ${line(subscription)}`);
    return 0;
  },
};

/** Telegram group ids are negative: `--chat -100123` means the value, not an unknown flag `-1`. */
function negativeChatIds(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i] === '--chat' && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`--chat=${next}`);
      i += 1;
    } else out.push(args[i]!);
  }
  return out;
}

function line(s: Subscription): string {
  const quiet = s.quietHours ? ` quiet ${s.quietHours.from}-${s.quietHours.to}` : '';
  const state = s.active ? 'active' : `inactive (${s.inactiveReason ?? 'deactivated'})`;
  return `${s.transport}\t${s.chatId}\t${s.receives.join(',')}\t${s.briefAt} ${s.timeZone}${quiet}\t${state}\n`;
}

function parseChat(transport: TransportKind, chat: string | undefined): string {
  if (chat === undefined || chat.trim() === '') throw new UsageError('subscriptions: --chat: required (a chat or channel id)');
  const ok = transport === 'slack' ? /^[CGD][A-Z0-9]{2,}$/.test(chat) : /^-?\d{1,20}$|^@[A-Za-z0-9_]{5,32}$/.test(chat);
  if (!ok) {
    throw new UsageError(
      `subscriptions: --chat: "${chat}" is not a ${transport === 'slack' ? 'Slack channel id (C0123ABC)' : 'Telegram chat id (-100123…, 12345 or @channel)'}`,
    );
  }
  return chat;
}

function parseReceives(value: string | undefined): Receivable[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = parts.find((p) => p !== 'brief' && p !== 'alerts' && p !== 'ops');
  if (bad !== undefined || parts.length === 0) throw new UsageError(`subscriptions: --receives: "${value}" must be a comma list of brief, alerts, ops`);
  return [...new Set(parts as Receivable[])];
}
