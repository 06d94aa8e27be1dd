/**
 * Button payloads: a compact `kind:id:action` string, e.g. `brief:2026-11-22:chart` or
 * `alert:1234:ack`. Telegram allows 64 bytes of callback_data, so the encoding carries only a
 * record's id, never its content. A payload comes back from the chat client and is therefore
 * untrusted: `parseCallbackData` checks its shape, and the handler for its `kind` must look the id
 * up in the store before acting (see interactions.ts).
 */

/** Telegram's limit for `callback_data`, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

export interface CallbackData {
  /** Which handler owns it: `brief`, `alert`, … */
  kind: string;
  /** The record's id (a day, a numeric id); no colons. */
  id: string;
  action: string;
}

export type ParsedCallbackData = { ok: true; value: CallbackData } | { ok: false; reason: string };

const KIND = /^[a-z][a-z0-9_]{0,15}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const ACTION = /^[a-z][a-z0-9_]{0,15}$/;

/** Encodes a payload; throws when a part is malformed or the whole exceeds 64 bytes (a bug). */
export function encodeCallbackData(data: CallbackData): string {
  const problem = checkParts(data);
  if (problem) throw new Error(`callback data: ${problem}`);
  const text = `${data.kind}:${data.id}:${data.action}`;
  if (Buffer.byteLength(text, 'utf8') > CALLBACK_DATA_MAX_BYTES) {
    throw new Error(`callback data: "${text}" is longer than ${CALLBACK_DATA_MAX_BYTES} bytes`);
  }
  return text;
}

/** Parses untrusted callback data; failure is a value (anyone can send any bytes). */
export function parseCallbackData(raw: string): ParsedCallbackData {
  if (Buffer.byteLength(raw, 'utf8') > CALLBACK_DATA_MAX_BYTES) return { ok: false, reason: 'too long' };
  const parts = raw.split(':');
  if (parts.length !== 3) return { ok: false, reason: 'not kind:id:action' };
  const [kind, id, action] = parts as [string, string, string];
  const value = { kind, id, action };
  const problem = checkParts(value);
  return problem ? { ok: false, reason: problem } : { ok: true, value };
}

function checkParts({ kind, id, action }: CallbackData): string | null {
  if (!KIND.test(kind)) return `bad kind "${kind}"`;
  if (!ID.test(id)) return `bad id "${id}"`;
  if (!ACTION.test(action)) return `bad action "${action}"`;
  return null;
}
