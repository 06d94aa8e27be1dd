/**
 * A core `Reply` as Slack messages: Block Kit with mrkdwn-escaped text, the brief through its own
 * renderer, buttons in actions blocks (each button's action_id and value carry the callback data),
 * and charts as file uploads. Slack's limits are kept: 50 blocks and 3000 characters per section.
 */
import type { Locale } from '../../config.js';
import type { Reply } from '../../messages/reply.js';
import type { Button } from '../../messages/message.js';
import { renderBriefSlack } from '../../render/brief-slack.js';
import {
  escapeMrkdwn,
  SLACK_MAX_ACTIONS,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_BUTTON_TEXT,
  SLACK_MAX_SECTION_TEXT,
  escapedText,
  plainTextObject,
  type ActionsBlock,
  type SlackBlock,
} from '../../render/slack-blocks.js';

export type SlackOutgoing =
  | { kind: 'message'; text: string; blocks: SlackBlock[] }
  | { kind: 'file'; png: Uint8Array; filename: string; title: string };

/** Characters of a file title we send (Slack cuts long titles itself; ours stay readable). */
const SLACK_MAX_FILE_TITLE = 250;

export interface SlackRenderOptions {
  locale: Locale;
  timeZone: string;
}

export function renderSlackReply(reply: Reply, options: SlackRenderOptions): SlackOutgoing[] {
  const out: SlackOutgoing[] = [];
  let pending: SlackBlock[] = [];
  let fallback: string[] = [];
  const flush = () => {
    for (let i = 0; i < pending.length; i += SLACK_MAX_BLOCKS - 1) {
      out.push({ kind: 'message', text: escapedText(fallback.join('\n'), SLACK_MAX_SECTION_TEXT), blocks: pending.slice(i, i + SLACK_MAX_BLOCKS - 1) });
    }
    pending = [];
    fallback = [];
  };
  let buttonsPlaced = false;
  for (const [index, block] of reply.blocks.entries()) {
    switch (block.type) {
      case 'heading':
      case 'text': {
        const escaped = escapeMrkdwn(block.text);
        for (let i = 0; i < escaped.length || i === 0; i += SLACK_MAX_SECTION_TEXT - 2) {
          const chunk = escaped.slice(i, i + SLACK_MAX_SECTION_TEXT - 2);
          pending.push({ type: 'section', text: { type: 'mrkdwn', text: block.type === 'heading' ? `*${chunk}*` : chunk } });
        }
        fallback.push(block.text);
        break;
      }
      case 'brief': {
        flush();
        const isLast = index === reply.blocks.length - 1;
        // The brief's renderer places its buttons itself when they end the reply.
        const buttons = isLast && reply.buttons?.length === 1 ? reply.buttons[0] : undefined;
        const messages = renderBriefSlack(block.brief, { ...options, ...(block.full ? { maxItems: Infinity } : {}), ...(buttons ? { buttons } : {}) });
        for (const m of messages) out.push({ kind: 'message', text: m.text, blocks: m.blocks });
        if (buttons) buttonsPlaced = true;
        break;
      }
      case 'photo':
        flush();
        // Slack renders a file's title too: escaped like every other text.
        out.push({ kind: 'file', png: block.png, filename: block.filename, title: escapedText(block.caption, SLACK_MAX_FILE_TITLE) });
        break;
      default: {
        const never: never = block;
        throw new Error(`slack: unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  flush();
  return buttonsPlaced ? out : finish(out, reply.buttons ?? []);
}

/** Attaches button rows to the last message (or adds one after a trailing file). */
function finish(out: SlackOutgoing[], rows: Button[][]): SlackOutgoing[] {
  if (rows.length === 0) return out;
  const actions = rows.map(actionsBlock);
  const last = out[out.length - 1];
  if (last?.kind === 'message' && last.blocks.length + actions.length <= SLACK_MAX_BLOCKS) last.blocks.push(...actions);
  else out.push({ kind: 'message', text: ' ', blocks: actions });
  return out;
}

export function actionsBlock(row: Button[]): ActionsBlock {
  return {
    type: 'actions',
    elements: row.slice(0, SLACK_MAX_ACTIONS).map((b) => ({
      type: 'button',
      text: plainTextObject(b.label, SLACK_MAX_BUTTON_TEXT),
      action_id: b.data,
      value: b.data,
    })),
  };
}
