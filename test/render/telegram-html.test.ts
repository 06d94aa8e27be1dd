import { describe, expect, it } from 'vitest';
import { escapeHtml, splitTelegramMessages, telegramTextLength } from '../../src/render/telegram-html.js';

/** Every opened tag is closed in order, and nothing closes what was not opened. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const [, slash, name] of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (slash === '') stack.push(name!);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

/** No `&` that does not start a whole entity: a cut never lands inside one. */
const wholeEntities = (html: string) => !/&(?!(?:amp|lt|gt|quot|#\d+);)/.test(html);

describe('escapeHtml', () => {
  it('escapes the characters Telegram HTML reserves, quotes included for attributes', () => {
    expect(escapeHtml('<script>&"x"</script>')).toBe('&lt;script&gt;&amp;&quot;x&quot;&lt;/script&gt;');
    expect(escapeHtml('Платье «миди»')).toBe('Платье «миди»');
  });
});

describe('telegramTextLength', () => {
  it('counts what the reader sees, in UTF-16 units', () => {
    expect(telegramTextLength('<b>a&amp;b</b> <a href="https://x.y/?a=1&amp;b=2">c</a>')).toBe(5);
    expect(telegramTextLength('&#128512;')).toBe(2);
  });
});

describe('splitTelegramMessages', () => {
  it('packs blocks that fit into one message, separated by an empty line', () => {
    expect(splitTelegramMessages(['<b>A</b>\n1', '<b>B</b>\n2'])).toEqual(['<b>A</b>\n1\n\n<b>B</b>\n2']);
  });

  it('starts a new message between blocks rather than splitting a block that fits', () => {
    const a = 'a'.repeat(30);
    const b = `<b>${'b'.repeat(20)}</b>\n${'c'.repeat(10)}`;
    expect(splitTelegramMessages([a, b, a], 50)).toEqual([a, b, a]);
  });

  it('cuts an oversized block at line breaks, closing and reopening its tags', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${String(i).padStart(2, '0')} &amp; more`);
    const block = `<blockquote><b>Title</b>\n${lines.join('\n')}</blockquote>`;
    const messages = splitTelegramMessages([block], 80);
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(80);
      expect(balanced(m)).toBe(true);
      expect(m.startsWith('<blockquote>')).toBe(true);
    }
    const seen = messages.flatMap((m) => m.replace(/<\/?[a-z]+>/g, '').split('\n'));
    expect(seen).toEqual(['Title', ...lines]);
  });

  it('never cuts inside an entity or a tag when a single line is too long', () => {
    const line = `<i>${'&amp;'.repeat(40)}</i> <a href="https://example.com/very/long/path">${'&lt;x&gt; '.repeat(20)}</a>`;
    const messages = splitTelegramMessages([line], 80);
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(80);
      expect(balanced(m)).toBe(true);
      expect(wholeEntities(m)).toBe(true);
    }
    expect(messages.join('').replace(/<[^>]*>/g, '').replace(/ /g, '')).toBe(line.replace(/<[^>]*>/g, '').replace(/ /g, ''));
  });

  it('drops blocks with nothing to show', () => {
    expect(splitTelegramMessages(['', '  ', 'x'])).toEqual(['x']);
  });
});
