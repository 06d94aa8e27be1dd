/**
 * The id under which a Slack request is claimed once in `processed_updates`, so that a delivery
 * seen before — Slack retrying (X-Slack-Retry-Num) because our answer was late, or the same
 * signed request replayed within its five-minute window — is acknowledged but not acted on,
 * whichever replica receives it and across restarts:
 * - Events API: the `event_id` (stored bare, as before);
 * - slash commands, button presses and other interactions: the `trigger_id`, which Slack makes
 *   anew for every invocation (two users, or one user twice, never share one);
 * - a request with neither: a hash of the whole payload, so only an identical one is a repeat.
 */
import { createHash } from 'node:crypto';

export function slackReplayKey(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const b = body as { event_id?: unknown; trigger_id?: unknown; type?: unknown };
  if (typeof b.event_id === 'string' && b.event_id !== '') return b.event_id;
  if (typeof b.trigger_id === 'string' && b.trigger_id !== '') return `trigger:${b.trigger_id}`;
  // url_verification and ssl_check never reach the app; anything else is keyed by its content.
  return `payload:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}
