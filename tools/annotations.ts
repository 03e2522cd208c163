import type { ToolAnnotations } from './define.ts';

/**
 * The four annotation sets the catalogue uses. Every tool reaches Rose
 * Rocket, so `openWorldHint` is always true. The gateway's read-only filter
 * is derived from `readOnlyHint`, so these decide what a `read` server sees.
 */

/** Changes nothing. */
export const READS: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

/** Adds something new each time it is called. */
export const CREATES: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };

/** Sets values, possibly over old ones; calling again with the same arguments changes nothing more. */
export const OVERWRITES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };

/** Removes something; once gone, calling again changes nothing more. */
export const DELETES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
