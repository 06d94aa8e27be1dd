/**
 * The messages every layer shares: what a chat platform is called, a button, and one outbound
 * message already rendered for its platform. Render produces them, delivery stores and sends them,
 * transports put them on the wire; this module imports nothing.
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
