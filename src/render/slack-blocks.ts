/**
 * The few Slack Block Kit shapes Herald sends, typed here so that render/ stays free of vendor
 * packages (the Slack transport passes these objects to Bolt unchanged), plus the limits Slack
 * enforces: a block over a limit makes chat.postMessage fail with `invalid_blocks`, so the
 * renderers split or truncate before that can happen.
 */
import { cutText } from '../locales/readable-text.js';

/** Blocks per message (chat.postMessage `blocks`). */
export const SLACK_MAX_BLOCKS = 50;
/** Characters in a section block's `text`. */
export const SLACK_MAX_SECTION_TEXT = 3000;
/** Characters in a header block's plain text. */
export const SLACK_MAX_HEADER_TEXT = 150;
/** Text objects in a section's `fields`. */
export const SLACK_MAX_FIELDS = 10;
/** Characters in each of a section's fields. */
export const SLACK_MAX_FIELD_TEXT = 2000;
/** Elements in an actions block. */
export const SLACK_MAX_ACTIONS = 25;
/** Elements in a context block. */
export const SLACK_MAX_CONTEXT_ELEMENTS = 10;
/** Characters in a button's label. */
export const SLACK_MAX_BUTTON_TEXT = 75;
/** Characters in a button's value (returned to us on a click). */
export const SLACK_MAX_BUTTON_VALUE = 2000;
/** Characters in an action_id (also how we route the click). */
export const SLACK_MAX_ACTION_ID = 255;
/**
 * Total text characters we put in one message. Slack documents none below 40,000, but in practice
 * rejects messages whose blocks hold more than about 13,000 characters with `msg_blocks_too_long`
 * (slackapi/bolt-js#2509), so we stay well below.
 */
export const SLACK_MAX_MESSAGE_TEXT = 12_000;

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export type TextObject = PlainText | MrkdwnText;

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
  block_id?: string;
}

export interface SectionBlock {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
  block_id?: string;
}

export interface ImageElement {
  type: 'image';
  image_url: string;
  alt_text: string;
}

export interface ContextBlock {
  type: 'context';
  elements: (TextObject | ImageElement)[];
  block_id?: string;
}

export interface DividerBlock {
  type: 'divider';
}

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
  block_id?: string;
}

export interface ImageBlock {
  type: 'image';
  image_url: string;
  alt_text: string;
  title?: PlainText;
  block_id?: string;
}

export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock | ImageBlock;

/**
 * Escapes the three characters Slack treats as control characters (links, mentions such as
 * `<!channel>`); Slack decodes only these entities, so nothing else is escaped. Every text field
 * Slack renders goes through it — mrkdwn, plain_text, the notification `text`, file titles and
 * comments — so a product title can never ping a channel.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts plain text to `max` characters (UTF-16 units, as Slack counts), ending with "…", never splitting a surrogate pair. */
export const truncatePlain = cutText;

/**
 * Escapes `s` and cuts the result to `max` characters (ending with "…"), never inside an entity
 * or a surrogate pair.
 */
export function escapedText(s: string, max = Infinity): string {
  const escaped = escapeMrkdwn(s);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const ch of s) {
    const piece = escapeMrkdwn(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** A plain_text object (header, button label, option): escaped and cut to `max`. */
export function plainTextObject(s: string, max = Infinity): PlainText {
  return { type: 'plain_text', text: escapedText(s, max), emoji: true };
}

/** Text characters a block carries, for the per-message budget. */
export function blockTextLength(block: SlackBlock): number {
  const text = (t: TextObject | undefined) => t?.text.length ?? 0;
  switch (block.type) {
    case 'header':
      return text(block.text);
    case 'section':
      return text(block.text) + (block.fields ?? []).reduce((n, f) => n + text(f), 0);
    case 'context':
      return block.elements.reduce((n, e) => n + (e.type === 'image' ? e.alt_text.length : text(e)), 0);
    case 'divider':
      return 0;
    case 'actions':
      return block.elements.reduce((n, e) => n + text(e.text) + (e.value?.length ?? 0), 0);
    case 'image':
      return block.alt_text.length + text(block.title);
    default: {
      const never: never = block;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}
