import { describe, expect, it } from 'vitest';
import { parseCallbackData } from '../../src/messages/callback-data.js';
import { briefButtonData, briefButtons } from '../../src/render/brief-buttons.js';
import { makeBrief } from '../fixtures/brief-fixture.js';

describe('briefButtons', () => {
  it('labels the buttons in the chat language and encodes compact callback data', () => {
    expect(briefButtons(makeBrief(), 'ru')).toEqual([
      { label: 'Подробнее', data: 'brief:2026-11-22:details' },
      { label: 'График', data: 'brief:2026-11-22:chart' },
    ]);
    expect(briefButtons(makeBrief(), 'en').map((b) => b.label)).toEqual(['Details', 'Chart']);
    for (const b of briefButtons(makeBrief(), 'ru')) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
  });

  it('writes data the chat core callback parser reads back', () => {
    expect(parseCallbackData(briefButtonData('2026-11-22', 'chart'))).toEqual({ ok: true, value: { kind: 'brief', id: '2026-11-22', action: 'chart' } });
  });
});
