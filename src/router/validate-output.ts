import { z, type ZodType } from 'zod';

export type Validation<T> = { success: true; value: T } | { success: false; errorClass: 'invalid_json' | 'schema'; error: string };

/**
 * A model's answer checked against the route's schema. Invalid output is a value, not an
 * exception: the cascade turns it into a repair prompt or moves on. Prompt-only models often wrap
 * JSON in a Markdown fence, which is stripped first.
 */
export function validateOutput<T>(text: string | null, schema: ZodType<T>): Validation<T> {
  if (text === null || text.trim() === '') return { success: false, errorClass: 'invalid_json', error: 'empty answer' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripFence(text));
  } catch (err) {
    return { success: false, errorClass: 'invalid_json', error: `not valid JSON: ${(err as Error).message}` };
  }
  const result = schema.safeParse(parsed);
  if (result.success) return { success: true, value: result.data };
  return { success: false, errorClass: 'schema', error: z.prettifyError(result.error) };
}

function stripFence(text: string): string {
  const t = text.trim();
  const m = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(t);
  return m ? m[1]! : t;
}

/** JSON Schema for a zod schema, cached per schema object (it is sent with every call). */
const jsonSchemas = new WeakMap<object, Record<string, unknown>>();
export function toJsonSchema(schema: ZodType): Record<string, unknown> {
  let s = jsonSchemas.get(schema);
  if (!s) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
    s = rest;
    jsonSchemas.set(schema, s);
  }
  return s;
}
