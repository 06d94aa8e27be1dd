/**
 * A loopback OpenAI-compatible server speaking the real wire format (Chat Completions with tool
 * calls and SSE streaming, Embeddings, Audio Transcriptions) that can be scripted per model to
 * answer well, return broken JSON or the wrong shape, refuse, call tools, answer 429 with
 * Retry-After or 500, hang until the client aborts, or be slow. Records every request.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUsage {
  prompt: number;
  completion: number;
  cached: number;
}

export interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: unknown; tool_calls?: unknown; tool_call_id?: string }>;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
  tools?: Array<{ type: 'function'; function: { name: string } }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

export type Behaviour =
  | { kind: 'answer'; content?: string | ((body: ChatBody) => string); usage?: Partial<FakeUsage> }
  | { kind: 'broken_json'; usage?: Partial<FakeUsage> }
  | { kind: 'wrong_shape'; content?: string; usage?: Partial<FakeUsage> }
  | { kind: 'refusal'; message?: string }
  /** Tool calls; `calls` may read the request (e.g. take an article from an earlier tool result). */
  | { kind: 'tool_calls'; calls: FakeToolCall[] | ((body: ChatBody) => FakeToolCall[]); usage?: Partial<FakeUsage> }
  /** An answer cut at the output limit: `finish_reason: "length"`. */
  | { kind: 'length'; content?: string; usage?: Partial<FakeUsage> }
  | { kind: 'rate_limit'; retryAfter?: string }
  | { kind: 'error'; status?: number; message?: string }
  | { kind: 'hang' }
  | { kind: 'slow'; delayMs: number; then?: Behaviour }
  /** Embeddings from a function of the text (a model of known behaviour); other behaviours embed by `vectorOf`. */
  | { kind: 'embedding'; vector: (text: string) => number[] };

export interface FakeToolCall {
  name: string;
  arguments: unknown;
}

export interface RecordedRequest {
  path: string;
  /** Milliseconds the fake spent on this request, from its arrival to the end of the answer (the "model's time"). */
  serverMs: number;
  model: string;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** True when the client went away before an answer (abort, timeout). */
  aborted: boolean;
  /** Resolves when the response is finished or the connection closed. */
  closed: Promise<void>;
}

export interface OpenAIFake {
  /** Base URL for the SDK, `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Scripts a model: one behaviour for every request, or a sequence whose last entry repeats. */
  script(model: string, behaviour: Behaviour | Behaviour[]): void;
  requests: RecordedRequest[];
  /** Requests for one model. */
  requestsFor(model: string): RecordedRequest[];
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<RecordedRequest>;
  /** Forgets scripts and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT: Behaviour = { kind: 'answer', content: 'ok' };

export interface OpenAIFakeOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get OpenAI's 401 `invalid_api_key`. */
  apiKey?: string;
}

