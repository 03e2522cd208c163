import type { Gateway } from './bootstrap.ts';
import type { GatewayConfig } from './config.ts';

/** What `npm start` tells a person: where to point Claude, and how to make more URLs. */
export function banner(config: GatewayConfig, gateway: Gateway): string {
  const base = config.publicUrl;
  const lines = [`roserocket-mcp listening on ${base}`];
  // Without PUBLIC_URL, the only non-loopback bind that starts is the wildcard (host-check.ts): say what it answers.
  if (!config.publicUrlGiven && (config.host === '0.0.0.0' || config.host === '::' || config.host === '[::]')) {
    lines.push(`  (bound to ${config.host}, but it answers only to localhost, 127.0.0.1 and [::1] until PUBLIC_URL names the address clients use)`);
  }
  if (gateway.embedded) {
    lines.push(
      '',
      'No Rose Rocket credentials are set: serving the embedded mock Rose Rocket (demo data, nothing real).',
      `  mock API: ${base}${gateway.embedded.prefix}/api/v2/platformModel`,
    );
  } else {
    lines.push('', `Rose Rocket: ${config.roseRocket!.apiUrl} (org ${config.roseRocket!.orgId})`);
  }
  if (gateway.demo) {
    const url = gateway.demo.url;
    const desktop = { mcpServers: { roserocket: { command: 'npx', args: ['-y', 'mcp-remote', url] } } };
    lines.push(
      '',
      'Demo MCP server URL (every tool; shown once, replaced at each start):',
      `  ${url}`,
      '',
      'claude_desktop_config.json:',
      ...JSON.stringify(desktop, null, 2).split('\n').map((l) => `  ${l}`),
    );
  }
  if (gateway.generatedAdminToken) {
    lines.push('', 'Admin API token (generated on first start, shown only now; set ADMIN_API_KEY to choose your own):', `  ${gateway.generatedAdminToken}`);
  }
  if (gateway.adminApiKeyRevoked) {
    lines.push('', 'ADMIN_API_KEY names a revoked key: it opens nothing. Set a new value, or use another operator token.');
  }
  lines.push(
    '',
    `Dashboard: ${base}/ui (sign in with the admin API token)`,
    '',
    'Create a read-only MCP server URL:',
    `  curl -s -X POST ${base}/integrated-account/default/mcp \\`,
    // A token generated now is shown above anyway; anyone else has theirs in $ADMIN_API_KEY.
    `    -H "Authorization: Bearer ${gateway.generatedAdminToken ?? '$ADMIN_API_KEY'}" -H 'Content-Type: application/json' \\`,
    `    -d '{"name":"Dispatch (read-only)","config":{"methods":["read"]}}'`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
