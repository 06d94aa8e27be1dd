/**
 * Slack's lifecycle. With SLACK_APP_TOKEN the app connects over Socket Mode (no public URL);
 * otherwise Bolt's HTTPReceiver answers POST /slack/events on Herald's shared HTTP server, so
 * health checks, metrics, the Telegram webhook and Slack share one port.
 */
import type { App } from '@slack/bolt';
import type { HttpRoute, Transport } from '../transport.js';
import { createHeraldSlackApp, SLACK_EVENTS_PATH, type HeraldSlackOptions } from './slack-app.js';

export interface SlackTransport extends Transport {
  readonly app: App;
}

export function createSlackTransport(options: HeraldSlackOptions): SlackTransport {
  const { app, receiver } = createHeraldSlackApp(options);
  const routes: HttpRoute[] = receiver ? [{ method: 'POST', path: SLACK_EVENTS_PATH, handle: receiver.requestListener }] : [];
  let socketStarted = false;
  return {
    name: 'slack',
    app,
    routes,
    async start() {
      // auth.test: a bad token fails here, at start, not at the first command.
      await app.init();
      if (!receiver) {
        await app.start();
        socketStarted = true;
      }
      options.logger.info({ mode: receiver ? 'http' : 'socket' }, 'slack: started');
    },
    async stop() {
      if (socketStarted) await app.stop();
      socketStarted = false;
    },
  };
}
