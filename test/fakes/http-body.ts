/**
 * Reads a request body the way the Bot API server does: JSON, `application/x-www-form-urlencoded`,
 * `multipart/form-data` (grammY switches to multipart as soon as a payload holds an `InputFile`) or
 * query-string parameters on GET. Non-file fields arrive as strings in forms; objects in forms
 * (`reply_markup`, `commands`) are JSON strings, exactly as on the wire.
 */
import type { IncomingMessage } from 'node:http';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface ParsedBody {
  fields: Record<string, unknown>;
  files: UploadedFile[];
}

export async function readBody(req: IncomingMessage, url: URL): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const fields: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (raw.length === 0) return { fields, files: [] };
  if (type.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed && typeof parsed === 'object') Object.assign(fields, parsed);
    return { fields, files: [] };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(fields, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
    return { fields, files: [] };
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data') && boundary) {
    return parseMultipart(raw, boundary[1] ?? boundary[2] ?? '', fields);
  }
  throw new BodyError(`unsupported content-type "${type}"`);
}

export class BodyError extends Error {
  override name = 'BodyError';
}

function parseMultipart(raw: Buffer, boundary: string, fields: Record<string, unknown>): ParsedBody {
  const files: UploadedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = raw.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    // grammY writes `filename=chart.png` unquoted; browsers quote it.
    const fm = /filename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(headers);
    const filename = fm ? (fm[1] ?? fm[2] ?? '').trim() : undefined;
    if (name !== undefined) {
      if (filename !== undefined) {
        const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
        files.push({ field: name, filename, contentType, size: content.length });
      } else {
        fields[name] = content.toString('utf8');
      }
    }
    start = next;
  }
  return { fields, files };
}

/** A field that may be an object (JSON body) or a JSON string (form body). */
export function jsonField(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
