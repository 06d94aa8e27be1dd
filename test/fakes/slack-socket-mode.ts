/**
 * Slack's Socket Mode, loopback: `apps.connections.open` (app-level token `xapp-…` in the
 * Authorization header) issues a one-time ticket URL `ws://…/link/?ticket=…&app_id=…`; the
 * WebSocket on that URL greets with `hello` and then carries envelopes
 * `{envelope_id, type: "events_api" | "slash_commands" | "interactive", payload, accepts_response_payload}`,
 * which the app acknowledges with `{envelope_id, payload?}`. Acks are recorded with how long
 * they took; anything else the app sends is kept in `unexpected`.
 */
import { FAKE_WAIT_MS } from './waiters.js';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { acceptWebSocket, rejectUpgrade, type WebSocketConnection } from './websocket-server.js';

export const SLACK_FAKE_APP_ID = 'A0HERALD';

export interface SocketModeAck {
  envelopeId: string;
  type: EnvelopeType;
  /** The ack's `payload` as sent (`{}` for a bare `ack()`), absent when the app sent none. */
  payload?: Record<string, unknown>;
  /** Milliseconds from sending the envelope to receiving its ack. */
  ms: number;
}

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketModeFake {
  /** Tickets issued by apps.connections.open. */
  readonly opened: number;
  /** WebSocket connections currently open (each greeted with `hello`). */
  readonly connections: number;
  acks: SocketModeAck[];
  /** Text frames from the app that were not an ack of a pending envelope. */
  unexpected: string[];
  /** Delivers a slash command (the fields Slack would POST over HTTP) and resolves with its ack. */
  slashCommand(fields: Record<string, string>, timeoutMs?: number): Promise<SocketModeAck>;
  /** Delivers an interactive payload (`block_actions`, `view_submission`, …) and resolves with its ack. */
  interactive(payload: Record<string, unknown>, timeoutMs?: number): Promise<SocketModeAck>;
  /** Delivers an Events API `event_callback`; `retryAttempt` > 0 marks a redelivery. */
  event(callback: Record<string, unknown>, opts?: { retryAttempt?: number; retryReason?: string; timeoutMs?: number }): Promise<SocketModeAck>;
}

export interface SocketModeLink {
  fake: SocketModeFake;
  /** The apps.connections.open answer for an accepted app token. */
  open(origin: string): Record<string, unknown>;
  /** node:http `upgrade` handler for `/link/`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every connection (after the app had its chance to close cleanly). */
  closeAll(): void;
}

interface Pending {
  type: EnvelopeType;
  sentAt: number;
  resolve(ack: SocketModeAck): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** `onChange` runs after every connection opened or closed and every ack, so waits on the fake re-check. */
export function createSocketModeLink(appId = SLACK_FAKE_APP_ID, onChange: () => void = () => {}): SocketModeLink {
  const tickets = new Set<string>();
  const open = new Set<WebSocketConnection>();
  const pending = new Map<string, Pending>();
  let opened = 0;
  let envelopes = 0;

  const fake: SocketModeFake = {
    get opened() {
      return opened;
    },
    get connections() {
      return open.size;
    },
    acks: [],
    unexpected: [],
    slashCommand: (fields, timeoutMs) => deliver('slash_commands', fields, { accepts_response_payload: true }, timeoutMs),
    interactive: (payload, timeoutMs) => {
      // Slack lets the ack carry a response only where one means something (modal submissions, menus).
      const accepts = payload.type === 'view_submission' || payload.type === 'block_suggestion';
      return deliver('interactive', payload, { accepts_response_payload: accepts }, timeoutMs);
    },
    event: (callback, opts = {}) =>
      deliver(
        'events_api',
        callback,
        { accepts_response_payload: false, retry_attempt: opts.retryAttempt ?? 0, retry_reason: opts.retryReason ?? '' },
        opts.timeoutMs,
      ),
  };

  function deliver(type: EnvelopeType, payload: Record<string, unknown>, extra: Record<string, unknown>, timeoutMs = FAKE_WAIT_MS): Promise<SocketModeAck> {
    const connection = [...open].at(-1);
    if (!connection) return Promise.reject(new Error('slack socket mode fake: no app connected'));
    const envelopeId = `00000000-0000-4000-8000-${String(++envelopes).padStart(12, '0')}`;
    return new Promise<SocketModeAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(envelopeId);
        reject(new Error(`slack socket mode fake: no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(envelopeId, { type, sentAt: Date.now(), resolve, reject, timer });
      connection.send(JSON.stringify({ envelope_id: envelopeId, type, payload, ...extra }));
    });
  }

  function onMessage(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      fake.unexpected.push(text);
      return;
    }
    const id = typeof message.envelope_id === 'string' ? message.envelope_id : '';
    const waiting = pending.get(id);
    if (!waiting) {
      fake.unexpected.push(text);
      return;
    }
    pending.delete(id);
    clearTimeout(waiting.timer);
    const ack: SocketModeAck = { envelopeId: id, type: waiting.type, ms: Date.now() - waiting.sentAt };
    if (message.payload && typeof message.payload === 'object') ack.payload = message.payload as Record<string, unknown>;
    fake.acks.push(ack);
    waiting.resolve(ack);
    onChange();
  }

  return {
    fake,
    open(origin) {
      const ticket = `${String(++opened).padStart(8, '0')}-fake-ticket`;
      tickets.add(ticket);
      return { ok: true, url: `${origin.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${appId}` };
    },
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== '/link/' || !tickets.delete(ticket)) return rejectUpgrade(socket, 401, 'Unauthorized');
      const connection = acceptWebSocket(req, socket, head, {
        onMessage,
        onClose: (_code, c) => {
          open.delete(c);
          onChange();
        },
      });
      if (!connection) return;
      open.add(connection);
      onChange();
      connection.send(
        JSON.stringify({
          type: 'hello',
          num_connections: open.size,
          debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: appId },
        }),
      );
    },
    closeAll() {
      for (const c of open) c.terminate();
      open.clear();
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`slack socket mode fake: closed before envelope ${id} was acked`));
      }
      pending.clear();
    },
  };
}
