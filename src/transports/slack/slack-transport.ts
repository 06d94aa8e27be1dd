/**
 * Slack's lifecycle. With SLACK_APP_TOKEN the app connects over Socket Mode (no public URL);
 * otherwise Bolt's HTTPReceiver answers POST /slack/events on Herald's shared HTTP server, so
 * health checks, metrics, the Telegram webhook and Slack share one port.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, HTTPReceiver } from '@slack/bolt';
import { DEFAULT_START_TIMEOUT_MS, TransportStartError } from '../reach-platform.js';
import type { HttpRoute, Transport } from '../transport.js';
import { createHeraldSlackApp, SLACK_API_URL, SLACK_EVENTS_PATH, type HeraldSlackOptions } from './slack-app.js';

export interface SlackTransportOptions extends HeraldSlackOptions {
  /**
   * The wall clock (epoch ms) request timestamps are checked against. Default `Date.now`: the
   * clock Bolt checks stale requests with — not Herald's `now`, which HERALD_NOW may pin to a day.
   */
  clock?: () => number;
  /**
   * How long `start()` may take before it fails with "cannot reach Slack at …" (default 30 000 ms,
   * HERALD_TRANSPORT_START_TIMEOUT_MS).
   */
  startTimeoutMs?: number;
}

export interface SlackTransport extends Transport {
  readonly app: App;
}

/** Slack signs a request with its timestamp and allows five minutes of clock skew either way. */
const MAX_SKEW_SECONDS = 5 * 60;

export function createSlackTransport(options: SlackTransportOptions): SlackTransport {
  const { app, receiver, connect } = createHeraldSlackApp(options);
  const routes: HttpRoute[] = receiver ? [{ method: 'POST', path: SLACK_EVENTS_PATH, handle: guarded(receiver, options.clock ?? Date.now) }] : [];
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let socketStarted = false;
  return {
    name: 'slack',
    app,
    routes,
    async start() {
      const started = Date.now();
      // auth.test: a bad token fails here, at start, not at the first command; an unreachable
      // Slack fails after the time-out with one line.
      await connect(timeoutMs);
      if (!receiver) {
        const left = Math.max(1, timeoutMs - (Date.now() - started));
        await socketModeWithin(app, left, `cannot reach Slack at ${options.apiUrl ?? SLACK_API_URL}: Socket Mode did not connect in ${timeoutMs} ms`);
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

/**
 * Bolt checks a request's signature and that its timestamp is not older than five minutes, but
 * not that it is not from the future: a request signed "in ten minutes" would stay replayable
 * for fifteen. It is refused here, before Bolt, like a stale one. The body arrives buffered (and
 * size-limited) from Herald's HTTP server and is handed to Bolt as its `rawBody`.
 */
function guarded(receiver: HTTPReceiver, clock: () => number): HttpRoute['handle'] {
  return (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(timestamp) && timestamp - clock() / 1000 > MAX_SKEW_SECONDS) {
      res.writeHead(401).end();
      return;
    }
    receiver.requestListener(Object.assign(req, { rawBody: body }), res);
  };
}

/** Socket Mode's connection (apps.connections.open, then the WebSocket) under the same deadline. */
async function socketModeWithin(app: App, timeoutMs: number, failure: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransportStartError(failure)), timeoutMs);
  });
  try {
    await Promise.race([app.start(), timedOut]);
  } catch (err) {
    // Stop the client's own reconnect loop, or it would keep the process alive.
    await app.stop().catch(() => {});
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
