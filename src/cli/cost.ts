import { latestRecommendations } from '../lab/history.js';
import { projectCost, type CostReport } from '../lab/cost-projection.js';
import { profileFromLogs, readProfile } from '../lab/traffic.js';
import type { Locale } from '../config.js';
import { labText } from '../locales/lab.js';
import { oneOf, parseFlags } from './args.js';
import { UsageError, type CommandRunner } from './command.js';

const FORMATS = ['text', 'json'] as const;

export const costCommand: CommandRunner = {
  async run(args, ctx) {
    const { values } = parseFlags('cost', args, { profile: { type: 'string' }, 'from-logs': { type: 'string' }, format: { type: 'string' } });
    const format = oneOf('cost', 'format', values.format, FORMATS, 'text');
    if ((values.profile === undefined) === (values['from-logs'] === undefined)) {
      throw new UsageError('cost: give either --profile FILE or --from-logs DAYS');
    }
    const days = values['from-logs'];
    if (days !== undefined && (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 3650)) {
      throw new UsageError(`cost: --from-logs: "${days}" is not a number of days from 1 to 3650`);
    }
    const config = await ctx.config();
    const store = await ctx.store();
    const profile = values.profile !== undefined ? readProfile(values.profile, 'cost') : await profileFromLogs(store, Number(days), ctx.now());
    let report: CostReport;
    try {
      report = projectCost(profile, { config, source: values.profile ? 'profile' : 'call_log', bench: await latestRecommendations(store), locale: config.locale });
    } catch (err) {
      throw new UsageError(`cost: --profile: ${(err as Error).message}`);
    }
    ctx.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCost(report, config.locale));
    return 0;
  },
};

function renderCost(r: CostReport, locale: Locale): string {
  const t = labText(locale);
  const usd = (x: number | null) => t.usd(x, 2);
  const lines = [t.cost.header(r.days, r.source, usd(r.monthlyUsd))];
  if (r.monthlyUsd === null) lines.push(t.cost.pricedOnly(usd(r.pricedMonthlyUsd), r.unpriced));
  for (const [route, c] of Object.entries(r.byRoute)) {
    lines.push(`  ${route.padEnd(10)} ${c.model.padEnd(24)} ${String(Math.round(c.calls)).padStart(8)} ${t.cost.calls}  ${usd(c.monthlyUsd)}`);
  }
  if (r.suggestions.length > 0) lines.push(t.cost.savings);
  for (const s of r.suggestions) lines.push(t.cost.saves(s.route, s.change, usd(s.monthlyUsdSaved)));
  return `${lines.join('\n')}\n`;
}
