/**
 * The seam between the delivery outbox and the chat platforms. The dispatcher (src/delivery)
 * knows only this; Telegram (grammY) and Slack (Bolt/WebClient) implement it in src/transports.
 */

export type TransportKind = 'telegram' | 'slack' | 'console';

/** A button under a message; `data` is a compact `kind:id:action` (Telegram allows 64 bytes). */
export interface Button {
  label: string;
  data: string;
}

/**
 * One platform message, already rendered for its transport. An outbox row holds one of these, so
 * a retry resends exactly what was planned.
 */
export type OutboundMessage =
  | { format: 'telegram-html'; html: string; buttons?: Button[][] }
  | { format: 'slack-blocks'; text: string; blocks: unknown[] }
  | { format: 'text'; text: string; buttons?: Button[][] }
  | { format: 'photo'; pngBase64: string; caption?: string; filename?: string };

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
