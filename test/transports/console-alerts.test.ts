/**
 * The alert lifecycle from the console shell (issue 10 item 5): `/alerts` lists the open alerts
 * with numbered Details buttons; Details shows the alert with Acknowledge / Resolve / Snooze as
 * numbered choices; typing a number presses the button, on both stores and in both locales.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertEvents, getAlert } from '../../src/alerts/alert-repository.js';
import { runScan } from '../../src/alerts/run-scan.js';
import { createHerald } from '../../src/herald/create-herald.js';
import { fixedClock } from '../../src/time/clock.js';
import { loadConfig, type Locale } from '../../src/config.js';
import { insertSkuDaily } from '../../src/data/sku-daily-insert.js';
import type { Store } from '../../src/data/store.js';
import { createLogger } from '../../src/log.js';
import { createConsoleTransport, type ConsoleTransport } from '../../src/transports/console/console-transport.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { DATE, series } from '../insights/anomalies/series.js';

const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const NOW = new Date('2026-11-23T06:14:00Z'); // 09:14 in Moscow

/** A console shell driven line by line: type a line, wait for the output it produces. */
class Shell {
  private out = '';
  private waiters: Array<() => void> = [];
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  transport!: ConsoleTransport;

  constructor() {
    this.output.on('data', (d: Buffer) => {
      this.out += d.toString();
      for (const w of this.waiters) w();
    });
  }

  /** Types `line` and resolves with the output after it once `done` matches that output. */
  async type(line: string, done: RegExp): Promise<string> {
    const from = this.out.length;
    const seen = new Promise<string>((resolve, reject) => {
      // A shell that never answers fails the wait instead of hanging the file.
      const timer = setTimeout(() => reject(new Error(`no ${done} after typing ${line}; got:\n${this.out.slice(from)}`)), 20_000);
      const check = () => {
        const text = this.out.slice(from);
        if (done.test(text)) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve(text);
        }
      };
      this.waiters.push(check);
    });
    this.input.write(`${line}\n`);
    return seen;
  }
}

/** The number of the button labelled `label` in the last buttons line of `text`. */
function buttonNumber(text: string, label: string): number {
  const line = text.split('\n').filter((l) => l.startsWith('[1] ')).at(-1) ?? '';
  const m = new RegExp(`\\[(\\d+)\\] ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:   |$)`).exec(line);
  if (!m) throw new Error(`no button "${label}" in: ${line}`);
  return Number(m[1]);
}

const LABELS: Record<Locale, { title: RegExp; details: string; ack: string; snooze4: string; resolve: string; acked: RegExp; snoozed: RegExp; resolved: RegExp; noButton: string }> = {
  ru: {
    title: /Открытые алерты: \d+/, details: '📊 Подробнее: Кружка керамическая (T1)', ack: '✅ Принять', snooze4: '💤 4 ч', resolve: '✔️ Решено',
    acked: /tester: принято · 09:14/, snoozed: /tester: отложено на 4 ч · 09:14/, resolved: /tester: решено · 09:14/, noButton: 'Нет кнопки с номером 9.',
  },
  en: {
    title: /Open alerts: \d+/, details: '📊 Details: Кружка керамическая (T1)', ack: '✅ Acknowledge', snooze4: '💤 4 h', resolve: '✔️ Resolve',
    acked: /tester: acknowledged · 09:14/, snoozed: /tester: snoozed for 4 h · 09:14/, resolved: /tester: resolved · 09:14/, noButton: 'There is no button 9.',
  },
};

describe.each([
  { driver: STORE_DRIVERS[0]!, locale: 'ru' as const },
  { driver: STORE_DRIVERS[1]!, locale: 'en' as const },
])('alerts in the console on $driver.driver ($locale)', ({ driver, locale }) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let typo: number;
  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
    await insertSkuDaily(store, [
      ...series({ sku: 'T1' }).map((r) => (r.day === DATE ? { ...r, price: 50, revenue: r.units * 50 } : r)),
      ...['P1', 'P2', 'P3'].flatMap((sku) => series({ sku })),
    ]);
    const scan = await runScan({ store, config }, { date: DATE, now: NOW });
    typo = scan.alerts.find((a) => a.kind === 'price_anomaly' && a.sku === 'T1')!.id;
  }, 120_000);
  afterAll(async () => cleanup?.());

  it('acknowledges, snoozes and resolves an alert by typing the numbers of its buttons', async () => {
    const herald = await createHerald(config, { store, logger: createLogger('silent'), clock: fixedClock(NOW), processMetrics: false });
    const core = await herald.chatCore();
    const shell = new Shell();
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-console-alerts-'));
    shell.transport = createConsoleTransport({ core, input: shell.input, output: shell.output, locale, timeZone: config.timeZone, dataDir, userName: 'tester' });
    await shell.transport.start();
    const t = LABELS[locale];

    const list = await shell.type('/alerts', /^\[1\] .*$/m);
    expect(list).toMatch(t.title);

    const details = await shell.type(String(buttonNumber(list, t.details)), /^\[1\] .*$/m);
    expect(details).toContain(join(dataDir, 'charts', `alert-${typo}.png`));
    // The lifecycle buttons, and no Details button in the Details view itself.
    expect(details.split('\n').at(-2)).toBe(`[1] ${t.ack}   [2] ${t.resolve}   [3] 💤 1 ${locale === 'ru' ? 'ч' : 'h'}   [4] ${t.snooze4}   [5] 💤 24 ${locale === 'ru' ? 'ч' : 'h'}`);

    const acked = await shell.type(String(buttonNumber(details, t.ack)), /^\[1\] .*$/m);
    expect(acked).toMatch(t.acked);
    expect(await getAlert(store, typo)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'tester', acknowledgedAt: NOW.toISOString() });
    expect((await alertEvents(store, typo)).at(-1)).toMatchObject({ actor: 'console:tester', action: 'acknowledged' });
    // The note comes after the alert and before the buttons the user can press next.
    expect(acked.indexOf(acked.match(t.acked)![0])).toBeLessThan(acked.lastIndexOf('[1] '));

    const snoozed = await shell.type(String(buttonNumber(acked, t.snooze4)), /^\[1\] .*$/m);
    expect(snoozed).toMatch(t.snoozed);
    expect(await getAlert(store, typo)).toMatchObject({ status: 'snoozed', snoozedUntil: new Date(NOW.getTime() + 4 * 3_600_000).toISOString() });

    const resolved = await shell.type(String(buttonNumber(snoozed, t.resolve)), /^\[1\] .*$/m);
    expect(resolved).toMatch(t.resolved);
    expect(await getAlert(store, typo)).toMatchObject({ status: 'resolved', resolvedBy: 'tester', resolveReason: 'manual' });
    expect(resolved.split('\n').filter((l) => l.startsWith('[1] ')).at(-1)).toBe(`[1] ${locale === 'ru' ? '📊 Подробнее' : '📊 Details'}`);

    expect(await shell.type('9', /\n$/)).toContain(t.noButton);
    shell.input.end();
    await shell.transport.finished;
    await herald.close();
  }, 120_000);
});
