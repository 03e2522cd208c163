import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fuzzGateway, type FuzzGateway } from './harness.ts';
import { appRoutes, mcpRequestArbitrary, requestArbitrary, type FuzzRequest } from './requests.ts';

/**
 * Property-based fuzzing of every route of the app (Hono's route table:
 * the admin API, the dashboard, OAuth, health, and the MCP endpoint) with
 * generated requests, through `app.request` (no sockets). After each one:
 * no 5xx, no seeded secret in the answer or in any log line, no line at
 * error level (a client's request is never a server error), and every
 * stored record satisfies its schema with its indexes whole.
 *
 * Runs are bounded (`RUNS`) so the whole file stays a few seconds of
 * `npm test`; a failure prints fast-check's seed and path to replay it.
 */

const RUNS = { routes: 600, mcp: 300 };

let gw: FuzzGateway;
// A gateway of its own for each property: one run revokes and deletes what the other would need.
beforeEach(async () => {
  gw = await fuzzGateway();
});

/** Sends one generated request and checks every property; throws (with the request) on the first that fails. */
async function check(request: FuzzRequest): Promise<void> {
  const before = gw.logs.length;
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([, value]) => value !== ''));
  const response = await gw.app.request(request.path, { method: request.method, headers, body: request.body });
  const answer = `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${await response.text()}`.toLowerCase();
  expect(response.status, answer.slice(0, 500)).toBeLessThan(500);
  for (const secret of gw.secrets) expect(answer.includes(secret.toLowerCase()), `the answer holds a secret (${secret.slice(0, 8)}…)`).toBe(false);
  const lines = gw.logs.slice(before);
  for (const line of lines) {
    expect(line, 'a line at error level').not.toMatch(/^\{"time":"[^"]*","level":"error"/);
    for (const secret of gw.secrets) expect(line.toLowerCase().includes(secret.toLowerCase()), `a log line holds a secret (${secret.slice(0, 8)}…): ${line.slice(0, 300)}`).toBe(false);
  }
  await gw.audit();
}

describe('fuzzing', () => {
  it('every route of the app, with generated methods, ids, headers and bodies', async () => {
    const routes = appRoutes(gw.app);
    // Derived, not listed: the admin API's routes are among them.
    expect(routes.map(([, path]) => path)).toEqual(expect.arrayContaining(['/integrated-account/:id/mcp/:mcpId', '/api-token/:tokenId', '/mcp/:token?']));
    await fc.assert(fc.asyncProperty(requestArbitrary(gw, routes), check), { numRuns: RUNS.routes });
  }, 120_000);

  it('the MCP endpoint, with generated JSON-RPC bodies and MCP headers', async () => {
    await fc.assert(fc.asyncProperty(mcpRequestArbitrary(gw), check), { numRuns: RUNS.mcp });
  }, 120_000);
});
