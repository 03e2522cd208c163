import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CALL_OUTCOMES, type CallLog } from '../call-log/call-log.ts';
import { HttpError } from '../http-error.ts';
import type { Records } from '../records/index.ts';
import { RECORD_ID } from '../records/keys.ts';
import type { AdminEnv } from './auth.ts';
import { pathId, requireAccount } from './ids.ts';
import { describeIssues } from './validation.ts';

/**
 * The call log through the admin API, what the dashboard's Activity tab
 * shows: `GET /integrated-account/:id/mcp/:mcpId/calls` for one URL and
 * `GET /integrated-account/:id/calls` across the account's URLs (with
 * `mcp_server_id` to narrow it). Newest first, paged by an opaque
 * `next_cursor`. A revoked URL's calls stay listed until they age out.
 */

export const MAX_CALLS_PAGE = 200;

const cursorField = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,16}$/, 'must be a next_cursor from an earlier page')
  .transform((value, ctx) => {
    const offset = Number.parseInt(atob(value.replace(/-/g, '+').replace(/_/g, '/')), 10);
    if (!Number.isSafeInteger(offset) || offset < 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a next_cursor from an earlier page' });
      return z.NEVER;
    }
    return offset;
  });

const encodeCursor = (offset: number) => btoa(String(offset)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export const callsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_CALLS_PAGE).default(50),
  cursor: cursorField.optional(),
  tool: z.string().max(200).optional(),
  outcome: z.enum(CALL_OUTCOMES).optional(),
  mcp_server_id: z.string().regex(RECORD_ID, 'must be an MCP server id').optional(),
});

function parseQuery(c: Context, allowServer: boolean) {
  const raw = c.req.query();
  const parsed = callsQuery.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error.issues).replace(/(^|; )/g, '$1query.'));
  if (!allowServer && parsed.data.mcp_server_id !== undefined) throw new HttpError(400, 'query.mcp_server_id: is not a known field here; the path names the MCP server');
  return parsed.data;
}

export function callRoutes(records: Records, callLog: CallLog): Hono<AdminEnv> {
  async function page(c: Context, accountId: string, serverId: string | undefined, query: z.output<typeof callsQuery>) {
    const offset = query.cursor ?? 0;
    const { entries, more } = await callLog.list({ accountId, serverId, tool: query.tool, outcome: query.outcome, offset, limit: query.limit });
    return c.json({ result: entries, next_cursor: more ? encodeCursor(offset + entries.length) : null });
  }
  return new Hono<AdminEnv>()
    .get('/integrated-account/:id/calls', async (c) => {
      const account = await requireAccount(records, c);
      const query = parseQuery(c, true);
      return page(c, account.id, query.mcp_server_id, query);
    })
    .get('/integrated-account/:id/mcp/:mcpId/calls', async (c) => {
      const account = await requireAccount(records, c);
      const serverId = pathId(c, 'mcpId', 'MCP server');
      return page(c, account.id, serverId, parseQuery(c, false));
    });
}
