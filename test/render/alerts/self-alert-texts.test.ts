/**
 * A self-alert read by people, in ru and en: its kind, subject, numbers in its own unit, what it
 * means and the runbook link; the same buttons as a shop alert; Details with the audit trail.
 */
import { describe, expect, it } from 'vitest';
import type { SelfAlertRecord } from '../../../src/insights/alert-record.js';
import { alertDetailsReply } from '../../../src/render/alert-details.js';
import { renderAlertMessage } from '../../../src/render/alert-message.js';
import { config } from './kinds.js';

const alert = (over: Partial<SelfAlertRecord> = {}): SelfAlertRecord => ({
  id: 42, audience: 'ops', kind: 'latency_regression', sku: null, title: 'gpt-5-mini', category: null, metric: 'latency_seconds',
  observed: 9.1, expected: 2.05, expectedLow: 0, expectedHigh: 4.1, severity: 'warning', atRisk: 0,
  evidence: { calls: 80, baselineCalls: 5000, p95Ms: 9100, baselineP95Ms: 2050 }, dedupKey: 'latency_regression:gpt-5-mini',
  status: 'open', groupId: null, firstSeen: '2026-11-25T08:45:00.000Z', lastSeen: '2026-11-25T08:45:00.000Z', firstDay: '2026-11-25',
  scanDay: '2026-11-25', acknowledgedBy: null, acknowledgedAt: null, snoozedUntil: null, resolvedBy: null, resolvedAt: null,
  resolveReason: null, lastNotifiedAt: null, notifyCount: 0, resolvedNotifiedAt: null, explanation: null, ...over,
});
const o = (locale: 'ru' | 'en') => ({ locale, currency: 'RUB', timeZone: 'Europe/Moscow', reason: 'new' as const, runbookUrl: 'https://example.org/ops.md' });
const text = (m: ReturnType<typeof renderAlertMessage>) => (m.format === 'text' ? m.text : '');

describe('self-alert texts', () => {
  it('says the kind, the subject, the numbers in seconds and links the runbook (ru)', () => {
    const m = renderAlertMessage([alert()], o('ru'), 'text');
    expect(text(m).split('\n')).toEqual([
      '🟠 Внимание · Модель замедлилась — gpt-5-mini',
      'p95 9,1 с сегодня против 2,1 с за прошлую неделю (80 вызовов)',
      'Модель gpt-5-mini отвечает заметно медленнее, чем на прошлой неделе.',
      '📖 Что делать: https://example.org/ops.md#latency_regression',
    ]);
    expect(m.format === 'text' && m.buttons?.flat().map((b) => b.data)).toEqual(['alert:42:ack', 'alert:42:res', 'alert:42:det', 'alert:42:snz1', 'alert:42:snz4', 'alert:42:snz24']);
  });

  it('formats spend in dollars and the budget scope (en)', () => {
    const m = renderAlertMessage([alert({ kind: 'budget_exceeded', title: 'global', metric: 'cost_usd', observed: 8.02, expected: 5, evidence: { scope: 'global', day: '2026-11-25' } })], o('en'), 'text');
    expect(text(m)).toContain('Model budget spent — global');
    expect(text(m)).toContain('Spent $8.02 of $5 (budget: global)');
    expect(text(m)).toContain('https://example.org/ops.md#budget_exceeded');
  });

  it('reads the ops etl_stale like the shop one, with the runbook link', () => {
    const m = renderAlertMessage([alert({
      kind: 'etl_stale', title: null, metric: 'hours_since_etl', observed: 30.2, expected: 24, expectedHigh: 24, severity: 'critical',
      evidence: { lastOkFinishedAt: '2026-11-22T00:02:00.000Z', expectedBy: '08:00', timeZone: 'Europe/Moscow' }, dedupKey: 'etl_stale:2026-11-25',
    })], o('en'), 'text');
    expect(text(m)).toMatch(/^🔴 Critical · /);
    expect(text(m)).toContain('https://example.org/ops.md#etl_stale');
  });

  it('shows Details with its evidence and audit trail, without a chart', () => {
    const reply = alertDetailsReply(alert(), [], [{ alertId: 42, at: '2026-11-25T08:45:00.000Z', actor: 'herald', action: 'opened', details: {} }], { ...o('en'), thresholds: config.thresholds.detectors });
    expect(reply.blocks.map((b) => b.type)).toEqual(['heading', 'text']);
    const body = reply.blocks[1]!.type === 'text' ? reply.blocks[1]!.text : '';
    expect(body).toContain('p95Ms=9100');
    expect(body).toContain('opened');
    expect(reply.buttons?.flat().some((b) => b.data === 'alert:42:det')).toBe(false);
  });
});
