import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ZodError } from 'zod';
import { isPlainObject, ToolInputError, UnexpectedAnswerError, type ToolContext, type ToolDefinition } from '../../tools/define.ts';
import { runTool } from '../../tools/run.ts';
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

/** `text` cut to `max` characters, the cut marked. */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text);

/**
 * An error payload that fits the byte budget: its strings cut, and its
 * `issues` kept while they fit, with a count of the rest. Errors quote what
 * was sent (an id, a path) and upstream's words, and both can be any size.
 */
export function errorWithinBudget(payload: Record<string, unknown>, byteBudget: number): Record<string, unknown> {
  if (!overBudget(JSON.stringify(payload), byteBudget)) return payload;
  // A quarter of the budget per string leaves room for the rest; a UTF-16 unit is at most 3 bytes.
  const room = Math.max(16, Math.floor(byteBudget / 12));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) if (key !== 'issues') out[key] = typeof value === 'string' ? cut(value, room) : value;
  const issues = Array.isArray(payload.issues) ? payload.issues : null;
  if (issues) {
    const kept: unknown[] = [];
    for (const issue of issues) {
      const shortened = isPlainObject(issue) ? Object.fromEntries(Object.entries(issue).map(([k, v]) => [k, typeof v === 'string' ? cut(v, 200) : v])) : issue;
      if (overBudget(JSON.stringify({ ...out, issues: [...kept, shortened] }), byteBudget - 64)) break;
      kept.push(shortened);
    }
    out.issues = kept;
    if (kept.length < issues.length) out.more_issues = issues.length - kept.length;
  }
  if (!overBudget(JSON.stringify(out), byteBudget)) return out;
  return { error: cut(String(payload.error), 40), message: cut(String(payload.message), Math.max(16, Math.floor(byteBudget / 4) - 40)) };
}

/** An error result within the byte budget; also for a refusal made before any tool runs. */
export const errorResult = (payload: Record<string, unknown>, byteBudget: number) => toResult(errorWithinBudget(payload, byteBudget), true);

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

/**
 * How deep a tool's arguments may nest. Free-form fields (`fields`, `data`)
 * take any JSON, and a value thousands deep overflowed the stack of whatever
 * walked it next: the caller's mistake, answered as a bug. Rose Rocket
 * records nest a few levels.
 */
export const MAX_ARGUMENT_DEPTH = 32;

/** The path of the first value nested deeper than `max` levels, without recursion; null when none is. */
export function tooDeep(value: unknown, max: number): string | null {
  const stack: Array<[unknown, string, number]> = [[value, '', 0]];
  while (stack.length > 0) {
    const [current, path, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return path || '(arguments)';
    for (const [key, child] of Object.entries(current)) stack.push([child, Array.isArray(current) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1]);
  }
  return null;
}

export async function callTool(
  definition: ToolDefinition,
  rawArgs: unknown,
  ctx: ToolContext,
  byteBudget: number,
): Promise<CallOutcome> {
  const deep = tooDeep(rawArgs, MAX_ARGUMENT_DEPTH + 1);
  if (deep !== null) {
    const field = deep.split(/[.[]/)[0] || '(arguments)';
    const reason = `nests deeper than ${MAX_ARGUMENT_DEPTH} levels; send a flatter value`;
    const payload = { error: 'invalid_arguments', message: `Invalid arguments: ${field}: ${reason}`, issues: [{ field, message: reason }] };
    return { result: errorResult(payload, byteBudget), outcome: 'invalid_arguments' };
  }
  const parsed = definition.input.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return { result: errorResult(describeZodError(parsed.error), byteBudget), outcome: 'invalid_arguments' };
  }
  try {
    const value = await runTool(definition, parsed.data, ctx);
    return { result: toResult(value, false, byteBudget), outcome: 'ok' };
  } catch (error) {
    if (error instanceof ToolInputError) {
      const payload = { error: 'invalid_arguments', message: `Invalid arguments: ${error.message}`, issues: [{ field: error.field, message: error.reason }] };
      return { result: errorResult(payload, byteBudget), outcome: 'invalid_arguments' };
    }
    if (error instanceof UnexpectedAnswerError) {
      return { result: errorResult({ status: null, error: 'unexpected_response', message: error.message }, byteBudget), outcome: 'upstream_error' };
    }
    if (error instanceof UpstreamError) {
      return {
        result: errorResult(error.toPayload(), byteBudget),
        outcome: 'upstream_error',
        upstreamStatus: error.status ?? null,
        rateLimit: error instanceof UpstreamRateLimitError ? error.rateLimit : null,
      };
    }
    throw error;
  }
}
