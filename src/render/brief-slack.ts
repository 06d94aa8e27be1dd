/**
 * The brief as Slack Block Kit messages: a header, one section block per brief section (more when
 * a section is over 3000 characters), dividers between them, and the buttons in an actions block
 * at the end. A big brief becomes several messages, each within Slack's block and size limits.
 */
import type { Brief } from '../insights/types.js';
import { briefText } from '../locales/brief.js';
import type { ButtonSpec } from './brief-buttons.js';
import { briefSections, messageBudget, type BriefSection, type BriefSectionsOptions, type Line, type Span } from './brief-sections.js';
import {
  blockTextLength,
  escapeMrkdwn,
  SLACK_MAX_ACTION_ID,
  SLACK_MAX_ACTIONS,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_BUTTON_TEXT,
  SLACK_MAX_BUTTON_VALUE,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_MESSAGE_TEXT,
  SLACK_MAX_SECTION_TEXT,
  plainTextObject,
  truncatePlain,
  type ActionsBlock,
  type SlackBlock,
} from './slack-blocks.js';

export interface BriefSlackOptions extends BriefSectionsOptions {
  /** At most this many messages (default BRIEF_MAX_TEXT_MESSAGES; unbounded with `maxItems: Infinity`, the Details view). */
  maxMessages?: number;
  /**
   * Buttons to put under the brief (usually `briefButtons(brief, locale)`), as one actions block
   * at the end of the last message; each button's action_id and value are its `data`. Default:
   * none, as for the terminal or a read-only channel. Slack allows 25 per block; the rest are dropped.
   */
  buttons?: ButtonSpec[];
}

export interface SlackMessage {
  /** Notification and accessibility fallback (mrkdwn); Slack shows it where blocks cannot be shown. */
  text: string;
  blocks: SlackBlock[];
}

/** How much of the narrative summary goes into the notification text. */
const FALLBACK_SUMMARY_CHARS = 300;

function spanToMrkdwn(span: Span): string {
  switch (span.kind) {
    case 'text':
      return escapeMrkdwn(span.text);
    case 'bold':
    case 'italic': {
      // Slack only emphasises when the markers touch non-space characters.
      const inner = span.text.trim();
      if (inner === '') return escapeMrkdwn(span.text);
      const mark = span.kind === 'bold' ? '*' : '_';
      return `${mark}${escapeMrkdwn(inner)}${mark}`;
    }
    case 'code':
      return `\`${escapeMrkdwn(span.text.replace(/`/g, "'"))}\``;
    case 'link':
      return `<${span.url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(span.text)}>`;
    default: {
      const never: never = span;
      throw new Error(`unknown span ${JSON.stringify(never)}`);
    }
  }
}

export function lineToMrkdwn(line: Line): string {
  return line.map(spanToMrkdwn).join('');
}

/** Cuts an over-long mrkdwn line at a space if possible, never inside an entity or a surrogate pair. */
function hardSplit(line: string, max: number): string[] {
  const parts: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut <= 0) {
      cut = max;
      const amp = rest.lastIndexOf('&', cut - 1);
      if (amp >= 0 && amp > cut - 5 && !rest.slice(amp, cut).includes(';')) cut = amp;
      if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? '')) cut -= 1;
      if (cut <= 0) cut = max;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  parts.push(rest);
  return parts;
}

/** One section as section blocks of at most 3000 characters, cut between lines. */
function sectionBlocks(section: BriefSection): SlackBlock[] {
  const lines = [`*${escapeMrkdwn(section.title)}*`, ...section.lines.map(lineToMrkdwn)].flatMap((l) =>
    hardSplit(l, SLACK_MAX_SECTION_TEXT),
  );
  const texts: string[] = [];
  let current = '';
  for (const line of lines) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (joined.length <= SLACK_MAX_SECTION_TEXT) current = joined;
    else {
      texts.push(current);
      current = line;
    }
  }
  if (current !== '') texts.push(current);
  return texts.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

function actionsBlock(buttons: ButtonSpec[]): ActionsBlock {
  return {
    type: 'actions',
    elements: buttons.slice(0, SLACK_MAX_ACTIONS).map((b) => ({
      type: 'button',
      text: plainTextObject(b.label, SLACK_MAX_BUTTON_TEXT),
      action_id: b.data.slice(0, SLACK_MAX_ACTION_ID),
      value: b.data.slice(0, SLACK_MAX_BUTTON_VALUE),
    })),
  };
}

/** Drops dividers that would start or end a message. */
function trimDividers(blocks: SlackBlock[]): SlackBlock[] {
  let start = 0;
  let end = blocks.length;
  while (start < end && blocks[start]?.type === 'divider') start++;
  while (end > start && blocks[end - 1]?.type === 'divider') end--;
  return blocks.slice(start, end);
}

/** Keeps `max` messages; the last kept one drops blocks from its end until the closing note fits. */
function capMessages(messages: SlackBlock[][], o: { max: number; maxBlocks: number; maxText: number; note: SlackBlock }): SlackBlock[][] {
  if (messages.length <= o.max) return messages;
  const last = [...messages[o.max - 1]!];
  const size = () => last.reduce((n, b) => n + blockTextLength(b), 0) + blockTextLength(o.note);
  while (last.length > 1 && (last.length + 1 > o.maxBlocks || size() > o.maxText)) last.pop();
  return [...messages.slice(0, o.max - 1), [...trimDividers(last), o.note]];
}

export function renderBriefSlack(brief: Brief, opts: BriefSlackOptions): SlackMessage[] {
  const doc = briefSections(brief, opts);
  const t = briefText[opts.locale];
  const body: SlackBlock[] = [
    { type: 'header', text: plainTextObject(doc.title, SLACK_MAX_HEADER_TEXT) },
  ];
  doc.sections.forEach((section, i) => {
    if (i > 0) body.push({ type: 'divider' });
    body.push(...sectionBlocks(section));
  });

  const actions = opts.buttons !== undefined && opts.buttons.length > 0 ? actionsBlock(opts.buttons) : null;
  // Room for the actions block is kept in every message, since we learn which is last only at the end.
  const maxBlocks = SLACK_MAX_BLOCKS - (actions === null ? 0 : 1);
  const maxText = SLACK_MAX_MESSAGE_TEXT - (actions === null ? 0 : blockTextLength(actions));

  const groups: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  let size = 0;
  for (const block of body) {
    const cost = blockTextLength(block);
    if (current.length > 0 && (current.length + 1 > maxBlocks || size + cost > maxText)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(block);
    size += cost;
  }
  groups.push(current);

  const trimmed = capMessages(groups.map(trimDividers).filter((g) => g.length > 0), {
    max: messageBudget(opts),
    maxBlocks,
    maxText,
    note: { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t.shortened) }] },
  });
  if (actions !== null) trimmed.at(-1)?.push(actions);
  const summary = truncatePlain(brief.narrative.summary.replace(/\s+/g, ' ').trim(), FALLBACK_SUMMARY_CHARS);
  return trimmed.map((blocks, i) => ({
    text: escapeMrkdwn(i === 0 ? (summary === '' ? doc.title : `${doc.title}: ${summary}`) : `${doc.title} ${t.continued}`),
    blocks,
  }));
}
