import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ToolInputError, type ToolContext } from '../../tools/define.ts';
import { arrayIn } from '../../tools/paging.ts';
import { listPage, pageOf } from '../../tools/paging.ts';
import { UpstreamHttpError } from '../upstream/errors.ts';
import { callTool, resultJson } from './call-tool.ts';

const ctx = {} as ToolContext;
const tool = (run: (args: { n: number }) => Promise<unknown>) =>
  defineTool({
    name: 't',
    title: 'T',
    description: 'A tool for tests.',
    method: 'list',
    tags: ['objects'],
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    example: { n: 1 },
    input: z.object({ n: z.number().int().describe('How many.') }),
    run,
  });

const page = (n: number, size: number) =>
  listPage(
    Array.from({ length: n }, (_, i) => ({ id: String(i), blob: 'é'.repeat(size) })),
    pageOf({ limit: n }),
    { total: 1000 },
  );

describe('the tool-call seam', () => {
  it('returns structuredContent and the same JSON as text', async () => {
    const out = await callTool(tool(async ({ n }) => ({ n })), { n: 2 }, ctx, 1000);
    expect(out.outcome).toBe('ok');
    expect(out.result.structuredContent).toEqual({ n: 2 });
    expect(JSON.parse((out.result.content[0] as { text: string }).text)).toEqual(out.result.structuredContent);
    expect(out.result.isError).toBeUndefined();
  });

  it('wraps bare arrays and scalars, since structuredContent must be an object', async () => {
    const out = await callTool(tool(async () => [1, 2]), { n: 1 }, ctx, 1000);
    expect(out.result.structuredContent).toEqual({ result: [1, 2] });
  });

  it('trims a list over the byte budget (counted in UTF-8 bytes), with a cursor to the rest', async () => {
    const budget = 4000;
    const out = await callTool(tool(async ({ n }) => page(n, 100)), { n: 50 }, ctx, budget);
    const text = (out.result.content[0] as { text: string }).text;
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(budget);
    const result = out.result.structuredContent as { results: unknown[]; has_more: boolean; next_cursor: string; note: string };
    expect(result.results.length).toBeGreaterThan(0);
    expect(result.results.length).toBeLessThan(50);
    expect(result.has_more).toBe(true);
    expect(result.note).toMatch(/left out/);
    expect(JSON.parse(text)).toEqual(result);
  });

  it('leaves a result under the budget untouched', async () => {
    const value = page(3, 10);
    const out = await callTool(tool(async () => value), { n: 3 }, ctx, 100_000);
    expect(out.result.structuredContent).toBe(value);
  });

  it('names the field of a bad argument, without running the tool', async () => {
    let ran = false;
    const out = await callTool(tool(async () => (ran = true)), { n: 'two' }, ctx, 1000);
    expect(ran).toBe(false);
    expect(out.outcome).toBe('invalid_arguments');
    expect(out.result.isError).toBe(true);
    expect(out.result.structuredContent).toMatchObject({ error: 'invalid_arguments', issues: [{ field: 'n' }] });
  });

  it('turns a ToolInputError and an upstream error into isError results, and rethrows bugs', async () => {
    const input = await callTool(tool(async () => Promise.reject(new ToolInputError('object_key', 'unknown'))), { n: 1 }, ctx, 1000);
    expect(input).toMatchObject({ outcome: 'invalid_arguments', result: { isError: true, structuredContent: { issues: [{ field: 'object_key', message: 'unknown' }] } } });
    const upstream = await callTool(tool(async () => Promise.reject(new UpstreamHttpError(404, 'Not Found', '{}', 'GET /objects/x'))), { n: 1 }, ctx, 1000);
    expect(upstream).toMatchObject({ outcome: 'upstream_error', upstreamStatus: 404, result: { isError: true, structuredContent: { status: 404 } } });
    const shape = await callTool(tool(async () => arrayIn({ unexpected: true }, 'results')), { n: 1 }, ctx, 1000);
    expect(shape).toMatchObject({ outcome: 'upstream_error', result: { isError: true, structuredContent: { error: 'unexpected_response' } } });
    expect((shape.result.structuredContent as { message: string }).message).toContain('"results"');
    await expect(callTool(tool(async () => Promise.reject(new TypeError('bug'))), { n: 1 }, ctx, 1000)).rejects.toThrow('bug');
  });
});

