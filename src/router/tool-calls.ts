import type { StoppedValue, ToolCallsValue } from './types.js';

/** True when a chat's value is the model's tool calls rather than its answer. */
export function isToolCalls(value: unknown): value is ToolCallsValue {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'tool_calls' && Array.isArray((value as ToolCallsValue).toolCalls);
}

/** True when a tool conversation's turn ended in a refusal or at the output limit. */
export function isStopped(value: unknown): value is StoppedValue {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'stopped';
}
