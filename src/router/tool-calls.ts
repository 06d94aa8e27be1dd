import type { ToolCallsValue } from './types.js';

/** True when a chat's value is the model's tool calls rather than its answer. */
export function isToolCalls(value: unknown): value is ToolCallsValue {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'tool_calls' && Array.isArray((value as ToolCallsValue).toolCalls);
}
