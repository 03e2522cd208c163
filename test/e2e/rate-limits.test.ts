import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMIT_DIALECTS, type RateLimitDialect } from '../../mock-roserocket/config.ts';
import { apiHits, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient, type SeenResponse } from '../support/mcp-clients.ts';
import { errorPayload, okPayload } from '../support/tool-results.ts';

/**
 * A 429 from Rose Rocket, in every header dialect the mock can speak: the
 * model gets an `isError` result with the normalised numbers, the HTTP
 * response of that very call carries `ratelimit-*` headers, what upstream did
 * not say stays null (never invented), and the gateway does not retry.
 */

const WINDOW_SECONDS = 60;

interface Expected {
  /** Whether the dialect states the quota (limit and remaining); Retry-After dialects only say when. */
  quota: boolean;
  /** Whether it says when the window resets. */
  reset: boolean;
  /** Whether that comes as Retry-After, which the result also reports as retry_after. */
  retryAfter: boolean;
}

const DIALECTS: Record<RateLimitDialect, Expected> = {
  none: { quota: false, reset: false, retryAfter: false },
  'x-ratelimit-epoch': { quota: true, reset: true, retryAfter: false },
  'x-ratelimit-delta': { quota: true, reset: true, retryAfter: false },
  'ietf-draft-06': { quota: true, reset: true, retryAfter: false },
  'ietf-structured': { quota: true, reset: true, retryAfter: false },
  'retry-after-seconds': { quota: false, reset: true, retryAfter: true },
  'retry-after-date': { quota: false, reset: true, retryAfter: true },
};

interface RateLimitPayload {
  status: number;
  error: string;
  message: string;
  ratelimit: { limit: number | null; remaining: number | null; reset: number | null };
  retry_after: number | null;
}

let env: E2eEnvironment;
beforeAll(async () => {
  env = await startE2eEnvironment({ mockAccounts: true });
});
afterAll(() => env?.close());
afterEach(() => {
  env.mock.control.configure({ rateLimit: null });
});

const lastResponse = (client: McpTestClient): SeenResponse => client.responses.at(-1)!;
const rateLimitHeaders = (response: SeenResponse) =>
  Object.fromEntries(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map((name) => [name, response.headers.get(name)]));

/** A reset stated in whole seconds from now: the window's length, give or take rounding and the time the test took. */
const aboutOneWindow = (value: number | null) => value !== null && value >= WINDOW_SECONDS - 5 && value <= WINDOW_SECONDS + 1;

describe.each(ERAS)('upstream 429s, with a %s client', (era) => {
  let opened: McpTestClient | null = null;
  afterEach(() => opened?.close());

  it.each(RATE_LIMIT_DIALECTS)('in the %s dialect', async (dialect) => {
    // Each case spends a quota: once upstream says it is spent until a reset, the gateway holds that
    // account's calls until then (gateway-rate-limits.test.ts), so each case is an account of its own.
    const accountId = await env.createAccount(`rate limits ${era} ${dialect}`);
    const client = (opened = await connect(era, (await env.createMcpServer('rate limits', {}, accountId)).url));
    // The token is fetched before any limit applies, so every later count is of API calls only.
    okPayload(await client.callTool('list_all_roserocket_user_groups', {}));
    const expected = DIALECTS[dialect];
    env.mock.control.configure({ rateLimit: { limit: 1, windowSeconds: WINDOW_SECONDS, dialect } });

    // The window's one allowed call; dialects that describe the quota do so on success too.
    okPayload(await client.callTool('list_all_roserocket_user_groups', {}));
    const quotaOnSuccess = rateLimitHeaders(lastResponse(client));
    if (expected.quota) {
      expect(quotaOnSuccess).toMatchObject({ 'ratelimit-limit': '1', 'ratelimit-remaining': '0' });
      expect(aboutOneWindow(Number(quotaOnSuccess['ratelimit-reset']))).toBe(true);
    }

    const { value: result, hits } = await env.hitsDuring(() => client.callTool('list_all_roserocket_user_groups', {}));
    expect(apiHits(hits)).toEqual([{ method: 'GET', path: '/api/v2/platformModel/userGroups', status: 429 }]);

    const payload = errorPayload<RateLimitPayload>(result);
    expect(payload).toMatchObject({ status: 429, error: 'rate_limited' });
    const { limit, remaining, reset } = payload.ratelimit;
    expect({ limit, remaining }).toEqual(expected.quota ? { limit: 1, remaining: 0 } : { limit: null, remaining: null });
    if (expected.reset) expect(aboutOneWindow(reset), `reset ${reset}`).toBe(true);
    else expect(reset).toBeNull();
    expect(payload.retry_after).toBe(expected.retryAfter ? reset : null);

    const response = lastResponse(client);
    expect(response.status).toBe(200);
    expect(rateLimitHeaders(response)).toEqual({
      'ratelimit-limit': expected.quota ? '1' : null,
      'ratelimit-remaining': expected.quota ? '0' : null,
      'ratelimit-reset': reset === null ? null : String(reset),
    });

    // Upstream said when the quota comes back: until then the gateway answers that 429 itself, sending nothing.
    // Without a reset there is nothing to wait for, and the call goes upstream again (never retried either way).
    const next = await env.hitsDuring(() => client.callTool('list_all_roserocket_user_groups', {}));
    const again = errorPayload<RateLimitPayload & { source?: string }>(next.value);
    if (expected.reset) {
      expect(apiHits(next.hits)).toEqual([]);
      expect(again).toMatchObject({ status: 429, error: 'rate_limited', source: 'gateway', ratelimit: { limit: expected.quota ? 1 : null, remaining: 0 } });
      expect(aboutOneWindow(again.retry_after), `retry_after ${again.retry_after}`).toBe(true);
      expect(rateLimitHeaders(lastResponse(client))).toMatchObject({ 'ratelimit-remaining': '0', 'ratelimit-reset': String(again.retry_after) });
    } else {
      expect(apiHits(next.hits)).toEqual([{ method: 'GET', path: '/api/v2/platformModel/userGroups', status: 429 }]);
      expect(again.source).toBeUndefined();
    }
  });
});
