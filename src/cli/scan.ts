import { dayIn } from '../time/days.js';
import { groupAlerts } from '../alerts/alert-groups.js';
import type { AlertRecord } from '../insights/alert-record.js';
import { NoScanDataError, type ScanResult } from '../alerts/run-scan.js';
import { alertContent } from '../render/alert-content.js';
import { plainText } from '../render/alert-message.js';
import { oneOf, parseDay, parseFlags } from './args.js';
import { RuntimeError, type CommandRunner } from './command.js';

const FORMATS = ['text', 'json'] as const;

export const scanCommand: CommandRunner = {
  async run(args, ctx) {
    const { values } = parseFlags('scan', args, { date: { type: 'string' }, format: { type: 'string' }, locale: { type: 'string' } });
    const date = parseDay('scan', values.date, dayIn(ctx.now(), (await ctx.config()).timeZone));
    const format = oneOf('scan', 'format', values.format, FORMATS, 'text');
    const config = await ctx.config();
    const locale = oneOf('scan', 'locale', values.locale, ['ru', 'en'] as const, config.locale);
    const herald = await ctx.herald();
    let result: ScanResult;
    try {
      result = await herald.scan({
        ...(date ? { date } : {}),
        // One line per bad row on stderr, not a JSON log line besides.
        onBadRows: (rows) => {
          for (const r of rows) ctx.stderr.write(`scan: skipped bad row day=${r.day} sku=${r.sku}: ${r.reason}\n`);
        },
      });
    } catch (err) {
      if (err instanceof NoScanDataError) throw new RuntimeError(err.message);
      throw err;
    }
    if (format === 'json') {
      ctx.stdout.write(`${JSON.stringify({ date: result.date, alerts: result.alerts.map(toJson), resolved: result.resolved.map(toJson) }, null, 2)}\n`);
      return 0;
    }
    const opts = { locale, currency: config.data.currency, timeZone: config.timeZone };
    const messages = groupAlerts(result.alerts).map((g) => plainText(alertContent(g, opts)));
    const t = locale === 'ru' ? `Скан за ${result.date}: алертов ${result.alerts.length}` : `Scan of ${result.date}: ${result.alerts.length} alert(s)`;
    ctx.stdout.write(`${[t, ...messages].join('\n\n')}\n`);
    return 0;
  },
};

/** SPEC section 5 fields first, then extras. */
function toJson(a: AlertRecord) {
  return {
    id: a.id, kind: a.kind, sku: a.sku, metric: a.metric, observed: a.observed, expected: a.expected,
    expectedLow: a.expectedLow, expectedHigh: a.expectedHigh, severity: a.severity, dedupKey: a.dedupKey,
    status: a.status, groupId: a.groupId,
    title: a.title, category: a.category, atRisk: a.atRisk, evidence: a.evidence, firstDay: a.firstDay, scanDay: a.scanDay,
    explanation: a.explanation,
  };
}
