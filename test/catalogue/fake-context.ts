import { ToolInputError, type ObjectDefinition, type ToolContext, type ToolDefinition, type UpstreamRequest } from '../../tools/define.ts';
import { kindsFor } from '../../tools/kinds.ts';
import { runTool } from '../../tools/run.ts';

/**
 * A `ToolContext` that records every upstream request and answers from a
 * test's handler, so tests assert on exactly what a tool would send to
 * Rose Rocket. Object keys and default boards behave as the gateway's do.
 */

export const BOARDS = {
  order: '11111111-1111-4111-8111-111111111111',
  customer: '22222222-2222-4222-8222-222222222222',
  shift: '33333333-3333-4333-8333-333333333333',
} as const;

export const IDS = {
  order: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  customer: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
  stop1: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd',
  stop2: 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee',
  group: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
  user: '12345678-1234-4234-8234-123456789abc',
} as const;

export const DEFINITIONS: readonly ObjectDefinition[] = [
  {
    key: 'order',
    label: 'Order',
    fields: [
      { key: 'customer', type: 'connection', isRequired: true, typeConfig: { objectKey: 'customer' } },
      { key: 'status', type: 'select', typeConfig: { options: ['new', 'dispatched', 'delivered'] } },
      { key: 'stops', type: 'connection', isArray: true, typeConfig: { objectKey: 'stop' } },
      { key: 'pickupDate', type: 'date' },
      { key: 'weight', type: 'number' },
      { key: 'ageDays', type: 'derived', isDerived: true, isRequired: true },
      { key: 'reference', type: 'text', isRequired: true },
    ],
  },
  { key: 'customer', label: 'Customer', fields: [{ key: 'name', type: 'text', isRequired: true }, { key: 'tier', type: 'select' }] },
  { key: 'stop', label: 'Stop', fields: [{ key: 'sequence', type: 'number' }] },
  { key: 'load__c', label: 'Load', fields: [] },
];

export type Responder = (request: UpstreamRequest) => unknown;

/** An error shaped like the gateway's upstream HTTP errors, which carry the status. */
export class FakeUpstreamError extends Error {
  constructor(readonly status: number) {
    super(`upstream answered ${status}`);
  }
}

const fold = (text: string) => text.toLowerCase().replace(/[\s_-]/g, '');

export function fakeContext(respond: Responder = () => ({})) {
  const calls: UpstreamRequest[] = [];
  const ctx: ToolContext = {
    async call<T>(request: UpstreamRequest) {
      calls.push(request);
      return { status: 200, body: (await respond(request)) as T };
    },
    objectKeys: {
      async resolve(input, field = 'object_key', scope = 'all') {
        const match = DEFINITIONS.find((d) => fold(d.key) === fold(input) || fold(d.label) === fold(input));
        if (!match) throw new ToolInputError(field, `unknown object key "${input}"; this tool takes: ${kindsFor(scope, DEFINITIONS.map((d) => d.key)).join(', ')}`);
        return match.key;
      },
      async keys() {
        return DEFINITIONS.map((d) => d.key).sort();
      },
      async definition(objectKey) {
        return DEFINITIONS.find((d) => d.key === objectKey);
      },
    },
    boards: {
      async defaultFor(objectKey) {
        const board = (BOARDS as Record<string, string>)[objectKey];
        if (!board) throw new ToolInputError('board_id', `no board exists for object key "${objectKey}"`);
        return board;
      },
    },
  };
  return { ctx, calls };
}

/** Runs a tool as the gateway does: arguments through its zod input first, then `runTool`. */
export function invoke(tool: ToolDefinition, rawArgs: unknown, ctx: ToolContext): Promise<unknown> {
  return runTool(tool, tool.input.parse(rawArgs), ctx);
}
