/**
 * Telegram's `parse_mode: "HTML"` parser, as strict as the real one where it matters to us: only
 * the documented tags, properly nested and closed; only `&lt; &gt; &amp; &quot;` and numeric
 * entities. Returns the plain text Telegram would store (its length, in UTF-16 code units, is what
 * the 4096 limit counts) or the error text Telegram answers with.
 * https://core.telegram.org/bots/api#html-style
 */

const TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'blockquote',
  'tg-spoiler', 'span', 'tg-emoji',
]);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type HtmlParse = { ok: true; text: string } | { ok: false; error: string };

export function parseTelegramHtml(html: string): HtmlParse {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  const at = (index: number) => Buffer.byteLength(html.slice(0, index), 'utf8');
  const fail = (error: string): HtmlParse => ({ ok: false, error });

  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '&') {
      const m = /^&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/i.exec(html.slice(i, i + 12));
      if (!m) return fail(`Can't find end of the entity starting at byte offset ${at(i)}`);
      const body = m[1]!;
      if (body.startsWith('#')) {
        const code = body[1]?.toLowerCase() === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (!(code > 0 && code <= 0x10ffff)) return fail(`Invalid numeric entity at byte offset ${at(i)}`);
        text += String.fromCodePoint(code);
      } else {
        const named = NAMED[body.toLowerCase()];
        if (named === undefined) return fail(`Unsupported HTML entity "&${body};" at byte offset ${at(i)}`);
        text += named;
      }
      i += m[0].length;
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i += 1;
      continue;
    }
    const close = html.indexOf('>', i);
    if (close === -1) return fail(`Unclosed start tag at byte offset ${at(i)}`);
    const inner = html.slice(i + 1, close);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (open === undefined) return fail(`Unexpected end tag at byte offset ${at(i)}`);
      if (name !== '' && name !== open) {
        return fail(`Unmatched end tag at byte offset ${at(i)}, expected "</${open}>", found "</${name}>"`);
      }
    } else {
      const name = /^[a-z][a-z0-9-]*/i.exec(inner)?.[0]?.toLowerCase() ?? '';
      if (!TAGS.has(name)) return fail(`Unsupported start tag "${name}" at byte offset ${at(i)}`);
      const attrs = parseAttributes(inner.slice(name.length));
      if (attrs === null) return fail(`Unclosed start tag at byte offset ${at(i)}`);
      if (name === 'span' && attrs.class !== 'tg-spoiler') {
        return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at(i)}`);
      }
      if (name === 'tg-emoji' && !attrs['emoji-id']) return fail(`Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${at(i)}`);
      const parent = stack[stack.length - 1];
      // Code is verbatim: nothing nests inside it, and a <pre> holds at most a <code> for the language.
      if (parent === 'code' || (parent === 'pre' && name !== 'code')) {
        return fail(`Can't nest "${name}" inside "${parent}" at byte offset ${at(i)}`);
      }
      if (name === 'blockquote' && stack.includes('blockquote')) {
        return fail(`Blockquote can't be nested at byte offset ${at(i)}`);
      }
      stack.push(name);
    }
    i = close + 1;
  }
  const open = stack.pop();
  if (open !== undefined) return fail(`Can't find end tag corresponding to start tag "${open}"`);
  return { ok: true, text };
}

/** `href="…" class='x' expandable` → a map; null when a quote is left open. */
function parseAttributes(source: string): Record<string, string> | null {
  const attrs: Record<string, string> = {};
  const re = /\s*([a-z][a-z0-9-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/giy;
  const rest = source.replace(/\/\s*$/, '');
  let pos = 0;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (pos < rest.length && (m = re.exec(rest)) !== null && m[0] !== '') {
    attrs[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
    pos = re.lastIndex;
  }
  if (rest.slice(pos).trim() !== '') return null;
  return attrs;
}

/** Length as Telegram counts it: UTF-16 code units of the parsed text. */
export function telegramLength(text: string): number {
  return text.length;
}
