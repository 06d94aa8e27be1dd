/**
 * Telegram's HTML parse mode: escaping, measuring and packing blocks into messages.
 *
 * Telegram supports only a few tags (b, i, u, s, code, pre, a, blockquote, tg-spoiler…) and only
 * the entities &lt; &gt; &amp; &quot; plus numeric ones; a message may hold 4096 characters counted
 * in UTF-16 code units *after* entity parsing. Every message we produce stays within the limit
 * both in that visible length and in its raw HTML length (stripping tags and unescaping entities
 * only ever shortens a string, so the raw bound is the safe one).
 */

/** Telegram's message text limit (sendMessage `text`, 1-4096 characters after entity parsing). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Separator between blocks packed into one message: an empty line. */
const BLOCK_SEPARATOR = '\n\n';

/** Escapes text for Telegram HTML; `"` too, so the result is safe inside an attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function unescapeEntity(entity: string): string {
  const body = entity.slice(1, -1);
  if (!body.startsWith('#')) return NAMED[body] ?? entity;
  const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
}

const ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g;

/** The length Telegram counts: tags stripped, entities unescaped, in UTF-16 code units. */
export function telegramTextLength(html: string): number {
  return visibleText(html).length;
}

/** What the reader sees: tags stripped, entities unescaped. */
export function visibleText(html: string): string {
  return html.replace(/<[^<>]*>/g, '').replace(ENTITY, unescapeEntity);
}

function fits(html: string, limit: number): boolean {
  return html.length <= limit && telegramTextLength(html) <= limit;
}

/**
 * Packs HTML blocks into as few messages as possible, each at most `limit` characters (raw and
 * visible). Messages break only between blocks; a block that alone exceeds the limit is cut at
 * line boundaries (failing that, at spaces, failing that, between characters), never inside a tag
 * or an entity, with open tags closed at the cut and reopened in the next message.
 */
export function splitTelegramMessages(blocks: string[], limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') messages.push(current);
    current = '';
  };
  for (const block of blocks) {
    if (block.trim() === '') continue;
    if (fits(block, limit)) {
      const joined = current === '' ? block : current + BLOCK_SEPARATOR + block;
      if (fits(joined, limit)) current = joined;
      else {
        flush();
        current = block;
      }
      continue;
    }
    flush();
    const pieces = splitBlock(block, limit);
    messages.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? '';
  }
  flush();
  return messages;
}

type Token =
  | { kind: 'open'; raw: string; name: string }
  | { kind: 'close'; raw: string; name: string }
  | { kind: 'atom'; raw: string };

const TOKEN = /<[^<>]*>|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);|[\s\S]/gu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const [raw] of html.matchAll(TOKEN)) {
    const tag = /^<(\/?)\s*([a-zA-Z][\w-]*)[^>]*?(\/?)>$/.exec(raw);
    if (tag === null || tag[3] === '/') tokens.push({ kind: 'atom', raw });
    else tokens.push({ kind: tag[1] === '/' ? 'close' : 'open', raw, name: (tag[2] ?? '').toLowerCase() });
  }
  return tokens;
}

type Open = Extract<Token, { kind: 'open' }>;

const closing = (stack: Open[]) => stack.map((t) => `</${t.name}>`).reverse().join('');
const closingLength = (stack: Open[]) => stack.reduce((n, t) => n + t.name.length + 3, 0);

function applyTag(stack: Open[], token: Token): Open[] {
  if (token.kind === 'open') return [...stack, token];
  if (token.kind === 'close') {
    const at = stack.map((t) => t.name).lastIndexOf(token.name);
    if (at >= 0) return stack.slice(0, at);
  }
  return stack;
}

interface Cut {
  end: number;
  stack: Open[];
}

/** Cuts one oversized block into pieces that each fit, preferring line breaks, then spaces. */
function splitBlock(block: string, limit: number): string[] {
  const tokens = tokenize(block);
  const pieces: string[] = [];
  let start = 0;
  let startStack: Open[] = [];
  while (start < tokens.length) {
    let stack = startStack;
    let length = startStack.reduce((n, t) => n + t.raw.length, 0);
    const best: { line?: Cut; space?: Cut; any?: Cut } = {};
    let i = start;
    for (; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (i > start) {
        if (length + closingLength(stack) > limit) break;
        const cut = { end: i, stack };
        if (token.raw === '\n') best.line = cut;
        else if (token.raw === ' ') best.space = cut;
        best.any = cut;
      }
      length += token.raw.length;
      stack = applyTag(stack, token);
    }
    const whole = i === tokens.length && length + closingLength(stack) <= limit;
    // With nothing that fits (a limit smaller than one tag), take one token so the loop advances.
    const forced = (): Cut => ({ end: start + 1, stack: applyTag(startStack, tokens[start]!) });
    const cut: Cut = whole ? { end: i, stack } : (best.line ?? best.space ?? best.any ?? forced());
    const body = tokens.slice(start, cut.end).map((t) => t.raw).join('');
    const piece = startStack.map((t) => t.raw).join('') + body + closing(cut.stack);
    if (visibleText(piece).trim() !== '') pieces.push(piece);
    start = cut.end;
    // The line break (or space) we cut at would only become leading whitespace, which Telegram trims.
    const next = tokens[start];
    if (next !== undefined && (next.raw === '\n' || next.raw === ' ')) start += 1;
    startStack = cut.stack;
  }
  return pieces;
}
