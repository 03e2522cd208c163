import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../mock-roserocket/orgs.ts';
import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS } from '../support/mcp-clients.ts';
import { okPayload } from '../support/tool-results.ts';

/**
 * "Today" in the instructions is the dispatcher's today: the handshake
 * names the account's timezone (from Rose Rocket's `/me`, read once per
 * account) with the local date and time in it. When `/me` fails the session
 * still opens, and says UTC alone.
 */

const isMe = (path: string) => path.startsWith('/api/v1/me');

/** Today's date in a zone, as a dispatcher there would write it. */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe("the account's timezone in the instructions", () => {
  let env: E2eEnvironment;
  let url: string;
  beforeAll(async () => {
    env = await startE2eEnvironment();
    url = (await env.createMcpServer('dispatcher')).url;
  });
  afterAll(() => env?.close());

  it.each(ERAS)("a %s client is told the local date and time in the org's timezone, with one /me for every session of the account", async (era) => {
    const { value: told, hits } = await env.hitsDuring(async () => {
      const seen: (string | undefined)[] = [];
      for (let i = 0; i < 3; i++) {
        const client = await connect(era, url);
        seen.push(client.instructions);
        await client.close();
      }
      return seen;
    });
    for (const instructions of told) {
      expect(instructions).toContain(`in ${DEMO_ORG.timezone}, the account's timezone, so today is ${todayIn(DEMO_ORG.timezone)} there;`);
      expect(instructions).toMatch(/\d{2}:\d{2} UTC\./);
    }
    expect(hits.filter((hit) => isMe(hit.path)).length).toBeLessThanOrEqual(1);
    expect(env.upstreamHits.filter((hit) => isMe(hit.path))).toHaveLength(1);
  });
});

describe('when /me fails', () => {
  let env: E2eEnvironment;
  let url: string;
  beforeAll(async () => {
    env = await startE2eEnvironment({ intercept: (request) => (isMe(new URL(request.url).pathname) ? Response.json({ statusCode: 503, message: 'Service Unavailable' }, { status: 503 }) : undefined) });
    url = (await env.createMcpServer('dispatcher')).url;
  });
  afterAll(() => env?.close());

  it.each(ERAS)('a %s client still gets its session, told the time in UTC alone, and its tools work', async (era) => {
    const client = await connect(era, url);
    try {
      expect(client.instructions).toMatch(/Now: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(\w+day\)\./);
      expect(client.instructions).not.toContain("the account's timezone");
      const order = okPayload<{ fullId: string }>(await client.callTool('get_single_roserocket_objects_external_by_id', { object_key: 'order', external_id: 'ERP-992' }));
      expect(order.fullId).toBe('O-1');
    } finally {
      await client.close();
    }
    // Asked at the first handshake, then not again within the minute.
    expect(env.upstreamHits.filter((hit) => isMe(hit.path))).toHaveLength(1);
  });
});
