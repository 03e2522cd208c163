import { describe, expect, it } from 'vitest';
import { parseBoundedJson, MAX_JSON_DEPTH } from '../../gateway/mcp/guard.ts';
import { pathRedactor, redactPath } from '../../gateway/http-error.ts';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { ADMIN_KEY, createServer, testGateway } from './harness.ts';

/** `{"a":` … nested `depth` deep, as text: what a hostile client sends. */
const deepText = (depth: number, leaf = '1') => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;

const modernBody = (meta: string) =>
  `{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",` +
  `"io.modelcontextprotocol/clientInfo":{"name":"x","version":"1","extra":${meta}},"io.modelcontextprotocol/clientCapabilities":{}}}}`;

const errorLines = (logs: Record<string, unknown>[]) => logs.filter((line) => line.level === 'error');

describe('JSON bodies nested beyond the bound are the client\'s error, at the edge', () => {
  it(`counts nesting outside strings, and refuses past ${MAX_JSON_DEPTH} levels before parsing`, () => {
    expect(parseBoundedJson(deepText(MAX_JSON_DEPTH))).toMatchObject({ ok: true });
    expect(parseBoundedJson(deepText(MAX_JSON_DEPTH + 1))).toEqual({ ok: false, reason: 'too_deep', message: `nests deeper than ${MAX_JSON_DEPTH} levels` });
    expect(parseBoundedJson(`{"a":"${'['.repeat(10_000)}\\"{{{"}`)).toMatchObject({ ok: true });
    expect(parseBoundedJson('{"a":')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('a 2026-07-28 request whose _meta client info nests 6,000 deep: 400, never a 500, and no error line, with a valid token or none', async () => {
    const gw = await testGateway();
    const { token } = await createServer(gw, DEFAULT_ACCOUNT_ID, {});
    for (const path of [`/mcp/${token}`, '/mcp/anything']) {
      for (let i = 0; i < 20; i++) {
        const response = await gw.app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' },
          body: modernBody(deepText(6000)),
        });
        expect(response.status).toBe(path === '/mcp/anything' ? 401 : 400);
      }
    }
    expect(errorLines(gw.logs)).toEqual([]);
  });

  it('the answer to a too-deep MCP body is a JSON-RPC parse error saying why', async () => {
    const gw = await testGateway();
    const { token } = await createServer(gw, DEFAULT_ACCOUNT_ID, {});
    const response = await gw.app.request(`/mcp/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deepText(6000) });
    expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: `Parse error: the body nests deeper than ${MAX_JSON_DEPTH} levels` }, id: null });
  });

  it('an admin body nested 6,000 deep is a 400 saying so', async () => {
    const gw = await testGateway();
    const response = await gw.app.request('/api-token', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: `{"name":${deepText(6000, '"x"')}}`,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(`body: nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(errorLines(gw.logs)).toEqual([]);
  });
});

describe('a token in a path is never echoed nor logged, however it is cased', () => {
  it('POST /MCP/<valid token> answers a 404 that does not echo it, and the debug line does not hold it', async () => {
    const gw = await testGateway({ logLevel: 'debug' });
    const { token } = await createServer(gw, DEFAULT_ACCOUNT_ID, {});
    for (const path of [`/MCP/${token}`, `/Mcp/${token}/x`, `/mcp-x/${token}`, `/${token}`, `/ui/${token.toUpperCase()}`]) {
      const response = await gw.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const text = await response.text();
      expect(text.toLowerCase()).not.toContain(token.slice(6).toLowerCase());
    }
    expect(JSON.stringify(gw.logs).toLowerCase()).not.toContain(token.slice(6).toLowerCase());
  });

  it('the operator\'s own ADMIN_API_KEY, which need not have a token\'s shape, is neither echoed nor logged from a path', async () => {
    const key = 'Op.Key+chosen~by-me';
    const gw = await testGateway({ logLevel: 'debug', env: { ADMIN_API_KEY: key } });
    for (const path of [`/${key}`, `/x/${key.toUpperCase()}/y`, `/x/${encodeURIComponent(key)}`, `/integrated-account/${key}`]) {
      const response = await gw.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBeLessThan(500);
      const text = (await response.text()).toLowerCase();
      expect(text).not.toContain('op.key');
      expect(text).not.toContain(encodeURIComponent(key).toLowerCase());
    }
    const logged = JSON.stringify(gw.logs).toLowerCase();
    expect(logged).toContain('<redacted>');
    expect(logged).not.toContain('op.key');
  });

  it('pathRedactor redacts the secrets it is given, as written or percent-encoded, in any case, and what redactPath does', () => {
    const redact = pathRedactor(['s3cret.key+16chars', null]);
    expect(redact('/a/S3CRET.KEY+16CHARS/b')).toBe('/a/<redacted>/b');
    expect(redact(`/a/${encodeURIComponent('s3cret.key+16chars')}`)).toBe('/a/<redacted>');
    expect(redact('/MCP/rrmcp_abc')).toBe('/mcp/<redacted>');
    expect(redact('/a/s3cretXkey+16chars')).toBe('/a/s3cretXkey+16chars');
    expect(pathRedactor([])).toBe(redactPath);
  });

  it.each([
    ['/MCP/rrmcp_abc', '/mcp/<redacted>'],
    ['/x/rrapi_SECRET/y', '/x/<redacted>/y'],
    [`/x/${'A'.repeat(43)}`, '/x/<redacted>'],
    ['/integrated-account/abcdefghijklmnopqrstuv/mcp', '/integrated-account/abcdefghijklmnopqrstuv/mcp'],
  ])('redactPath(%s) is %s', (path, expected) => expect(redactPath(path)).toBe(expected));
});
