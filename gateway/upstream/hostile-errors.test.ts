import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createRoseRocketClient } from './client.ts';
import { nodeHttpSend } from './node-http.ts';
import { UpstreamError, UpstreamHttpError } from './errors.ts';
import { ACCOUNT, API, authServer, useMswServer } from './msw-fixtures.ts';
import { EXCERPT_LIMIT, excerpt, MESSAGE_LIMIT, redact } from './redact.ts';

/**
 * An upstream that echoes what it should not (the secret in other encodings)
 * and says too much (messages and bodies of any size): what reaches a tool
 * result is credential-free and capped.
 */
const server = useMswServer();
const SECRET = ACCOUNT.clientSecret;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

async function failure(respond: () => Response, path = ['objects', 'o-1']): Promise<UpstreamError> {
  server.use(authServer().handler, http.get(`${API}/*`, respond));
  const rr = createRoseRocketClient({ account: ACCOUNT, send: nodeHttpSend });
  const error = await rr.call({ method: 'GET', path }).then(() => expect.unreachable('should fail'), (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

const seen = (error: UpstreamError) => JSON.stringify(error.toPayload()) + error.message;

describe('the secret in the forms an upstream may echo it', () => {
  const forms: Array<[string, string]> = [
    ['upper-cased', SECRET.toUpperCase()],
    ['mixed case', SECRET.replace(/[a-z]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c))],
    ['base64', b64(SECRET)],
    ['base64url', b64url(SECRET)],
    ['base64 inside a Basic header of id:secret', `Basic ${b64(`${ACCOUNT.clientId}:${SECRET}`)}`],
    ['base64 of id:secret, bare', b64(`${ACCOUNT.clientId}:${SECRET}`)],
    ['base64 of x:secret (other alignment)', b64(`xx:${SECRET}`)],
  ];

  it.each(forms)('%s never reaches the error (message, excerpt)', async (_, form) => {
    const error = await failure(() => HttpResponse.json({ statusCode: 500, message: `bad client ${form} here`, echo: form }, { status: 500 }));
    expect(seen(error)).not.toContain(form.replace(/^Basic /, ''));
    expect(seen(error)).toContain('[redacted]');
  });

  it.each(forms)('%s is redacted from any text', (_, form) => {
    expect(redact(`a ${form} b`, [SECRET])).not.toContain(form.replace(/^Basic /, ''));
  });
});

describe('what of an upstream error is passed on is capped', () => {
  it(`upstream's message at ${MESSAGE_LIMIT} characters, the excerpt at ${EXCERPT_LIMIT}, the operation's path at 160`, async () => {
    const big = 'm'.repeat(200_000);
    const error = (await failure(() => HttpResponse.json({ statusCode: 404, message: `no object ${big}` }, { status: 404 }), ['external', 'e'.repeat(5_000)])) as UpstreamHttpError;
    expect(JSON.stringify(error.toPayload()).length).toBeLessThan(1500);
    expect(String(error.upstreamMessage).length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(error.message.length).toBeLessThan(800);
    expect(error.excerpt.length).toBeLessThanOrEqual(EXCERPT_LIMIT);
  });

  it('validation lines are kept while they fit, and the rest counted', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `field${i} must be a string`);
    const error = (await failure(() => HttpResponse.json({ statusCode: 400, message: lines }, { status: 400 }))) as UpstreamHttpError;
    const said = error.upstreamMessage as string[];
    expect(said.join('').length).toBeLessThan(MESSAGE_LIMIT + 50);
    expect(said.at(-1)).toMatch(/^\(\d+ more\)$/);
  });

  it('an excerpt of a huge body still leaves no partial secret at its cut', () => {
    const text = `${'a'.repeat(EXCERPT_LIMIT - 5)}${SECRET}${'b'.repeat(10_000_000)}`;
    const out = excerpt(text, [SECRET]);
    expect(out.length).toBeLessThanOrEqual(EXCERPT_LIMIT);
    expect(out).not.toContain(SECRET.slice(0, 4));
  });
});
