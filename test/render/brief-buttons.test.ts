import { describe, expect, it } from 'vitest';
import { briefButtonData, briefButtons, parseBriefButtonData } from '../../src/render/brief-buttons.js';
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

  it('reads back the data it wrote and rejects anything else', () => {
    expect(parseBriefButtonData(briefButtonData('2026-11-22', 'chart'))).toEqual({ date: '2026-11-22', action: 'chart' });
    expect(parseBriefButtonData('alert:42:ack')).toBeNull();
    expect(parseBriefButtonData('brief:2026-11-22:delete')).toBeNull();
  });
});
