/**
 * The seam between the delivery outbox and the chat platforms. The dispatcher (src/delivery)
 * knows only this; Telegram (grammY) and Slack (Bolt/WebClient) implement it in src/transports.
 */

import type { OutboundMessage, TransportKind } from '../messages/message.js';


/** Why a send failed, with what the dispatcher needs to decide. */
export type SendFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'transient'; message: string }
  /** Bot blocked, chat not found, kicked: the subscription becomes inactive. */
  | { kind: 'permanent'; message: string };

export class SendError extends Error {
  override name = 'SendError';
  constructor(readonly failure: SendFailure) {
    super(failure.message);
  }
}

export interface Sender {
  readonly transport: TransportKind;
  /** Sends one message to a chat; resolves with the platform's message id or throws SendError. */
  send(chatId: string, message: OutboundMessage, signal?: AbortSignal): Promise<{ messageId: string }>;
}
