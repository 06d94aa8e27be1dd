/**
 * `herald doctor`'s Slack lines: the bot token is accepted (`auth.test`) and carries every scope
 * slack/manifest.yml asks for (Slack lists a token's scopes in each answer's `x-oauth-scopes`).
 */
import { webApi } from '@slack/bolt';
import { failed, passed, type HealthCheck } from '../../health-check.js';

/** The bot scopes of slack/manifest.yml. */
export const REQUIRED_SLACK_SCOPES = ['chat:write', 'chat:write.public', 'files:write', 'commands', 'app_mentions:read'] as const;

export interface SlackCheckOptions {
  botToken: string;
  apiUrl?: string;
  timeoutMs?: number;
}

export async function checkSlack(options: SlackCheckOptions): Promise<HealthCheck[]> {
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 5000,
    logLevel: webApi.LogLevel.ERROR,
  });
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (err) {
    const data = (err as { data?: { error?: string } }).data;
    if (data?.error) return [failed('slack: bot token', `Slack refused the token (${data.error})`, "set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…)")];
    return [failed('slack: bot token', `Slack did not answer auth.test: ${err instanceof Error ? err.message : String(err)}`, 'check network access to slack.com (or SLACK_API_URL)')];
  }
  const checks = [passed('slack: bot token', `accepted: ${result.user ?? '?'} in ${result.team ?? '?'}`)];
  const scopes = result.response_metadata?.scopes;
  if (!scopes) checks.push(passed('slack: scopes', 'Slack did not list the token scopes'));
  else {
    const missing = REQUIRED_SLACK_SCOPES.filter((s) => !scopes.includes(s));
    checks.push(
      missing.length
        ? failed('slack: scopes', `missing ${missing.join(', ')}`, 'add them under OAuth & Permissions (or paste slack/manifest.yml) and reinstall the app')
        : passed('slack: scopes', `all ${REQUIRED_SLACK_SCOPES.length} required scopes granted`),
    );
  }
  return checks;
}
