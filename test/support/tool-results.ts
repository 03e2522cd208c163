import { expect } from 'vitest';
import type { ToolResult } from './mcp-clients.ts';

/**
 * A tool result as a model reads it: one text block holding JSON, and the
 * same value as `structuredContent`. Every helper checks that promise before
 * handing the value back, so no test can pass on a result whose two halves disagree.
 */
function payload(result: ToolResult): Record<string, unknown> {
  expect(result.content).toHaveLength(1);
  const [block] = result.content;
  expect(block?.type).toBe('text');
  const parsed = JSON.parse(String(block?.text)) as unknown;
  expect(result.structuredContent).toBeDefined();
  expect(parsed).toEqual(result.structuredContent);
  return result.structuredContent!;
}

/** The value of a successful call. */
export function okPayload<T = Record<string, unknown>>(result: ToolResult): T {
  const value = payload(result);
  expect(result.isError, `expected success, got ${JSON.stringify(value)}`).not.toBe(true);
  return value as T;
}

/** The error a failed call hands the model. */
export function errorPayload<T = Record<string, unknown>>(result: ToolResult): T {
  const value = payload(result);
  expect(result.isError, `expected isError, got ${JSON.stringify(value)}`).toBe(true);
  return value as T;
}

/** A list tool's page. */
export interface ListPage<T = Record<string, unknown>> {
  results: T[];
  total?: number;
  has_more: boolean;
  next_cursor: string | null;
  note?: string;
}
