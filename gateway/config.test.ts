import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const creds = {
  ROSEROCKET_CLIENT_ID: 'id',
  ROSEROCKET_CLIENT_SECRET: 'secret',
  ROSEROCKET_ORG_ID: 'org',
  ROSEROCKET_USER_ID: 'user',
};

describe('loadConfig', () => {
  it('defaults to the embedded mock on 127.0.0.1:3000', () => {
    const config = loadConfig({});
    expect(config.roseRocket).toBeNull();
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.stdio).toBe(false);
  });

  it('talks to the real Rose Rocket when all four credentials are set', () => {
    const config = loadConfig(creds);
    expect(config.roseRocket).toEqual({
      apiUrl: 'https://network.roserocket.com/api/v2/platformModel',
      authUrl: 'https://a.roserocket.com',
      clientId: 'id',
      clientSecret: 'secret',
      orgId: 'org',
      userId: 'user',
    });
  });

  it('names the missing credentials when only some are set', () => {
    expect(() => loadConfig({ ROSEROCKET_CLIENT_ID: 'id' })).toThrow(/ROSEROCKET_CLIENT_SECRET, ROSEROCKET_ORG_ID, ROSEROCKET_USER_ID/);
  });

  it('names the variable and the reason for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...creds, ROSEROCKET_API_URL: 'not a url' })).toThrow(/ROSEROCKET_API_URL/);
    // URLs the upstream client would refuse stop the start, rather than failing every call later
    expect(() => loadConfig({ ...creds, ROSEROCKET_API_URL: 'ftp://rr.example/api' })).toThrow('ROSEROCKET_API_URL: must be an http(s) URL');
    expect(() => loadConfig({ ...creds, ROSEROCKET_AUTH_URL: 'https://user:pw@auth.example' })).toThrow('ROSEROCKET_AUTH_URL: must not carry credentials');
    expect(() => loadConfig({ ADMIN_API_KEY: 'short' })).toThrow(/ADMIN_API_KEY: must be at least 16 characters/);
  });

  it('MCP_FAST_PATH is on unless set to off, and nothing else', () => {
    expect(loadConfig({}).fastPath).toBe(true);
    expect(loadConfig({ MCP_FAST_PATH: 'off' }).fastPath).toBe(false);
    expect(() => loadConfig({ MCP_FAST_PATH: 'no' })).toThrow(/MCP_FAST_PATH/);
  });

  it('reads flags, which win over the environment', () => {
    const config = loadConfig({ PORT: '4000' }, ['--port', '5000', '--stdio', '--methods=read', '--tags', 'events,boards']);
    expect(config.port).toBe(5000);
    expect(config.stdio).toBe(true);
    expect(config.stdioMethods).toEqual(['read']);
    expect(config.stdioTags).toEqual(['events', 'boards']);
  });

  it('rejects unknown flags and flags without their value', () => {
    expect(() => loadConfig({}, ['--prot', '1'])).toThrow(/Unknown flag --prot/);
    expect(() => loadConfig({}, ['--port'])).toThrow(/--port needs a value/);
    expect(() => loadConfig({}, ['serve'])).toThrow(/Unexpected argument "serve"/);
  });

  it('splits ALLOWED_ORIGINS and trims trailing slashes from URLs', () => {
    const config = loadConfig({ ...creds, ALLOWED_ORIGINS: 'claude.ai, example.com', ROSEROCKET_API_URL: 'https://x.example/api/', PUBLIC_URL: 'https://mcp.example/' });
    expect(config.allowedOrigins).toEqual(['claude.ai', 'example.com']);
    expect(config.roseRocket!.apiUrl).toBe('https://x.example/api');
    expect(config.publicUrl).toBe('https://mcp.example');
  });
});
