import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../gateway/config.ts';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { createMockRoseRocket } from '../../mock-roserocket/app.ts';
import { OTHER_ORG } from '../../mock-roserocket/orgs.ts';
import { accountInput, callTool, createServer, testGateway, type TestGateway } from './harness.ts';

/** A call that came back as a tool result that is not an error (a failed request has no result at all). */
const answeredOk = (answer: { result?: { isError?: boolean } }) => answer.result !== undefined && answer.result.isError !== true;

/**
 * The gateway's own limits: a URL over its rate, or an account upstream said
 * is spent until a reset, is answered by the gateway in the shape of an
 * upstream 429 naming itself, and the call never reaches upstream.
 */
async function countingGateway(env: Record<string, string> = {}) {
  const mock = createMockRoseRocket();
  /** Every platform-model request the mock received (token requests aside). */
  const upstreamCalls: string[] = [];
  const gw = await testGateway({
    mock,
    env,
    upstreamFetch: async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname.startsWith('/api/')) upstreamCalls.push(request.url);
      return mock.fetch(request);
    },
  });
  return { gw, mock, upstreamCalls };
}

const boards = (gw: TestGateway, token: string) => callTool(gw, token, 'list_all_roserocket_boards', {});
const refusals = async (gw: TestGateway) => {
  const text = await (await gw.admin('GET', '/metrics')).text();
  const count = (scope: string) => Number(new RegExp(`roserocket_mcp_rate_limit_refusals_total\\{scope="${scope}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { url: count('url'), account: count('account') };
};

describe('per URL: config.rate_limit', () => {
  it('past its rate a call is refused locally, in the shape of an upstream 429 naming the gateway, with ratelimit headers, and counted', async () => {
    const { gw, upstreamCalls } = await countingGateway();
    const { token } = await createServer(gw, DEFAULT_ACCOUNT_ID, { config: { rate_limit: { requests: 3, per_seconds: 60 } } });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await boards(gw, token));
    expect(answers.map((a) => (a.result === undefined ? 'no result' : Boolean(a.result.isError)))).toEqual([false, false, false, true, true, true]);
    // Three calls went upstream, and not one of the refused ones.
    expect(upstreamCalls).toHaveLength(3);
    const refused = answers[3]!;
    expect(refused.result!.structuredContent).toEqual({
      status: 429,
      error: 'rate_limited',
      source: 'gateway',
      scope: 'url',
      message: expect.stringMatching(/over the gateway's limit for it of 3 calls per 60 s \(not Rose Rocket's quota\)\. Try again in \d+ s\./),
      ratelimit: { limit: 3, remaining: 0, reset: expect.any(Number) },
      retry_after: expect.any(Number),
    });
    const { reset } = refused.result!.structuredContent.ratelimit;
    expect(reset).toBeGreaterThan(55);
    expect(reset).toBeLessThanOrEqual(60);
    expect(refused.result!.structuredContent.retry_after).toBe(reset);
    expect(refused.response.status).toBe(200);
    expect(Object.fromEntries(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map((h) => [h, refused.response.headers.get(h)]))).toEqual({
      'ratelimit-limit': '3',
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(reset),
    });
    expect(await refusals(gw)).toEqual({ url: 3, account: 0 });
    expect(gw.logs.filter((l) => l.msg === 'tool_call' && l.outcome === 'rate_limited')).toHaveLength(3);
    expect(gw.logs.find((l) => l.outcome === 'rate_limited')).toMatchObject({ source: 'gateway', scope: 'url' });
  });

  it('counts each URL apart: one URL over its rate leaves another of the same account alone', async () => {
    const { gw } = await countingGateway();
    const one = await createServer(gw, DEFAULT_ACCOUNT_ID, { config: { rate_limit: { requests: 1, per_seconds: 60 } } });
    const two = await createServer(gw, DEFAULT_ACCOUNT_ID, { config: { rate_limit: { requests: 1, per_seconds: 60 } } });
    expect(answeredOk(await boards(gw, one.token))).toBe(true);
    expect((await boards(gw, one.token)).result?.isError).toBe(true);
    expect(answeredOk(await boards(gw, two.token))).toBe(true);
  });

  it('is validated on create and PATCH (400 naming the field), shown on GET, kept by a PATCH that leaves it out, and null turns it off', async () => {
    const { gw } = await countingGateway();
    const path = `/integrated-account/${DEFAULT_ACCOUNT_ID}/mcp`;
    const bad = [{ requests: 0, per_seconds: 60 }, { requests: 1.5, per_seconds: 60 }, { requests: 5 }, { requests: 5, per_seconds: 100_000 }, { requests: 5, per_seconds: 60, burst: 2 }, '300/60', 300];
    const server = await createServer(gw, DEFAULT_ACCOUNT_ID, { config: { rate_limit: { requests: 2, per_seconds: 60 } } });
    for (const rate_limit of bad) {
      const created = await gw.admin('POST', path, { name: 'x', config: { rate_limit } });
      expect(created.status).toBe(400);
      expect(((await created.json()) as { message: string }).message).toMatch(/^config\.rate_limit/);
      const patched = await gw.admin('PATCH', `${path}/${server.id}`, { config: { rate_limit } });
      expect(patched.status).toBe(400);
      expect(((await patched.json()) as { message: string }).message).toMatch(/^config\.rate_limit/);
    }
    // Numbers out of range are said as numbers, not as lists ("must have at least 1 items").
    const said = async (rate_limit: unknown) => ((await (await gw.admin('POST', path, { name: 'x', config: { rate_limit } })).json()) as { message: string }).message;
    expect(await said({ requests: 0, per_seconds: 60 })).toBe('config.rate_limit.requests: must be at least 1');
    expect(await said({ requests: 2_000_000, per_seconds: 100_000 })).toBe('config.rate_limit.requests: must be at most 1000000; config.rate_limit.per_seconds: must be at most 86400');
    const shown = async () => ((await (await gw.admin('GET', `${path}/${server.id}`)).json()) as { config: { rate_limit?: unknown } }).config.rate_limit;
    // Nothing half-written by the refused PATCHes.
    expect(await shown()).toEqual({ requests: 2, per_seconds: 60 });
    await gw.admin('PATCH', `${path}/${server.id}`, { config: { tags: ['boards'] } });
    expect(await shown()).toEqual({ requests: 2, per_seconds: 60 });

    const patched = await gw.admin('PATCH', `${path}/${server.id}`, { config: { rate_limit: { requests: 1, per_seconds: 60 } } });
    expect(((await patched.json()) as { config: { rate_limit: unknown } }).config.rate_limit).toEqual({ requests: 1, per_seconds: 60 });
    expect(answeredOk(await boards(gw, server.token))).toBe(true);
    expect((await boards(gw, server.token)).result?.isError).toBe(true);

    await gw.admin('PATCH', `${path}/${server.id}`, { config: { rate_limit: null } });
    expect(await shown()).toBeNull();
    for (let i = 0; i < 5; i++) expect(answeredOk(await boards(gw, server.token))).toBe(true);
  });

  it('left out, the URL follows MCP_RATE_LIMIT (GET shows it absent); off leaves such a URL unlimited', async () => {
    const { gw, upstreamCalls } = await countingGateway({ MCP_RATE_LIMIT: '2/60' });
    const server = await createServer(gw, DEFAULT_ACCOUNT_ID, {});
    const got = (await (await gw.admin('GET', `/integrated-account/${DEFAULT_ACCOUNT_ID}/mcp/${server.id}`)).json()) as { config: Record<string, unknown> };
    expect('rate_limit' in got.config).toBe(false);
    const answers = await Promise.all(Array.from({ length: 5 }, () => boards(gw, server.token)));
    expect(answers.filter((a) => a.result?.structuredContent.source === 'gateway')).toHaveLength(3);
    expect(upstreamCalls).toHaveLength(2);

    const off = await countingGateway({ MCP_RATE_LIMIT: 'off' });
    const free = await createServer(off.gw, DEFAULT_ACCOUNT_ID, {});
    const many = await Promise.all(Array.from({ length: 20 }, () => boards(off.gw, free.token)));
    expect(many.filter((a) => !answeredOk(a))).toEqual([]);
  });
});

describe('per account: after upstream says the quota is spent until a reset', () => {
  it("further calls of the account are answered locally with that 429 until the reset, on every URL of it, and then go upstream again", async () => {
    const { gw, mock, upstreamCalls } = await countingGateway();
    const one = await createServer(gw, DEFAULT_ACCOUNT_ID, { config: { rate_limit: null } });
    const two = await createServer(gw, DEFAULT_ACCOUNT_ID, { config: { rate_limit: null } });
    mock.control.configure({ rateLimit: { limit: 1, windowSeconds: 2, dialect: 'ietf-draft-06' } });
    await boards(gw, one.token);
    const spent = await boards(gw, one.token);
    expect(spent.result?.structuredContent).toMatchObject({ status: 429, ratelimit: { limit: 1, remaining: 0 } });
    expect(spent.result?.structuredContent.source).toBeUndefined();
    const sent = upstreamCalls.length;

    const held = await boards(gw, two.token);
    expect(held.result?.structuredContent).toMatchObject({
      status: 429,
      error: 'rate_limited',
      source: 'gateway',
      scope: 'account',
      message: expect.stringMatching(/Rose Rocket said this account's quota is spent/),
      ratelimit: { limit: 1, remaining: 0, reset: expect.any(Number) },
      retry_after: expect.any(Number),
    });
    expect(held.response.headers.get('ratelimit-limit')).toBe('1');
    expect(held.response.headers.get('ratelimit-remaining')).toBe('0');
    expect(upstreamCalls.length).toBe(sent);
    expect(await refusals(gw)).toEqual({ url: 0, account: 1 });

    // After the reset the account's calls go upstream again (and upstream's new window lets one through).
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(answeredOk(await boards(gw, two.token))).toBe(true);
    expect(upstreamCalls.length).toBe(sent + 1);
  });

  it('holds only the account upstream refused: another account goes on', async () => {
    const { gw, mock } = await countingGateway();
    const other = await gw.records.accounts.create(accountInput(OTHER_ORG));
    const mine = await createServer(gw, DEFAULT_ACCOUNT_ID, { config: { rate_limit: null } });
    const theirs = await createServer(gw, other.id, { config: { rate_limit: null } });
    mock.control.configure({ rateLimit: { limit: 1, windowSeconds: 60, dialect: 'retry-after-seconds' } });
    await boards(gw, mine.token);
    await boards(gw, mine.token);
    expect((await boards(gw, mine.token)).result?.structuredContent).toMatchObject({ source: 'gateway', scope: 'account' });
    expect(answeredOk(await boards(gw, theirs.token))).toBe(true);
  });

  it('a 429 that does not say when the quota comes back holds nothing: the next call goes upstream (and is not retried)', async () => {
    const { gw, mock, upstreamCalls } = await countingGateway();
    const { token } = await createServer(gw, DEFAULT_ACCOUNT_ID, { config: { rate_limit: null } });
    mock.control.configure({ rateLimit: { limit: 1, windowSeconds: 60, dialect: 'none' } });
    await boards(gw, token);
    const sent = upstreamCalls.length;
    for (let i = 0; i < 2; i++) expect((await boards(gw, token)).result?.structuredContent).toMatchObject({ status: 429 });
    expect(upstreamCalls.length).toBe(sent + 2);
  });
});

describe('MCP_RATE_LIMIT', () => {
  it('defaults to 300/60, takes <requests>/<seconds> or off, and refuses anything else with a message naming it', () => {
    expect(loadConfig({}).mcpRateLimit).toEqual({ requests: 300, per_seconds: 60 });
    expect(loadConfig({ MCP_RATE_LIMIT: '10/1' }).mcpRateLimit).toEqual({ requests: 10, per_seconds: 1 });
    expect(loadConfig({ MCP_RATE_LIMIT: ' 10 / 1 ' }).mcpRateLimit).toEqual({ requests: 10, per_seconds: 1 });
    expect(loadConfig({ MCP_RATE_LIMIT: 'off' }).mcpRateLimit).toBeNull();
    expect(loadConfig({ MCP_RATE_LIMIT: 'OFF' }).mcpRateLimit).toBeNull();
    for (const value of ['lots', '0/60', '10/0', '10', '10/100000', '2000000/60', '1.5/60', '-1/60', '']) {
      expect(() => loadConfig({ MCP_RATE_LIMIT: value }), value).toThrow(/MCP_RATE_LIMIT must be <requests>\/<seconds> \(1 to 1000000 calls per 1 to 86400 s, e\.g\. 300\/60\) or off/);
    }
  });
});
