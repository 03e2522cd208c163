import type { z } from 'zod';

/**
 * The contract between the tool catalogue and the gateway.
 *
 * A tool is plain data: what it is called, what it is for, who may see it
 * (method, tags, annotations), what it takes (a zod object) and what it asks
 * Rose Rocket for. It never calls `fetch` and never sees the MCP server: the
 * gateway hands it a `ToolContext` and turns whatever it throws into an
 * `isError` result, once, at the seam.
 */

/** Resource tags, plus the cross-cutting `logistics` and `admin`. */
export const TOOL_TAGS = ['objects', 'external_ids', 'boards', 'events', 'user_groups', 'logistics', 'admin'] as const;
export type ToolTag = (typeof TOOL_TAGS)[number];

/**
 * Which kinds of record a tool works on. Not every platform-model key is a
 * record every tool can take: an `event` belongs to a record and lives only
 * under `/events`; user groups and boards are records (they read, search,
 * autocomplete and carry events like any other) but are written through
 * their own endpoints. A tool is offered, and accepts, only the kinds it
 * works for (kinds.ts says why, mock-roserocket/README.md the evidence).
 *
 * - `records`: every kind that is a record (reads, events).
 * - `writable`: records written through `/objects` (create, update, delete, upserts).
 * - `all`: every key, records or not (object definitions).
 */
export type KindScope = 'records' | 'writable' | 'all';

/** CRUD method names; every other method is a custom one. */
export const CRUD_METHODS = ['list', 'get', 'create', 'update', 'delete'] as const;

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

// The upstream client's own request types; a tool declares its request in them.
export type { HttpMethod, QueryValue, UpstreamRequest, UpstreamResponse } from '../gateway/upstream/wire.ts';
import type { UpstreamRequest, UpstreamResponse } from '../gateway/upstream/wire.ts';

/** A field of an object definition ("recipe"). */
export interface ObjectField {
  key: string;
  type: string;
  label?: string;
  isArray?: boolean;
  isRequired?: boolean;
  isDerived?: boolean;
  typeConfig?: { options?: readonly string[]; objectKey?: string };
}

export interface ObjectDefinition {
  key: string;
  label: string;
  fields: readonly ObjectField[];
}

/**
 * What a tool may ask of the gateway. Every method throws a `ToolInputError`
 * (bad argument, with the field named) or an upstream error; the seam turns
 * both into `isError` results.
 */
export interface ToolContext {
  /** Sends one request to Rose Rocket with the account's credentials. */
  call<T = unknown>(request: UpstreamRequest): Promise<UpstreamResponse<T>>;
  /** The account's object keys, resolved from object definitions (cached) or the built-in catalogue. */
  objectKeys: {
    /** `"Order"`, `"order"`, `"ORDER"` → `"order"`; an unknown key throws a ToolInputError listing those a tool of `scope` takes. */
    resolve(input: string, field?: string, scope?: KindScope): Promise<string>;
    /** The account's keys, sorted. */
    keys(): Promise<readonly string[]>;
    /** The definition of a resolved key, if the account or the built-in catalogue knows it. */
    definition(objectKey: string): Promise<ObjectDefinition | undefined>;
  };
  /** Boards, resolved for the model. */
  boards: {
    /** The default board of an object key (the first board listed for it); throws a ToolInputError if it has none. */
    defaultFor(objectKey: string): Promise<string>;
  };
}

/** A bad argument, detected before or instead of the upstream call. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/**
 * Rose Rocket answered, but not in the shape the tool relies on (a list
 * where an object came, say). Not a bug of ours and not the caller's
 * mistake: the seam reports it as an `isError` result naming what was off.
 */
export class UnexpectedAnswerError extends Error {
  override readonly name = 'UnexpectedAnswerError';
}

export { isPlainObject } from '../gateway/upstream/transport.ts';

type ToolInput = z.ZodObject;

interface ToolBase<I extends ToolInput> {
  /** snake_case, following design.md (`list_all_roserocket_boards`, `roserocket_user_groups_search`). */
  name: string;
  title: string;
  /** Purpose and when to use it; parameters are described in the schema, not here. */
  description: string;
  /** `list`, `get`, `create`, `update`, `delete`, or a custom method (`search`, `upsert`, …). */
  method: string;
  tags: readonly ToolTag[];
  annotations: ToolAnnotations;
  /**
   * One call that works against the mock Rose Rocket's seed (ids are the
   * seed's): the normal-path test runs every tool on its example, and the
   * route check follows the requests it makes.
   */
  example: z.input<I>;
  input: I;
  /** The kinds its `object_key` takes and is offered (see kinds.ts); `records` when omitted. */
  kinds?: KindScope;
  /**
   * Arguments that take record ids, and of what kind: a key, `object_key`
   * (the kind the tool's object_key names) or `any` (the kind a fullId's
   * prefix names). Each also takes a fullId or a number, resolved to the
   * uuid before the tool runs (record-ids.ts).
   */
  ids?: Readonly<Record<string, string>>;
}

/** A tool that only declares its upstream request, optionally reshaping the answer. */
export interface DeclaredTool<I extends ToolInput> extends ToolBase<I> {
  request: (args: z.output<I>, ctx: ToolContext) => UpstreamRequest | Promise<UpstreamRequest>;
  result?: (body: unknown, args: z.output<I>) => unknown;
}

/** A tool whose work takes more than one call, or code to reshape. */
export interface ProgrammedTool<I extends ToolInput> extends ToolBase<I> {
  run: (args: z.output<I>, ctx: ToolContext) => Promise<unknown>;
}

export type ToolDefinition<I extends ToolInput = ToolInput> = DeclaredTool<I> | ProgrammedTool<I>;

/** Identity, for inference: `defineTool({...})` types `args` from `input`. */
export function defineTool<I extends ToolInput>(tool: DeclaredTool<I>): DeclaredTool<I>;
export function defineTool<I extends ToolInput>(tool: ProgrammedTool<I>): ProgrammedTool<I>;
export function defineTool<I extends ToolInput>(tool: ToolDefinition<I>): ToolDefinition<I> {
  return tool;
}
