import { sessionTools, type McpServerDeps, type McpSession } from '../server.ts';
import { encode, type Outcome } from './encode.ts';
import { take, type Header, type PlainToolRequest } from './take.ts';

/**
 * The fast path: `tools/call` and `tools/list`, the two requests an agent
 * makes all day, answered without the SDK's per-request server. One seam:
 * `take` says whether a request is one it answers, `encode` writes the
 * answer; between them runs the same tool seam the SDK's server runs
 * (`sessionTools`: filters, argument validation, logs, metrics).
 *
 * Why: under load (`npm run bench`, concurrency 32) the SDK's per-request
 * server and transport cost ~500-600 µs of CPU per tools/call, more than all
 * the rest of the gateway's work for it, the upstream call included: a
 * Protocol instance with its maps and promise chains, each message parsed
 * against unions of every message type, the result validated and copied.
 * The endpoint is stateless, so for these two methods that server holds
 * nothing between the request and its answer.
 *
 * What keeps it the SDK's answer: `take` takes only the plain shape clients
 * send (anything else, and a tool this server does not have, goes to the
 * SDK, which owns those errors), and `test/e2e/fast-path.test.ts` sends
 * generated requests through a gateway with the fast path and one without,
 * and requires the same whole answer, status and headers included.
 *
 * Switched off by `MCP_FAST_PATH=off` (gateway/config.ts): every request then
 * goes to the SDK. CI runs the end-to-end and conformance suites both ways.
 *
 * Measured against the alternative GitHub's MCP server takes (a per-request
 * SDK server that registers only the tool called): with the fast path off,
 * every call is answered by a per-request server holding only the two tool
 * handlers, which is that approach at its cheapest. `npm run bench`, one
 * sitting on 2026-12-02: tools/call at 58% of the bare proxy's throughput
 * and ~3x the gateway CPU per call, against 106-109% with the fast path.
 *
 * What would let it go: the SDK answering a stateless tools/call within
 * ~10% of this path's CPU per call. Check with
 * `npm run bench -- --only c-legacy,c-modern` run with `MCP_FAST_PATH=off`
 * and without; when the two rows are that close, delete this folder and the
 * one `fastAnswer` call in endpoint.ts.
 */

/** The answer to a request the fast path takes, or null for the SDK to answer. */
export function fastAnswer(header: Header, body: unknown, session: McpSession, deps: McpServerDeps): Promise<Response> | null {
  const request = take(header, body);
  if (!request || (request.name !== undefined && !session.catalogue.byName.has(request.name))) return null;
  return outcomeOf(request, session, deps).then((outcome) => {
    const { status, headers, body } = encode(request, outcome, session.rateLimit);
    return new Response(body, { status, headers });
  });
}

async function outcomeOf(request: PlainToolRequest, session: McpSession, deps: McpServerDeps): Promise<Outcome> {
  const tools = sessionTools(session, deps);
  try {
    if (request.method === 'tools/list') return { kind: 'listing', tools: (await tools.list()).tools };
    return { kind: 'result', result: await tools.call(request.name!, request.arguments) };
  } catch (error) {
    return { kind: 'thrown', error };
  }
}

export { take, type PlainToolRequest } from './take.ts';