export async function startOpenAIFake(options: OpenAIFakeOptions = {}): Promise<OpenAIFake> {
  const scripts = new Map<string, Behaviour[]>();
  const requests: RecordedRequest[] = [];
  let waiters: Array<(r: RecordedRequest) => void> = [];
  let counter = 0;

  const next = (model: string): Behaviour => {
    const queue = scripts.get(model);
    if (!queue || queue.length === 0) return DEFAULT;
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  };

  const server = createServer(async (req, res) => {
    const arrived = performance.now();
    const raw = await readBody(req);
    const path = (req.url ?? '').replace(/\?.*$/, '');
    let body: Record<string, unknown> = {};
    if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': req.headers['content-type']! }, body: raw }).formData();
      for (const [k, v] of form.entries()) body[k] = typeof v === 'string' ? v : { filename: v.name, size: v.size, type: v.type };
    } else if (raw.length > 0) {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    }
    let onClose!: () => void;
    const closed = new Promise<void>((resolve) => (onClose = resolve));
    const modelPath = /^\/v1\/models\/(.+)$/.exec(path);
    const record: RecordedRequest = { path, serverMs: 0, model: modelPath ? decodeURIComponent(modelPath[1]!) : String(body.model ?? ''), body, headers: req.headers, aborted: false, closed };
    requests.push(record);
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      const message = 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.';
      return sendJson(res, 401, { error: { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    }
    // GET /v1/models/{id}: a scripted model is known, any other is not (OpenAI's 404 model_not_found).
    if (modelPath && req.method === 'GET') {
      const id = record.model;
      if (scripts.has(id)) return sendJson(res, 200, { id, object: 'model', created: 1_700_000_000, owned_by: 'fake' });
      return sendJson(res, 404, { error: { message: `The model '${id}' does not exist`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } });
    }
    res.on('finish', () => void (record.serverMs = performance.now() - arrived));
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
      onClose();
    });
    const ws = waiters;
    waiters = [];
    for (const w of ws) w(record);
    await respond(next(record.model), path, body, res, ++counter);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    script(model, behaviour) {
      scripts.set(model, Array.isArray(behaviour) ? [...behaviour] : [behaviour]);
    },
    requests,
    requestsFor: (model) => requests.filter((r) => r.model === model),
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    reset() {
      scripts.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(b: Behaviour, path: string, body: Record<string, unknown>, res: ServerResponse, n: number): Promise<void> {
  switch (b.kind) {
    case 'hang':
      return; // the response stays open until the client gives up
    case 'slow':
      await new Promise((r) => setTimeout(r, b.delayMs));
      if (res.destroyed) return;
      return respond(b.then ?? DEFAULT, path, body, res, n);
    case 'rate_limit':
      return sendError(res, 429, 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded', b.retryAfter ?? '1');
    case 'error':
      return sendError(res, b.status ?? 500, b.message ?? 'The server had an error while processing your request.', 'server_error', null);
    default:
  }
  if (path.endsWith('/embeddings')) return sendEmbeddings(body, res, b.kind === 'embedding' ? b.vector : vectorOf);
  if (path.endsWith('/audio/transcriptions')) return sendTranscription(b, body, res);
  if (!path.endsWith('/chat/completions')) return sendError(res, 404, `Unknown path ${path}`, 'invalid_request_error', 'unknown_url');
  const chat = body as unknown as ChatBody;
  let content: string | null = null;
  let refusal: string | null = null;
  let toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> | undefined;
  switch (b.kind) {
    case 'answer':
      content = typeof b.content === 'function' ? b.content(chat) : (b.content ?? 'ok');
      break;
    case 'broken_json':
      content = '{"summary": "Выручка выросла на 12 %", "highlights": ["';
      break;
    case 'wrong_shape':
      content = b.content ?? '{"text": "неверная форма", "items": 3}';
      break;
    case 'refusal':
      refusal = b.message ?? "I'm sorry, I can't help with that.";
      break;
    case 'length':
      content = b.content ?? 'Выручка за неделю составила';
      break;
    case 'tool_calls':
      toolCalls = (typeof b.calls === 'function' ? b.calls(chat) : b.calls).map((c, i) => ({
        id: `call_${n}_${i}`,
        type: 'function',
        function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
      }));
      break;
  }
  const scripted = 'usage' in b ? b.usage : undefined;
  const usage = {
    prompt: scripted?.prompt ?? Math.ceil(JSON.stringify(chat.messages ?? []).length / 4),
    completion: scripted?.completion ?? Math.ceil((content ?? refusal ?? JSON.stringify(toolCalls ?? '')).length / 4),
    cached: scripted?.cached ?? 0,
  };
  const wireUsage = {
    prompt_tokens: usage.prompt,
    completion_tokens: usage.completion,
    total_tokens: usage.prompt + usage.completion,
    prompt_tokens_details: { cached_tokens: usage.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  const id = `chatcmpl-fake${n}`;
  const created = Math.floor(Date.now() / 1000);
  const finish = toolCalls ? 'tool_calls' : b.kind === 'length' ? 'length' : 'stop';
  if (chat.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: chat.model, system_fingerprint: 'fp_fake', choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '', refusal: null }, null));
    if (content !== null) for (const piece of content.match(/[\s\S]{1,16}/g) ?? []) res.write(chunk({ content: piece }, null));
    if (refusal !== null) res.write(chunk({ refusal }, null));
    toolCalls?.forEach((tc, index) => res.write(chunk({ tool_calls: [{ index, ...tc }] }, null)));
    res.write(chunk({}, finish));
    if (chat.stream_options?.include_usage) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: chat.model, system_fingerprint: 'fp_fake', choices: [], usage: wireUsage })}\n\n`);
    }
    res.end('data: [DONE]\n\n');
    return;
  }
  sendJson(res, 200, {
    id,
    object: 'chat.completion',
    created,
    model: chat.model,
    system_fingerprint: 'fp_fake',
    service_tier: 'default',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal, annotations: [], ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: finish,
      },
    ],
    usage: wireUsage,
  });
}

function sendEmbeddings(body: Record<string, unknown>, res: ServerResponse, vector: (text: string) => number[]): void {
  const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
  const data = input.map((text, index) => ({ object: 'embedding', index, embedding: vector(text) }));
  const tokens = input.reduce((s, t) => s + Math.ceil(t.length / 4), 0);
  sendJson(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** A deterministic 8-dimensional unit vector per text. */
export function vectorOf(text: string): number[] {
  const h = createHash('sha256').update(text).digest();
  const v = Array.from({ length: 8 }, (_, i) => h[i]! / 255 - 0.5);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function sendTranscription(b: Behaviour, body: Record<string, unknown>, res: ServerResponse): void {
  const text = b.kind === 'answer' && typeof b.content === 'string' ? b.content : 'Сколько продали вчера?';
  const file = body.file as { size?: number } | undefined;
  if (body.response_format === 'verbose_json') {
    // whisper-1 style: billed per second, so the duration is what matters.
    const duration = Math.max(1, Math.round((file?.size ?? 16000) / 16000));
    sendJson(res, 200, { task: 'transcribe', language: 'russian', duration, text, segments: [] });
    return;
  }
  sendJson(res, 200, { text, usage: { type: 'tokens', input_tokens: 120, output_tokens: 12, total_tokens: 132, input_token_details: { audio_tokens: 120, text_tokens: 0 } } });
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null, retryAfter?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': `req_fake_${Date.now()}` };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers);
  res.end(JSON.stringify({ error: { message, type, param: null, code } }));
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_fake_${Date.now()}` });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