describe('resultJson', () => {
  const members = ',"resultType":"complete"';

  it('writes a result of the seam as JSON.stringify would, without serialising its content again, members added last', async () => {
    for (const value of [{ n: 1, s: 'quote " and \\ and é' }, [1, 2]]) {
      const { result } = await callTool(tool(async () => value), { n: 1 }, ctx, 1000);
      expect(resultJson(result)).toBe(JSON.stringify(result));
      expect(JSON.parse(resultJson(result, members))).toEqual({ ...result, resultType: 'complete' });
    }
    const { result: failed } = await callTool(tool(async () => 0), { n: 'x' }, ctx, 1000);
    expect(resultJson(failed)).toBe(JSON.stringify(failed));
  });

  it('serialises a result made elsewhere whole', () => {
    const result = { content: [{ type: 'text' as const, text: 'hi' }] };
    expect(JSON.parse(resultJson(result, members))).toEqual({ ...result, resultType: 'complete' });
    expect(JSON.parse(resultJson({} as never, members))).toEqual({ resultType: 'complete' });
  });
});

describe('error results stay within the byte budget', () => {
  const budget = 4000;
  const bytes = (out: { result: { content: unknown[] } }) => new TextEncoder().encode((out.result.content[0] as { text: string }).text).length;

  it('an upstream error quoting a huge path and message', async () => {
    const huge = 'é'.repeat(900_000);
    const out = await callTool(tool(async () => { throw new UpstreamHttpError(404, `no object ${huge}`, huge, `GET /external/${huge}`); }), { n: 1 }, ctx, budget);
    expect(out.result.isError).toBe(true);
    expect(bytes(out)).toBeLessThanOrEqual(budget);
    expect(out.result.structuredContent).toMatchObject({ status: 404, error: 'upstream_error' });
  });

  it('invalid arguments with thousands of issues keep the issues that fit and count the rest', async () => {
    const many = defineTool({
      name: 'm',
      title: 'M',
      description: 'A tool for tests.',
      method: 'list',
      tags: ['objects'],
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      input: z.object({ ids: z.array(z.number().describe('An id.')).describe('Ids.') }),
      example: { ids: [1] },
      run: async () => ({}),
    });
    const out = await callTool(many, { ids: Array.from({ length: 5000 }, () => 'x'.repeat(50)) }, ctx, budget);
    expect(out.outcome).toBe('invalid_arguments');
    expect(bytes(out)).toBeLessThanOrEqual(budget);
    const content = out.result.structuredContent as { issues: unknown[]; more_issues: number };
    expect(content.issues.length).toBeGreaterThan(0);
    expect(content.issues.length + content.more_issues).toBe(5000);
  });
});

describe('arguments nested deeper than the bound are the caller\'s error', () => {
  const freeForm = defineTool({
    name: 'f',
    title: 'F',
    description: 'A tool for tests.',
    method: 'create',
    tags: ['objects'],
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    input: z.object({ data: z.unknown().describe('Any JSON.') }),
    example: { data: {} },
    // As a tool's request does when it serialises a body.
    run: async ({ data }) => ({ sent: JSON.stringify(data).length }),
  });
  const nested = (depth: number) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  it('a value 100,000 deep in a free-form field is an isError naming the field, not a stack overflow', async () => {
    const out = await callTool(freeForm, { data: nested(100_000) }, ctx, 4000);
    expect(out.outcome).toBe('invalid_arguments');
    expect(out.result.isError).toBe(true);
    expect(out.result.structuredContent).toMatchObject({ issues: [{ field: 'data', message: expect.stringMatching(/nests deeper than 32 levels/) }] });
  });

  it('a value within the bound goes through', async () => {
    expect((await callTool(freeForm, { data: nested(30) }, ctx, 4000)).outcome).toBe('ok');
  });
});
