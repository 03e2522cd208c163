import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ZodError } from 'zod';
import { isPlainObject, runTool, ToolInputError, UnexpectedAnswerError, type ToolContext, type ToolDefinition } from '../../tools/define.ts';
import { trimToBudget } from '../../tools/paging.ts';
import { UpstreamError, UpstreamRateLimitError } from '../upstream/errors.ts';
import type { RateLimit } from '../upstream/rate-limit.ts';

/**
 * The seam every tool call goes through: validate the arguments, run the
 * tool, and turn its outcome into an MCP result. Tool failures (bad
 * arguments, upstream errors) become `isError` results the model can act
 * on; anything else is a bug and is rethrown for the protocol layer to
 * answer as an internal error.
 */
export interface CallOutcome {
  result: CallToolResult;
  outcome: 'ok' | 'invalid_arguments' | 'upstream_error';
  /** Rate-limit information from the upstream call that failed, if any. */
  rateLimit?: RateLimit | null;
  upstreamStatus?: number | null;
}

const encoder = new TextEncoder();

/** Whether `text` is over `maxBytes` of UTF-8, encoding only when its length alone can't tell. */
function overBudget(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false; // a UTF-16 unit is at most 3 UTF-8 bytes
  return encoder.encode(text).length > maxBytes;
}

// structuredContent must be an object; bare arrays and scalars are wrapped.
const structured = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : { result: value ?? null });

/**
 * Each result made here carries its `structuredContent` as JSON (the text it
 * carries) under this key, invisible to JSON and to the SDK's schemas. A
 * property, not a WeakMap: a WeakMap entry per call, one per result, each
 * short-lived, was GC work of its own on every call.
 */
const CONTENT_JSON = Symbol('structuredContent as JSON');
type MadeHere = CallToolResult & { [CONTENT_JSON]?: string };

/** The result, serialised once; trimmed (and serialised again) only when over the byte budget. */
function toResult(value: unknown, isError: boolean, byteBudget = Number.POSITIVE_INFINITY): CallToolResult {
  let content = structured(value);
  let text = JSON.stringify(content);
  if (overBudget(text, byteBudget)) {
    content = structured(trimToBudget(value, byteBudget));
    text = JSON.stringify(content);
  }
  const result: MadeHere = { content: [{ type: 'text', text }], structuredContent: content, ...(isError && { isError: true }) };
  Object.defineProperty(result, CONTENT_JSON, { value: text });
  return result;
}

/**
 * A result as JSON, with `members` (JSON object members, each led by a
 * comma) added after its own. The structured content of a result made by
 * this seam is already JSON, its text, so it is not serialised a second time.
 */
export function resultJson(result: CallToolResult, members = ''): string {
  const text = (result as MadeHere)[CONTENT_JSON];
  if (text === undefined) {
    const json = JSON.stringify(result);
    return json === '{}' ? `{${members.slice(1)}}` : `${json.slice(0, -1)}${members}}`;
  }
  const textJson = JSON.stringify(text);
  return `{"content":[{"type":"text","text":${textJson}}],"structuredContent":${text}${result.isError ? ',"isError":true' : ''}${members}}`;
}

function describeZodError(error: ZodError) {
  const issues = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(arguments)',
    message: issue.message,
  }));
  const message = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return { error: 'invalid_arguments', message: `Invalid arguments: ${message}`, issues };
}

export async function callTool(
  definition: ToolDefinition,
  rawArgs: unknown,
  ctx: ToolContext,
  byteBudget: number,
): Promise<CallOutcome> {
  const parsed = definition.input.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return { result: toResult(describeZodError(parsed.error), true), outcome: 'invalid_arguments' };
  }
  try {
    const value = await runTool(definition, parsed.data, ctx);
    return { result: toResult(value, false, byteBudget), outcome: 'ok' };
  } catch (error) {
    if (error instanceof ToolInputError) {
      const payload = { error: 'invalid_arguments', message: `Invalid arguments: ${error.message}`, issues: [{ field: error.field, message: error.reason }] };
      return { result: toResult(payload, true), outcome: 'invalid_arguments' };
    }
    if (error instanceof UnexpectedAnswerError) {
      return { result: toResult({ status: null, error: 'unexpected_response', message: error.message }, true), outcome: 'upstream_error' };
    }
    if (error instanceof UpstreamError) {
      return {
        result: toResult(error.toPayload(), true),
        outcome: 'upstream_error',
        upstreamStatus: error.status ?? null,
        rateLimit: error instanceof UpstreamRateLimitError ? error.rateLimit : null,
      };
    }
    throw error;
  }
}
