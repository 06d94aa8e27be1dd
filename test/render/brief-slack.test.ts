import { describe, expect, it } from 'vitest';
import { briefButtons } from '../../src/render/brief-buttons.js';
import { renderBriefSlack, type SlackMessage } from '../../src/render/brief-slack.js';
import { blockTextLength, escapeMrkdwn, type SlackBlock } from '../../src/render/slack-blocks.js';
import { bigBrief, bigTitle, emptyBrief, makeBrief } from '../fixtures/brief-fixture.js';

const ru = { locale: 'ru', timeZone: 'Europe/Moscow' } as const;
const en = { locale: 'en', timeZone: 'Europe/Moscow' } as const;
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function sectionTexts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'section' && b.text !== undefined ? [b.text.text] : []));
}

function expectWithinLimits(messages: SlackMessage[]) {
  for (const m of messages) {
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.blocks.reduce((n, b) => n + blockTextLength(b), 0)).toBeLessThanOrEqual(12_000);
    for (const text of sectionTexts(m.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    for (const b of m.blocks) if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
    expect(m.blocks[0]?.type).not.toBe('divider');
    expect(m.blocks.at(-1)?.type).not.toBe('divider');
  }
}

describe('escapeMrkdwn', () => {
  it('escapes only the three control characters', () => {
    expect(escapeMrkdwn('<script>&"x"')).toBe('&lt;script&gt;&amp;"x"');
  });
});

describe('renderBriefSlack', () => {
  it('renders the fixture as one message with a header, sections and a fallback text, in both locales', () => {
    const [ruMessage, ...restRu] = renderBriefSlack(makeBrief(), ru);
    const [enMessage] = renderBriefSlack(makeBrief(), en);
    expect(restRu).toEqual([]);
    expect(ruMessage!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Сводка за вс, 22 нояб.', emoji: true } });
    expect(ruMessage!.text).toBe('Сводка за вс, 22 нояб.: Выручка 1,23 млн ₽, на 5 % больше, чем вчера; лидирует летнее платье.');
    const ruText = nbsp(sectionTexts(ruMessage!.blocks).join('\n'));
    expect(ruText).toContain('*📊 Итоги дня*\nВыручка: *1 234 567 ₽* · к вчера +5 % · к прошлой неделе -3 %');
    expect(ruText).toContain('1. *Платье летнее миди, синее* — ');
    expect(ruText).toContain('_[падение, нет в наличии]_');
    const enText = nbsp(sectionTexts(enMessage!.blocks).join('\n'));
    expect(enText).toContain('*📊 Day totals*\nRevenue: *RUB 1,234,567* · vs yesterday +5%');
    expect(enText).toContain('Ad spend / revenue: *6.5%*');
    expectWithinLimits([ruMessage!, enMessage!]);
  });

  it('escapes markup in titles in sections and in the fallback text', () => {
    const brief = makeBrief({ narrative: { summary: 'A <b> & c', highlights: [], actions: [] } });
    brief.items[0]!.title = 'Кружка <script>&"';
    const [message] = renderBriefSlack(brief, ru);
    const all = sectionTexts(message!.blocks).join('\n');
    expect(all).toContain('*Кружка &lt;script&gt;&amp;"*');
    expect(all).not.toContain('<script>');
    expect(message!.text).toContain('A &lt;b&gt; &amp; c');
  });

  it('attaches the buttons as an actions block whose action_id and value are the button data', () => {
    const brief = makeBrief();
    const [message] = renderBriefSlack(brief, { ...en, buttons: briefButtons(brief, 'en') });
    expect(message!.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Details', emoji: true }, action_id: 'brief:2026-11-22:details', value: 'brief:2026-11-22:details' },
        { type: 'button', text: { type: 'plain_text', text: 'Chart', emoji: true }, action_id: 'brief:2026-11-22:chart', value: 'brief:2026-11-22:chart' },
      ],
    });
  });

  it('splits a 600-product brief into messages within Slack limits, each product once, buttons at the end', () => {
    const brief = bigBrief(600);
    const messages = renderBriefSlack(brief, { ...ru, maxItems: Infinity, buttons: briefButtons(brief, 'ru') });
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    const actions = messages.map((m) => m.blocks.filter((b) => b.type === 'actions').length);
    expect(actions).toEqual([...actions.slice(0, -1).map(() => 0), 1]);
    expect(messages[1]!.text).toBe('Сводка за вс, 22 нояб. (продолжение)');
    const all = messages.map((m) => sectionTexts(m.blocks).join('\n')).join('\n');
    for (let i = 0; i < 600; i++) {
      expect(all.split(escapeMrkdwn(bigTitle(i))).length - 1, bigTitle(i)).toBe(1);
    }
  });

  it('cuts an over-long narrative into sections of at most 3000 characters', () => {
    const summary = 'Очень длинный текст & ещё. '.repeat(400);
    const messages = renderBriefSlack(makeBrief({ narrative: { summary, highlights: [], actions: [] } }), ru);
    expectWithinLimits(messages);
    const texts = messages.flatMap((m) => sectionTexts(m.blocks));
    expect(texts.filter((t) => t.includes('Очень длинный')).length).toBeGreaterThan(3);
    expect(texts.join('')).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('renders an empty day without NaN and with the no-sales line', () => {
    const [message] = renderBriefSlack(emptyBrief(), en);
    const all = sectionTexts(message!.blocks).join('\n');
    expect(all).toContain('_No sales that day._');
    expect(all).not.toMatch(/NaN|Infinity|undefined/);
    expect(message!.text).toBe('Brief for Sun, Nov 22');
  });

  it('keeps a brief to two messages whatever the narrative, closing with a note (issue 8, item 6)', () => {
    const highlights = Array.from({ length: 400 }, (_, i) => `Item ${i}: ${'a very long observation '.repeat(10)}`);
    const messages = renderBriefSlack(makeBrief({ narrative: { summary: 'x', highlights, actions: [] } }), { ...en, buttons: briefButtons(makeBrief(), 'en') });
    expect(messages).toHaveLength(2);
    const last = messages[1]!.blocks;
    expect(last.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(last.at(-2))).toContain('brief shortened: the full lists are behind Details.');
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      expect(m.blocks.reduce((n, b) => n + blockTextLength(b), 0)).toBeLessThanOrEqual(12_000);
    }
  });

  it('escapes the header and button labels (plain_text) like every other field', () => {
    const [message] = renderBriefSlack(makeBrief(), { ...en, buttons: [{ label: '<!channel> & co', data: 'brief:2026-11-22:details' }] });
    const json = JSON.stringify(message);
    expect(json).toContain('&lt;!channel&gt; &amp; co');
    expect(json).not.toContain('<!channel>');
  });
});
