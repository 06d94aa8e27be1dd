/**
 * `herald doctor`'s Telegram lines: the token is accepted (`getMe`) and, with a webhook, what
 * Telegram last reported about delivering to it (`getWebhookInfo`'s `last_error_message`).
 */
import { Api, GrammyError, HttpError } from 'grammy';
import { failed, passed, type HealthCheck } from '../../health-check.js';

export interface TelegramCheckOptions {
  token: string;
  apiRoot?: string;
  /** TELEGRAM_WEBHOOK_URL, when the bot runs on a webhook. */
  webhookUrl?: string;
  /** How long Telegram gets to answer (default 5 s). */
  timeoutMs?: number;
}

export async function checkTelegram(options: TelegramCheckOptions): Promise<HealthCheck[]> {
  const api = new Api(options.token, { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), timeoutSeconds: Math.ceil((options.timeoutMs ?? 5000) / 1000) });
  let me: Awaited<ReturnType<Api['getMe']>>;
  try {
    me = await api.getMe();
  } catch (err) {
    if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
      return [failed('telegram: bot token', `Telegram refused the token (${err.error_code} ${err.description})`, 'set TELEGRAM_BOT_TOKEN to the token @BotFather gave (/token)')];
    }
    const reason = err instanceof HttpError ? err.message.replace(options.token, '[token]') : err instanceof Error ? err.message.replace(options.token, '[token]') : String(err);
    return [failed('telegram: bot token', `Telegram did not answer getMe: ${reason}`, 'check network access to api.telegram.org (or TELEGRAM_API_ROOT)')];
  }
  const checks = [passed('telegram: bot token', `accepted: @${me.username} (id ${me.id})`)];
  if (!options.webhookUrl) return checks;
  const info = await api.getWebhookInfo();
  if (info.last_error_message) {
    const when = info.last_error_date ? ` at ${new Date(info.last_error_date * 1000).toISOString()}` : '';
    checks.push(failed('telegram: webhook', `Telegram's last delivery error${when}: ${info.last_error_message}`, 'make TELEGRAM_WEBHOOK_URL reach this host on PORT over HTTPS, then restart herald'));
  } else if (info.url !== options.webhookUrl) {
    checks.push(passed('telegram: webhook', `not registered yet (Telegram has "${info.url || 'none'}"); herald start registers it`));
  } else {
    checks.push(passed('telegram: webhook', `registered, ${info.pending_update_count} update(s) pending, no delivery error`));
  }
  return checks;
}
