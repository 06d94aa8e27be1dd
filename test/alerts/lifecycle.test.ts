import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alertEvents, applyAction, getAlert, listAlerts } from '../../src/alerts/alert-repository.js';
import { expireSnoozes } from '../../src/alerts/auto-resolve.js';
import { dueNewNotifications, dueRenotifications, dueResolvedNotices, markNotified } from '../../src/alerts/notifications.js';
import { runScan } from '../../src/alerts/run-scan.js';
import { loadConfig } from '../../src/config.js';
import { insertSkuDaily } from '../../src/data/sku-daily-insert.js';
import type { Store } from '../../src/data/store.js';
import { addDays } from '../../src/time/days.js';
import type { SkuDay } from '../../src/insights/types.js';
import { DATE, series } from '../insights/anomalies/series.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const ivan = { id: 'telegram:42', name: 'Иван' };
const at = (iso: string) => new Date(iso);
/** The store of the driver under test (each driver's suite sets it in its beforeAll). */
let store: Store;

async function load(rows: SkuDay[]) {
  await insertSkuDaily(store, rows);
}
/** A SKU that is out of stock on the given days and normal otherwise. */
function outOn(sku: string, days: string[], category = 'Посуда'): SkuDay[] {
  return series({ sku, category }).map((r) => (days.includes(r.day) ? { ...r, units: 0, orders: 0, revenue: 0, stock: 0 } : r));
}
const scan = (date: string, now = at(`${addDays(date, 1)}T06:00:00Z`)) => runScan({ store, config }, { date, now });

