import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../gateway/records/index.ts';
import { ADMIN_KEY, approve, authorizeParams, connectedClient, mcpCall, oauthGateway, PUBLIC_URL, REDIRECT_URI, register, RESOURCE, token, VERIFIER } from './harness.ts';

describe('discovery', () => {
  it('answers a bare /mcp without a token with 401 naming the resource metadata', async () => {
    const gw = await oauthGateway();
    const { response } = await mcpCall(gw, null, 'tools/list');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${PUBLIC_URL}/.well-known/oauth-protected-resource/mcp"`);
  });

  it('names the gateway as authorization server of its /mcp (RFC 9728) and describes itself (RFC 8414)', async () => {
    const gw = await oauthGateway();
    const resource = await (await gw.app.request('/.well-known/oauth-protected-resource/mcp')).json();
    expect(resource).toMatchObject({ resource: RESOURCE, authorization_servers: [PUBLIC_URL] });
    const server = await (await gw.app.request('/.well-known/oauth-authorization-server')).json();
    expect(server).toMatchObject({
      issuer: PUBLIC_URL,
      authorization_endpoint: `${PUBLIC_URL}/oauth/authorize`,
      token_endpoint: `${PUBLIC_URL}/oauth/token`,
      registration_endpoint: `${PUBLIC_URL}/oauth/register`,
      code_challenge_methods_supported: ['S256'],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    });
  });
});

describe('authorization code with PKCE', () => {
  it('shows the consent page with the client name and its redirect host', async () => {
    const gw = await oauthGateway();
    const { body: client } = await register(gw, { client_name: 'Claude <test>', redirect_uris: [REDIRECT_URI] });
    const response = await gw.app.request(`/oauth/authorize?${new URLSearchParams(await authorizeParams(client.client_id))}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const html = await response.text();
    expect(html).toContain('<strong id="client-name">Claude &lt;test&gt;</strong>');
    expect(html).toContain('<strong id="redirect-host">127.0.0.1:7777</strong>');
  });

  it('redirects back with code, state and iss, and the tokens it trades for serve /mcp with the chosen filter', async () => {
    const gw = await oauthGateway();
    const { body: client } = await register(gw);
    const params = await authorizeParams(client.client_id);
    const { response, location } = await approve(gw, params, { methods: 'read', tags: 'events' });
    expect(response.status).toBe(303);
    expect(location!.origin + location!.pathname).toBe(REDIRECT_URI);
    expect(location!.searchParams.get('state')).toBe('state-123');
    expect(location!.searchParams.get('iss')).toBe(PUBLIC_URL);

    const { response: tokenResponse, body: tokens } = await token(gw, {
      grant_type: 'authorization_code',
      code: location!.searchParams.get('code')!,
      code_verifier: VERIFIER,
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      resource: RESOURCE,
    });
    expect(tokenResponse.status).toBe(200);
    expect(tokenResponse.headers.get('cache-control')).toBe('no-store');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

    const { response: listed, body } = await mcpCall(gw, tokens.access_token, 'tools/list');
    expect(listed.status).toBe(200);
    const names: string[] = body.result.tools.map((t: { name: string }) => t.name);
    expect(names).toContain('list_all_roserocket_events');
    expect(names).not.toContain('create_a_roserocket_event');
    expect(names.every((n) => n.includes('event'))).toBe(true);
  });

  it('makes the grant an MCP server record of the chosen account, marked with its client', async () => {
    const gw = await oauthGateway();
    const { client } = await connectedClient(gw);
    const servers = await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID);
    expect(servers).toHaveLength(1);
    expect(servers[0]).toMatchObject({ name: 'Test Client', config: { methods: ['read'] }, oauth: { client_id: client.client_id, client_name: 'Test Client', redirect_uri: REDIRECT_URI } });
  });

  it("lists the grant in the account's MCP Servers tab as an OAuth connection with its client's name", async () => {
    const gw = await oauthGateway();
    await connectedClient(gw);
    const signIn = await gw.app.request('/ui/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_URL },
      body: new URLSearchParams({ token: ADMIN_KEY }).toString(),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const tab = await (await gw.app.request(`/ui/accounts/${DEFAULT_ACCOUNT_ID}/mcp-servers`, { headers: { cookie } })).text();
    expect(tab.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain('Test Client OAuth connection Test Client');
  });

  it('revoking the MCP server record ends its access token on the next call', async () => {
    const gw = await oauthGateway();
    const { tokens } = await connectedClient(gw);
    expect((await mcpCall(gw, tokens.access_token, 'tools/list')).response.status).toBe(200);
    const [server] = await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID);
    expect(await gw.records.mcpServers.delete(DEFAULT_ACCOUNT_ID, server!.id)).toBe(true);
    const { response } = await mcpCall(gw, tokens.access_token, 'tools/list');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('rotates refresh tokens, and reuse of a rotated one revokes the grant', async () => {
    const gw = await oauthGateway();
    const { client, tokens } = await connectedClient(gw);
    const refreshed = await token(gw, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id, resource: RESOURCE });
    expect(refreshed.response.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await mcpCall(gw, refreshed.body.access_token, 'tools/list')).response.status).toBe(200);

    const reused = await token(gw, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: client.client_id });
    expect(reused.response.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    expect((await mcpCall(gw, refreshed.body.access_token, 'tools/list')).response.status).toBe(401);
    expect(await gw.records.mcpServers.list(DEFAULT_ACCOUNT_ID)).toEqual([]);
    expect(gw.logs).toContainEqual(expect.objectContaining({ msg: 'oauth_grant_revoked', reason: 'rotated refresh token reused' }));
  });

  it('an access token past its lifetime is refused', async () => {
    const gw = await oauthGateway();
    const { tokens } = await connectedClient(gw);
    gw.now.ms += 3600_000 + 1;
    expect((await mcpCall(gw, tokens.access_token, 'tools/list')).response.status).toBe(401);
  });

  it('secret URLs keep working beside OAuth', async () => {
    const gw = await oauthGateway();
    const { token: urlToken } = await gw.records.mcpServers.create(DEFAULT_ACCOUNT_ID, { name: 'url', config: { methods: [], tags: [], require_api_token_auth: false }, expires_at: null });
    const response = await gw.app.request(`/mcp/${urlToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(response.status).toBe(200);
  });
});
