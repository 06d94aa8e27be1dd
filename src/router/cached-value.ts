/**
 * What a stored answer must look like to be served from the response cache. The cache outlives
 * the code that wrote it (a deploy, a schema bump that forgot its version, a row written by an
 * older bug), so a value read back is checked against the call's own expectations — the output
 * schema, text, tool calls or vectors — and one that does not parse is a miss, never a crash
 * further down (a narrative without `summary` used to break every later brief of the day).
 */
import { z, type ZodType } from 'zod';

export type CachedCheck = (value: unknown) => { ok: true; value: unknown } | { ok: false; error: string };

const toolCallsValue = z.strictObject({
  type: z.literal('tool_calls'),
  toolCalls: z.array(z.strictObject({ id: z.string(), name: z.string(), arguments: z.string() })).min(1),
  content: z.string().nullable(),
});

const check = (schema: ZodType): CachedCheck => (value) => {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: z.prettifyError(r.error) };
};

/** A chat answer: the schema's value (or text without one), or tool calls when the call offered tools. */
export function chatAnswerCheck(schema: ZodType | undefined, withTools: boolean): CachedCheck {
  const answer = schema ?? z.string().min(1);
  return check(withTools ? z.union([toolCallsValue, answer]) : answer);
}

/** One vector of finite numbers per input. */
export function embeddingsCheck(inputs: number): CachedCheck {
  return check(z.array(z.array(z.number())).length(inputs));
}
