import { Hono } from 'hono';
import { z } from 'zod';
import type { ToolDefinition } from '../../tools/define.ts';
import { toolInputJsonSchema } from '../../tools/schema.ts';
import { allowedTools, filterProblem, methodVocabulary, tagVocabulary } from '../access.ts';
import { HttpError, readJsonBody } from '../http-error.ts';
import type { McpServerConfig, Records } from '../records/index.ts';
import type { AdminEnv } from './auth.ts';
import { pathId, quotedId, requireAccount } from './ids.ts';
import { expiresAtField, nameField, parseBody } from './validation.ts';

/**
 * `/integrated-account/:id/mcp`: MCP server URLs. Filters are checked against
 * the catalogue the gateway really serves: every selector must exist, and the
 * combination must leave at least one tool, or the URL would be useless.
 */

/**
 * `config.rate_limit`: tool calls allowed per window on this URL, `null` for
 * none; left out, the operator's `MCP_RATE_LIMIT` applies.
 */
const rateLimitField = z
  .strictObject({
    requests: z.number({ error: 'must be a whole number of calls, 1 or more' }).int('must be a whole number').min(1).max(1_000_000),
    per_seconds: z.number({ error: 'must be a whole number of seconds, 1 to 86400' }).int('must be a whole number').min(1).max(86_400),
  })
  .nullable();

function schemas(tools: readonly ToolDefinition[], now: () => number) {
  const methods = z.array(z.enum(methodVocabulary(tools) as [string, ...string[]])).max(50);
  const tags = z.array(z.enum(tagVocabulary as [string, ...string[]])).max(50);
  const expiresAt = expiresAtField(now);
  const config = z
    .strictObject({
      methods: methods.default([]),
      tags: tags.default([]),
      require_api_token_auth: z.boolean().default(false),
      rate_limit: rateLimitField.optional(),
    })
    .default({ methods: [], tags: [], require_api_token_auth: false });
  return {
    preview: z.strictObject({ config }),
    create: z.strictObject({
      name: nameField,
      config,
      expires_at: expiresAt.default(null),
    }),
    patch: z
      .strictObject({
        name: nameField.optional(),
        config: z
          .strictObject({ methods: methods.optional(), tags: tags.optional(), require_api_token_auth: z.boolean().optional(), rate_limit: rateLimitField.optional() })
          .optional(),
        expires_at: expiresAt.optional(),
      })
      .refine((body) => Object.keys(body).length > 0, {
        message: 'give at least one of name, config, expires_at',
        // Only when the fields themselves were fine: `{"id": 1}` is "unknown field", not also "empty".
        when: (payload) => payload.issues.length === 0,
      }),
  };
}

function dedupe(config: McpServerConfig): McpServerConfig {
  return { ...config, methods: [...new Set(config.methods)], tags: [...new Set(config.tags)] };
}

/** The vocabulary is checked by the body schema, with each field's own path; what is left is a filter that leaves nothing. */
function requireSomeTool(tools: readonly ToolDefinition[], config: McpServerConfig): void {
  const problem = filterProblem(tools, config);
  if (problem) throw new HttpError(400, `config: ${problem.reason}`);
}

/** A rough count: ~4 characters of JSON to a token, as commonly estimated for English text and JSON. */
const tokensOf = (json: string) => Math.ceil(json.length / 4);

/** What a URL with this filter would list: each tool's size in tokens as `tools/list` shows it to a model. */
function preview(tools: readonly ToolDefinition[], config: McpServerConfig) {
  const listed = allowedTools(tools, config).map((tool) => ({
    name: tool.name,
    title: tool.title,
    read_only: tool.annotations.readOnlyHint,
    tokens: tokensOf(JSON.stringify({ name: tool.name, title: tool.title, description: tool.description, inputSchema: toolInputJsonSchema(tool), annotations: tool.annotations })),
  }));
  return { tools: listed, total_tokens: listed.reduce((sum, t) => sum + t.tokens, 0) };
}

export interface McpServerRouteDeps {
  records: Records;
  tools: readonly ToolDefinition[];
  publicUrl: string;
}

export function mcpServerRoutes({ records, tools, publicUrl }: McpServerRouteDeps): Hono<AdminEnv> {
  const body = schemas(tools, records.now);
  const base = publicUrl.replace(/\/+$/, '');
  const notFound = (id: string) => new HttpError(404, `no MCP server with id ${quotedId(id)} in this integrated account`);

  return new Hono<AdminEnv>()
    .post('/integrated-account/:id/mcp', async (c) => {
      const account = await requireAccount(records, c);
      const input = parseBody(body.create, await readJsonBody(c));
      const config = dedupe(input.config);
      requireSomeTool(tools, config);
      const { server, token } = await records.mcpServers.create(account.id, { ...input, config });
      // The only response that ever carries the token: it is not stored, so it can't be shown again.
      return c.json({ ...server, token, url: `${base}/mcp/${token}` }, 201);
    })
    // A dry run of create's filter: the tools the URL would expose and their size, or create's own 400.
    .post('/integrated-account/:id/mcp/preview', async (c) => {
      await requireAccount(records, c);
      const input = parseBody(body.preview, await readJsonBody(c));
      const config = dedupe(input.config);
      requireSomeTool(tools, config);
      return c.json(preview(tools, config));
    })
    .get('/integrated-account/:id/mcp', async (c) => {
      const account = await requireAccount(records, c);
      return c.json({ result: await records.mcpServers.list(account.id) });
    })
    .get('/integrated-account/:id/mcp/:mcpId', async (c) => {
      const account = await requireAccount(records, c);
      const id = pathId(c, 'mcpId', 'MCP server');
      const server = await records.mcpServers.get(account.id, id);
      if (!server) throw notFound(id);
      return c.json(server);
    })
    .patch('/integrated-account/:id/mcp/:mcpId', async (c) => {
      const account = await requireAccount(records, c);
      const id = pathId(c, 'mcpId', 'MCP server');
      const patch = parseBody(body.patch, await readJsonBody(c));
      const current = await records.mcpServers.get(account.id, id);
      if (!current) throw notFound(id);
      const config = dedupe({
        methods: patch.config?.methods ?? current.config.methods,
        tags: patch.config?.tags ?? current.config.tags,
        require_api_token_auth: patch.config?.require_api_token_auth ?? current.config.require_api_token_auth,
        ...(patch.config?.rate_limit !== undefined ? { rate_limit: patch.config.rate_limit } : current.config.rate_limit !== undefined && { rate_limit: current.config.rate_limit }),
      });
      requireSomeTool(tools, config);
      // The whole validated config is written, so two PATCHes racing can lose one change but never combine into an unchecked filter.
      const updated = await records.mcpServers.update(account.id, id, { name: patch.name, expires_at: patch.expires_at, config });
      if (!updated) throw notFound(id);
      return c.json(updated);
    })
    .delete('/integrated-account/:id/mcp/:mcpId', async (c) => {
      const account = await requireAccount(records, c);
      const id = pathId(c, 'mcpId', 'MCP server');
      if (!(await records.mcpServers.delete(account.id, id))) throw notFound(id);
      return c.body(null, 204);
    });
}
