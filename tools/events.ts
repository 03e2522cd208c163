import { z } from 'zod';
import { CREATES, READS } from './annotations.ts';
import { defineTool, ToolInputError } from './define.ts';
import { MAX_EVENTS_LIMIT, pageOf, pageOfResults, pagingInput, projectionInput } from './paging.ts';
import { objectKeyArg, orderDirectionArg, recordIdArg } from './params.ts';

/** A record's timeline: what happened to it (created, changed, status moves) and audit notes added by people or agents. */

const TAGS = ['events', 'logistics'] as const;

const eventTypeArg = z
  .string()
  .min(1)
  .describe('An event type: create, mutate, internal, or a dotted kind such as order.status-changed.');

export const listEvents = defineTool({
  name: 'list_all_roserocket_events',
  title: "List a record's events",
  description: "A record's timeline: creation, field changes (json.changedFields), status changes and notes, e.g. \"what happened to this order?\".",
  method: 'list',
  tags: TAGS,
  annotations: READS,
  example: { object_key: 'order', record_id: '573acfa2-b038-4ee9-af91-2c3c91bb3ccd', order_direction: 'asc' },
  input: z.object({
    object_key: objectKeyArg,
    record_id: recordIdArg,
    board_id: z.guid().optional().describe('Board the record is seen through.'),
    type: eventTypeArg.optional().describe('Only this type.'),
    in_types: z.array(z.string().min(1)).optional().describe('Only events of these types.'),
    not_in_types: z.array(z.string().min(1)).optional().describe('Not these types.'),
    user_id: z.guid().optional().describe('Only events by this user.'),
    order_by: z.enum(['createdAt', 'id', 'type', 'refId', 'ownerId']).optional().describe('Sort field; createdAt if omitted.'),
    order_direction: orderDirectionArg,
    ...pagingInput(MAX_EVENTS_LIMIT),
    ...projectionInput,
  }),
  request: async (args, ctx) => {
    const { offset, limit } = pageOf(args);
    return {
      method: 'GET',
      path: ['events'],
      query: {
        recordId: args.record_id,
        objectKey: await ctx.objectKeys.resolve(args.object_key, 'object_key'),
        boardId: args.board_id,
        type: args.type,
        inTypes: args.in_types,
        notInTypes: args.not_in_types,
        userId: args.user_id,
        orderBy: args.order_by,
        orderByDirection: args.order_direction,
        limit,
        offset,
      },
    };
  },
  result: pageOfResults,
});

export const createEvent = defineTool({
  name: 'create_a_roserocket_event',
  title: 'Add an event to a record',
  description:
    "Add an entry to a record's timeline, e.g. an audit note that an agent checked a load, or a dispatch update on the active shift board. " +
    'It records what happened; it does not change the record (use update_a_roserocket_object_by_id for that).',
  method: 'create',
  tags: TAGS,
  annotations: CREATES,
  example: { record_id: '573acfa2-b038-4ee9-af91-2c3c91bb3ccd', object_key: 'order', data: { message: 'Driver confirmed pickup', source: 'agent' } },
  input: z.object({
    record_id: recordIdArg,
    board_id: z.guid().optional().describe('The board (a uuid) the event is made through. Omit it to use the default board of object_key.'),
    object_key: objectKeyArg.optional().describe("The record's kind, used to find the default board when board_id is omitted."),
    type: eventTypeArg.default('internal').describe('The event type; internal (a note) when omitted. Also create, mutate, or a dotted kind such as order.status-changed.'),
    data: z.record(z.string(), z.unknown()).describe('What the event says, stored as its json, e.g. {"message": "Driver confirmed pickup", "source": "agent"}.'),
  }),
  request: async (args, ctx) => {
    const boardId = args.board_id ?? (args.object_key === undefined ? undefined : await ctx.boards.defaultFor(await ctx.objectKeys.resolve(args.object_key, 'object_key')));
    if (boardId === undefined) throw new ToolInputError('board_id', 'is required unless object_key is given, so that its default board can be used');
    return { method: 'POST', path: ['events'], body: { recordId: args.record_id, boardId, type: args.type, json: args.data } };
  },
});

export const EVENT_TOOLS = [listEvents, createEvent];
