/**
 * The one seam between Herald and a chat platform. `herald start` starts every transport whose
 * credentials are set; each turns the platform's messages and button presses into calls on the
 * core (`ChatCore`, src/chat/chat-commands.ts) and renders the core's neutral replies back.
 * Outgoing broadcasts (briefs, alerts) do not go through a transport but through the delivery
 * outbox and a `Sender` (src/delivery/sender.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TransportKind } from '../messages/message.js';

export interface Transport {
  readonly name: TransportKind;
  /** Connects (long polling, Socket Mode, webhook registration) and starts answering. */
  start(): Promise<void>;
  /** Stops taking new updates and waits for the ones being handled. */
  stop(): Promise<void>;
  /** HTTP endpoints the transport needs on Herald's server (webhooks); empty in polling/socket modes. */
  readonly routes: HttpRoute[];
}

/** A handler mounted on the shared HTTP server (src/monitor/http-server.ts). */
export interface HttpRoute {
  method: 'POST' | 'GET';
  /** Exact path, e.g. `/slack/events` or the path of TELEGRAM_WEBHOOK_URL. */
  path: string;
  /**
   * `body` is the request's whole body, already read by the server, which refuses one larger
   * than MAX_WEBHOOK_BODY_BYTES with 413 before the route is called.
   */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void | Promise<void>;
}

/**
 * 1 MiB: a Telegram update or a Slack payload is a few kilobytes (Slack's largest, a view
 * submission, stays well under this); without a limit one request could take the process's memory.
 */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
