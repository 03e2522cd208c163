import { z } from 'zod';
import { CREATES, READS } from './annotations.ts';
import { defineTool, isPlainObject, ToolInputError, UnexpectedAnswerError } from './define.ts';
import { MAX_EVENTS_LIMIT, pageOf, pageOfResults, pagingInput, projectionInput } from './paging.ts';
import { objectKeyArg, optionalBoardIdArg, orderDirectionArg, recordIdArg } from './params.ts';

/** A record's timeline: what happened to it (created, changed, status moves) and audit notes added by people or agents. */

const TAGS = ['events', 'logistics'] as const;

const eventTypeArg = z.string().min(1);

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
    board_id: optionalBoardIdArg.describe('Board the record is seen through.'),
    type: eventTypeArg.optional().describe('Only this type.'),
    in_types: z.array(z.string().min(1)).optional().describe('Only events of these types.'),
    not_in_types: z.array(z.string().min(1)).optional().describe('Not these types.'),
    user_id: z.string().min(1).optional().describe('Only events by this user (id or fullId).'),
    order_by: z.enum(['createdAt', 'id', 'type', 'refId', 'ownerId']).optional().describe('Sort field; createdAt if omitted.'),
    order_direction: orderDirectionArg,
    ...pagingInput(MAX_EVENTS_LIMIT),
    ...projectionInput,
  }),
  ids: { record_id: 'object_key', board_id: 'board', user_id: 'user' },
  request: async (args, ctx) => {
    const { offset, limit } = pageOf(args);
    return {
      method: 'GET',
      path: ['events'],
      query: {
        recordId: args.record_id,
        objectKey: args.object_key,
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

/** What `POST /events` accepts [doc]; dotted kinds (`order.status-changed`) are written by Rose Rocket itself. */
export const WRITABLE_EVENT_TYPES = ['internal', 'create', 'mutate', 'widget-open', 'widget-close'] as const;

const writableTypeArg = z
  .enum(WRITABLE_EVENT_TYPES, {
    error: () =>
      `only ${WRITABLE_EVENT_TYPES.join(', ')} can be written. Rose Rocket writes the other kinds itself, such as order.status-changed when a status really changes: ` +
      "to change a status, set the record's status field with update_a_roserocket_object_by_id; to note something, use internal",
  })
  .default('internal')
  .describe('internal: a note.');

export const createEvent = defineTool({
  name: 'create_a_roserocket_event',
  title: 'Add an event to a record',
  description:
    "Add a note (type internal) to the timeline of a record, a user group or a board, e.g. \"roster audited\" on Night Dispatch. It changes nothing else: a status changes with update_a_roserocket_object_by_id.",
  method: 'create',
  tags: TAGS,
  annotations: CREATES,
  example: { record_id: '573acfa2-b038-4ee9-af91-2c3c91bb3ccd', object_key: 'order', data: { message: 'Driver confirmed pickup', source: 'agent' } },
  input: z.object({
    record_id: recordIdArg,
    object_key: objectKeyArg.optional().describe("The record's kind; checked against the record."),
    board_id: optionalBoardIdArg,
    type: writableTypeArg,
    data: z.record(z.string(), z.unknown()).describe('The event\'s json, e.g. {"message": "Roster audited"}.'),
  }),
  ids: { record_id: 'any', board_id: 'board' },
  // The record is read first: its kind is checked against object_key (as a write is) and picks the default board.
  run: async (args, ctx) => {
    const { body: record } = await ctx.call({ method: 'GET', path: ['objects', args.record_id] });
    const kind = isPlainObject(record) && typeof record.objectKey === 'string' ? record.objectKey : undefined;
    if (kind === undefined || !isPlainObject(record)) throw new UnexpectedAnswerError(`Rose Rocket answered record ${args.record_id} without its objectKey`);
    if (args.object_key !== undefined && args.object_key !== kind) {
      const name = typeof record.fullId === 'string' ? record.fullId : args.record_id;
      throw new ToolInputError('object_key', `record ${name} is a ${kind}, not a ${args.object_key}; give object_key ${kind} or leave it out`);
    }
    const boardId = args.board_id ?? (await ctx.boards.defaultFor(kind));
    const { body } = await ctx.call({ method: 'POST', path: ['events'], body: { recordId: args.record_id, boardId, type: args.type, json: args.data } });
    return body;
  },
});

export const EVENT_TOOLS = [listEvents, createEvent];