describe.each(STORE_DRIVERS)('alerts on $driver', ({ open }) => {
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => cleanup?.());
  beforeEach(async () => {
    await store.exec('truncate sku_daily, etl_runs, alerts, alert_events restart identity cascade');
  });

  describe('alert lifecycle over scans', () => {
    it('updates the same alert when the same day is scanned again, never duplicating it', async () => {
      await load(outOn('A1', [DATE]));
      const first = await scan(DATE);
      const second = await scan(DATE);
      expect(first.alerts.map((a) => a.kind)).toEqual(['stockout']);
      expect(second.alerts[0]!.id).toBe(first.alerts[0]!.id);
      expect(second.opened).toEqual([]);
      expect(second.updated).toEqual([first.alerts[0]!.id]);
      expect(await store.query('select 1 from alerts')).toHaveLength(1);
      expect((await alertEvents(store, first.alerts[0]!.id)).map((e) => e.action)).toEqual(['opened', 'updated']);
    });

    it('keeps one alert while the problem lasts for several days', async () => {
      const d1 = addDays(DATE, -1);
      await load(outOn('A1', [d1, DATE]));
      const a = await scan(d1);
      const b = await scan(DATE);
      expect(b.alerts[0]!.id).toBe(a.alerts[0]!.id);
      expect(b.alerts[0]).toMatchObject({ firstDay: d1, scanDay: DATE, status: 'open' });
      expect(b.alerts[0]!.evidence.daysOut).toBe(2);
    });

    it('auto-resolves after the metric is back to normal for N days, audited and announced once', async () => {
      const d2 = addDays(DATE, -2);
      await load(outOn('A1', [d2]));
      const opened = await scan(d2);
      const id = opened.alerts[0]!.id;
      await markNotified(store, [id], 'new', at(`${d2}T10:00:00Z`));
      expect((await scan(addDays(DATE, -1))).resolved).toEqual([]); // one normal day: not yet
      const last = await scan(DATE);
      expect(last.resolved.map((a) => a.id)).toEqual([id]);
      expect(await getAlert(store, id)).toMatchObject({ status: 'resolved', resolveReason: 'auto', resolvedBy: 'Herald' });
      expect((await alertEvents(store, id)).map((e) => e.action)).toContain('auto_resolved');
      expect((await dueResolvedNotices(store)).map((a) => a.id)).toEqual([id]);
      await markNotified(store, [id], 'resolved', at(`${DATE}T10:00:00Z`));
      expect(await dueResolvedNotices(store)).toEqual([]);
    });

    it('does not reopen a problem a person resolved when the same day is rescanned, but does the next day', async () => {
      const d1 = addDays(DATE, -1);
      await load(outOn('A1', [d1, DATE]));
      const first = await scan(d1);
      await applyAction(store, first.alerts[0]!.id, { type: 'resolve', actor: ivan }, at(`${DATE}T07:00:00Z`));
      const again = await scan(d1);
      expect(again.opened).toEqual([]);
      expect(again.alerts[0]).toMatchObject({ id: first.alerts[0]!.id, status: 'resolved', resolvedBy: 'Иван' });
      const next = await scan(DATE);
      expect(next.opened).toHaveLength(1);
      expect(next.alerts[0]!.id).not.toBe(first.alerts[0]!.id);
    });

    it('groups many SKUs of one category hit by one cause under one groupId', async () => {
      await load([...outOn('C1', [DATE], 'Одежда'), ...outOn('C2', [DATE], 'Одежда'), ...outOn('C3', [DATE], 'Одежда'), ...series({ sku: 'P1' }), ...series({ sku: 'P2' }), ...series({ sku: 'P3' }), ...series({ sku: 'P4' }), ...series({ sku: 'P5' }), ...series({ sku: 'P6' }), ...series({ sku: 'P7' })]);
      const r = await scan(DATE);
      expect(r.alerts.map((a) => a.sku).sort()).toEqual(['C1', 'C2', 'C3']);
      expect(new Set(r.alerts.map((a) => a.groupId))).toEqual(new Set(['stockout:cat:Одежда']));
    });

    it('skips and reports bad rows instead of failing the scan', async () => {
      const rows = outOn('A1', [DATE]);
      const bad = { ...rows.at(-1)!, sku: 'B1', units: -3 };
      const dup = series({ sku: 'D1' }).at(-1)!;
      await load([...rows, bad, ...series({ sku: 'D1' }), dup]);
      const r = await scan(DATE);
      expect(r.badRows.map((b) => b.sku).sort()).toEqual(['B1', 'D1', 'D1']);
      expect(r.alerts.map((a) => a.sku)).toEqual(['A1']);
    });
  });

  describe('acknowledge, snooze, resolve and re-notify', () => {
    async function openCritical(): Promise<number> {
      await load(series({ price: 500 }).map((r) => (r.day === DATE ? { ...r, price: 50 } : r)));
      const r = await scan(DATE);
      expect(r.alerts[0]).toMatchObject({ kind: 'price_anomaly', severity: 'critical' });
      return r.alerts[0]!.id;
    }

    it('re-notifies an unacknowledged critical alert after the repeat interval, and stops once acknowledged', async () => {
      const id = await openCritical();
      expect((await dueNewNotifications(store)).map((a) => a.id)).toEqual([id]);
      await markNotified(store, [id], 'new', at('2026-11-23T06:00:00Z'));
      expect(await dueNewNotifications(store)).toEqual([]);
      expect(await dueRenotifications(store, at('2026-11-23T09:59:00Z'), config.alerts)).toEqual([]);
      expect((await dueRenotifications(store, at('2026-11-23T10:00:00Z'), config.alerts)).map((a) => a.id)).toEqual([id]);
      const acked = await applyAction(store, id, { type: 'acknowledge', actor: ivan }, at('2026-11-23T10:01:00Z'));
      expect(acked).toMatchObject({ ok: true, alert: { status: 'acknowledged', acknowledgedBy: 'Иван', acknowledgedAt: '2026-11-23T10:01:00.000Z' } });
      expect(await dueRenotifications(store, at('2026-11-23T20:00:00Z'), config.alerts)).toEqual([]);
    });

    it('wakes a snoozed alert when the snooze expires, back to the state it had', async () => {
      const id = await openCritical();
      await applyAction(store, id, { type: 'snooze', actor: ivan, hours: 1 }, at('2026-11-23T06:00:00Z'));
      expect(await expireSnoozes(store, at('2026-11-23T06:59:00Z'))).toEqual([]);
      expect((await getAlert(store, id))!.status).toBe('snoozed');
      const woke = await expireSnoozes(store, at('2026-11-23T07:00:00Z'));
      expect(woke.map((a) => a.status)).toEqual(['open']);

      await applyAction(store, id, { type: 'acknowledge', actor: ivan }, at('2026-11-23T07:05:00Z'));
      await applyAction(store, id, { type: 'snooze', actor: ivan, hours: 4 }, at('2026-11-23T07:10:00Z'));
      const again = await expireSnoozes(store, at('2026-11-23T11:10:00Z'));
      expect(again.map((a) => a.status)).toEqual(['acknowledged']);
      const trail = (await alertEvents(store, id)).map((e) => `${e.actor}:${e.action}`);
      expect(trail).toEqual(['herald:opened', 'telegram:42:snoozed', 'herald:snooze_expired', 'telegram:42:acknowledged', 'telegram:42:snoozed', 'herald:snooze_expired']);
    });

    it('refuses to act on a resolved alert and to acknowledge twice', async () => {
      const id = await openCritical();
      expect(await applyAction(store, id, { type: 'acknowledge', actor: ivan }, at('2026-11-23T06:00:00Z'))).toMatchObject({ ok: true });
      expect(await applyAction(store, id, { type: 'acknowledge', actor: ivan }, at('2026-11-23T06:01:00Z'))).toMatchObject({ ok: false, reason: 'already_acknowledged' });
      await applyAction(store, id, { type: 'resolve', actor: ivan }, at('2026-11-23T06:02:00Z'));
      expect(await applyAction(store, id, { type: 'snooze', actor: ivan, hours: 24 }, at('2026-11-23T06:03:00Z'))).toMatchObject({ ok: false, reason: 'resolved' });
      expect(await applyAction(store, 999_999, { type: 'resolve', actor: ivan }, at('2026-11-23T06:03:00Z'))).toMatchObject({ ok: false, reason: 'not_found' });
      expect(await listAlerts(store, { statuses: ['open', 'acknowledged', 'snoozed'] })).toEqual([]);
    });
  });
});
