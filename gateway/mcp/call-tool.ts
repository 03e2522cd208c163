import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ZodError } from 'zod';
import { runTool, ToolInputError, type ToolContext, type ToolDefinition } from '../../tools/define.ts';
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

function toResult(value: unknown, isError: boolean): CallToolResult {
  // structuredContent must be an object; bare arrays and scalars are wrapped.
  const structured =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { result: value ?? null };
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured, ...(isError && { isError: true }) };
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
    return { result: toResult(trimToBudget(value, byteBudget), false), outcome: 'ok' };
  } catch (error) {
    if (error instanceof ToolInputError) {
      const payload = { error: 'invalid_arguments', message: `Invalid arguments: ${error.message}`, issues: [{ field: error.field, message: error.reason }] };
      return { result: toResult(payload, true), outcome: 'invalid_arguments' };
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
