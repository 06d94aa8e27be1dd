/**
 * The server side of a WebSocket (RFC 6455) on a node:http `upgrade`, enough for loopback fakes:
 * the opening handshake (`Sec-WebSocket-Accept` = base64 SHA-1 of the key and the protocol GUID,
 * no extensions or subprotocols negotiated), masked client frames, fragmented messages, text and
 * binary data, ping → pong with the same payload, and the close handshake. Server frames go
 * unmasked, as the protocol requires.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface WebSocketConnection {
  /** Sends a text message. */
  send(text: string): void;
  /** Starts the close handshake; the socket ends when the peer answers (or after `timeoutMs`). */
  close(code?: number, reason?: string, timeoutMs?: number): void;
  /** Drops the TCP connection without a close frame. */
  terminate(): void;
  readonly closed: boolean;
}

export interface WebSocketHandlers {
  onMessage(text: string, connection: WebSocketConnection): void;
  onClose?(code: number | null, connection: WebSocketConnection): void;
  /** Called for each client ping (answered with a pong carrying the same payload). */
  onPing?(payload: Buffer): void;
}

/**
 * Completes the opening handshake on an `upgrade` request, or answers 400 and returns null when the
 * request is not a valid WebSocket upgrade.
 */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, handlers: WebSocketHandlers): WebSocketConnection | null {
  const key = req.headers['sec-websocket-key'];
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  if (req.method !== 'GET' || upgrade !== 'websocket' || typeof key !== 'string' || req.headers['sec-websocket-version'] !== '13') {
    rejectUpgrade(socket, 400, 'Bad Request');
    return null;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));

  let buffer: Buffer = Buffer.alloc(0);
  let fragments: Buffer[] = [];
  let fragmentOp = 0;
  let closeSent = false;
  let closed = false;
  let closeTimer: NodeJS.Timeout | undefined;

  const finish = (code: number | null) => {
    if (closed) return;
    closed = true;
    clearTimeout(closeTimer);
    socket.destroy();
    handlers.onClose?.(code, connection);
  };

  const connection: WebSocketConnection = {
    send(text) {
      if (closed || closeSent) return;
      socket.write(frame(OP.text, Buffer.from(text, 'utf8')));
    },
    close(code = 1000, reason = '', timeoutMs = 1000) {
      if (closed || closeSent) return;
      closeSent = true;
      socket.write(frame(OP.close, closePayload(code, reason)));
      closeTimer = setTimeout(() => finish(null), timeoutMs);
    },
    terminate() {
      finish(null);
    },
    get closed() {
      return closed;
    },
  };

  const failConnection = (code: number) => {
    if (!closeSent) {
      closeSent = true;
      socket.write(frame(OP.close, closePayload(code, '')));
    }
    finish(code);
  };

  const onData = (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    for (;;) {
      const parsed = parseFrame(buffer);
      if (parsed === 'incomplete') return;
      if (parsed === 'unmasked') return failConnection(1002);
      buffer = buffer.subarray(parsed.length);
      const { fin, opcode, payload } = parsed;
      if (opcode === OP.ping) {
        handlers.onPing?.(payload);
        if (!closeSent) socket.write(frame(OP.pong, payload));
      } else if (opcode === OP.pong) {
        // Unsolicited pongs are allowed and ignored.
      } else if (opcode === OP.close) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        if (!closeSent) {
          closeSent = true;
          socket.write(frame(OP.close, payload.length >= 2 ? payload.subarray(0, 2) : Buffer.alloc(0)));
        }
        socket.end();
        return finish(code);
      } else if (opcode === OP.text || opcode === OP.binary || opcode === OP.continuation) {
        if (opcode !== OP.continuation) {
          fragmentOp = opcode;
          fragments = [];
        }
        fragments.push(payload);
        if (fin) {
          const message = Buffer.concat(fragments);
          fragments = [];
          if (fragmentOp === OP.text) handlers.onMessage(message.toString('utf8'), connection);
        }
      } else {
        return failConnection(1002);
      }
    }
  };

  socket.on('data', onData);
  socket.on('error', () => finish(null));
  socket.on('close', () => finish(null));
  if (head.length > 0) onData(head);
  return connection;
}

export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

type ParsedFrame = { fin: boolean; opcode: number; payload: Buffer; length: number };

function parseFrame(buf: Buffer): ParsedFrame | 'incomplete' | 'unmasked' {
  if (buf.length < 2) return 'incomplete';
  const b0 = buf[0]!;
  const b1 = buf[1]!;
  if ((b1 & 0x80) === 0) return 'unmasked'; // a client must mask every frame
  let len = b1 & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return 'incomplete';
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return 'incomplete';
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  if (buf.length < offset + 4 + len) return 'incomplete';
  const mask = buf.subarray(offset, offset + 4);
  const payload = Buffer.from(buf.subarray(offset + 4, offset + 4 + len));
  for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i & 3]!;
  return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload, length: offset + 4 + len };
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const header = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (len < 126) {
    header[1] = len;
  } else if (len < 65536) {
    header[1] = 126;
    header.writeUInt16BE(len, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([header, payload]);
}

function closePayload(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8');
  const out = Buffer.alloc(2 + text.length);
  out.writeUInt16BE(code, 0);
  text.copy(out, 2);
  return out;
}
