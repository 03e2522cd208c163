import { describe, expect, it } from 'vitest';
import { banner } from './banner.ts';
import type { Gateway } from './bootstrap.ts';
import { loadConfig } from './config.ts';

/** The parts of a started gateway the banner reads. */
const started = (overrides: Partial<Gateway> = {}) =>
  ({ embedded: { prefix: '/mock' }, demo: null, generatedAdminToken: null, adminApiKeyRevoked: false, ...overrides }) as unknown as Gateway;

describe('the start-up banner', () => {
  it('puts a token generated now into its curl, which otherwise reads $ADMIN_API_KEY', () => {
    const config = loadConfig({});
    const generated = banner(config, started({ generatedAdminToken: 'rrapi_generated' }));
    expect(generated).toContain('-H "Authorization: Bearer rrapi_generated"');
    expect(banner(config, started())).toContain('-H "Authorization: Bearer $ADMIN_API_KEY"');
  });

  it('says that a gateway bound beyond loopback without PUBLIC_URL answers only loopback names', () => {
    const warning = /bound to 0\.0\.0\.0, but it answers only to localhost, 127\.0\.0\.1 and \[::1\] until PUBLIC_URL/;
    expect(banner(loadConfig({ HOST: '0.0.0.0' }), started())).toMatch(warning);
    expect(banner(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://mcp.example.com' }), started())).not.toMatch(/answers only to/);
    expect(banner(loadConfig({}), started())).not.toMatch(/answers only to/);
  });
});
