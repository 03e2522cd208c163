import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createRoseRocketClient } from './client.ts';
import { nodeHttpSend } from './node-http.ts';
import { UpstreamNetworkError, UpstreamRequestError, UpstreamTimeoutError } from './errors.ts';
import { ACCOUNT, clientFixtures, failure, getOrder, ORDER, useMswServer } from './msw-fixtures.ts';

/**
 * The client's failures that carry no upstream status: Rose Rocket out of
 * reach or too slow, a request that cannot be sent, and a client that cannot
 * be made. Answers by status class are in client.test.ts.
 */
const server = useMswServer();
const { client, objectEndpoint } = clientFixtures(server);

describe('network and time', () => {
  it('reports a network failure with no status', async () => {
    const { rr } = client();
    objectEndpoint(() => HttpResponse.error());
    const error = await failure(rr.call(getOrder));
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect(error.toPayload()).toEqual({
      status: null,
      error: 'network_error',
      message: expect.stringMatching(new RegExp(`^Could not reach Rose Rocket for GET /objects/${ORDER.id}: `)),
    });
  });

  it('times out a slow answer after timeoutMs', async () => {
    const { rr } = client({ timeoutMs: 50 });
    objectEndpoint(async () => {
      await delay(2_000);
      return HttpResponse.json(ORDER);
    });
    const started = performance.now();
    const error = await failure(rr.call(getOrder));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(error.toPayload()).toEqual({ status: null, error: 'timeout', message: `Rose Rocket did not answer GET /objects/${ORDER.id} within 50 ms` });
  });

  it('times out a body that stalls after the headers', async () => {
    const { rr } = client({ timeoutMs: 50 });
    objectEndpoint(() => {
      const stalled = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id":'));
        },
      });
      return new HttpResponse(stalled, { headers: { 'Content-Type': 'application/json' } });
    });
    expect(await failure(rr.call(getOrder))).toBeInstanceOf(UpstreamTimeoutError);
  });
});

describe('requests that cannot be sent', () => {
  it('fails before any token is fetched or call is made', async () => {
    const { rr, auth } = client();
    const error = await failure(rr.call({ method: 'GET', path: ['objects', '..', 'bulk_delete'] }));
    expect(error).toBeInstanceOf(UpstreamRequestError);
    expect(error.toPayload()).toEqual({ status: null, error: 'invalid_request', message: 'path segment 2 ("..") cannot be sent in a URL' });
    expect(auth.grants).toHaveLength(0);
  });
});

describe('configuration', () => {
  it.each([
    [{ account: { ...ACCOUNT, apiUrl: 'nope' } }, 'account.apiUrl: must be an absolute URL, got "nope"'],
    [{ account: { ...ACCOUNT, authUrl: 'ftp://a.test' } }, 'account.authUrl: must be an http(s) URL'],
    [{ account: { ...ACCOUNT, clientSecret: ' ' } }, 'account.clientSecret: must be a non-empty string'],
    [{ account: ACCOUNT, timeoutMs: 0 }, 'timeoutMs: must be a positive number of milliseconds'],
  ])('refuses a bad option, naming it', (options, message) => {
    expect(() => createRoseRocketClient({ send: nodeHttpSend, ...options })).toThrow(message);
  });
});
