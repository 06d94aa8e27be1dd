/**
 * Idempotency keys of the outbox. A planned message group (a chat's brief for a day, an alert
 * notice) has one group key, `brief:2026-11-22:tg:-100123`; each of its parts (a long brief is
 * split into several messages) gets `:1`, `:2`… on top. A group is planned once: planning it again
 * is a no-op, whatever the new rendering looks like, so a chat never gets half of a second copy.
 */
import type { TransportKind } from '../messages/message.js';

const TRANSPORT_CODES: Record<TransportKind, string> = { telegram: 'tg', slack: 'slack', console: 'console' };

/** What a group of messages is about: `brief` + the day, or `alert` + the alert id and notice. */
export interface DeliverySubject {
  kind: string;
  /** The day, the alert's id (and reason), … — whatever makes the subject unique within its kind. */
  ref: string;
}

export function deliveryGroupKey(subject: DeliverySubject, transport: TransportKind, chatId: string): string {
  if (!/^[a-z_]+$/.test(subject.kind)) throw new Error(`delivery kind must be lower-case letters, got "${subject.kind}"`);
  return `${subject.kind}:${subject.ref}:${TRANSPORT_CODES[transport]}:${chatId}`;
}

export function deliveryKey(groupKey: string, part: number): string {
  return `${groupKey}:${part}`;
}
