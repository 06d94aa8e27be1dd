import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIFake, type OpenAIFake } from './openai-fake.js';

/** The fake must speak the wire format the real SDK parses, streaming included. */
describe('OpenAI fake', () => {
  let fake: OpenAIFake;
  let client: OpenAI;
  beforeAll(async () => {
    fake = await startOpenAIFake();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 });
  });
  afterAll(() => fake.close());

  it('streams content as SSE chunks with usage last when asked', async () => {
    fake.script('m-stream', { kind: 'answer', content: 'Выручка выросла на 12 % за день', usage: { prompt: 50, completion: 9, cached: 10 } });
    const stream = await client.chat.completions.create({
      model: 'm-stream',
      messages: [{ role: 'user', content: 'Сводка' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Выручка выросла на 12 % за день');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 9, total_tokens: 59, prompt_tokens_details: { cached_tokens: 10 } });
  });

  it('streams tool calls that the SDK reassembles', async () => {
    fake.script('m-tools', { kind: 'tool_calls', calls: [{ name: 'stock_cover', arguments: { sku: 'A1' } }] });
    const runner = client.chat.completions.stream({ model: 'm-tools', messages: [{ role: 'user', content: 'Остатки A1?' }] });
    const done = await runner.finalChatCompletion();
    expect(done.choices[0]!.finish_reason).toBe('tool_calls');
    expect(done.choices[0]!.message.tool_calls).toEqual([{ id: expect.any(String), type: 'function', function: { name: 'stock_cover', arguments: '{"sku":"A1"}' } }]);
  });

  it('answers 429 with Retry-After and an OpenAI error body', async () => {
    fake.script('m-busy', { kind: 'rate_limit', retryAfter: '3' });
    const err = await client.chat.completions.create({ model: 'm-busy', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.headers.get('retry-after')).toBe('3');
    expect(e.code).toBe('rate_limit_exceeded');
  });
});
