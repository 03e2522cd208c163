import manifest from '../package.json' with { type: 'json' };

/**
 * What `--help` and `--version` print. Both are answered before the
 * configuration is read, so they work with any environment, even one the
 * gateway would refuse to start with.
 */

export const VERSION: string = manifest.version;

export const USAGE = `roserocket-mcp ${VERSION}: an MCP gateway for the Rose Rocket TMS

Usage:
  roserocket-mcp [--port N] [--host H] [--data-dir DIR]
      Serve MCP over HTTP. Without ROSEROCKET_* credentials it serves an embedded
      mock Rose Rocket and prints a demo MCP server URL and a first admin token.
  roserocket-mcp --stdio [--methods LIST] [--tags LIST]
      Serve one MCP client over stdin/stdout (Claude Desktop), with the tools the
      filters allow: --methods read,write,custom,list,get,... --tags objects,events,...
  roserocket-mcp --help | --version

Flags override PORT, HOST and DATA_DIR. Main environment variables:
  ROSEROCKET_CLIENT_ID, ROSEROCKET_CLIENT_SECRET, ROSEROCKET_ORG_ID, ROSEROCKET_USER_ID
                   the Rose Rocket service account (all four, or none for the mock)
  PUBLIC_URL       the address clients reach the gateway at (printed in URLs); unset,
                   the gateway answers only to localhost, 127.0.0.1 and [::1]
  ADMIN_API_KEY    an admin API token of your choosing (16+ characters); setting it
                   is also how to get admin access back when the printed token is lost
  ENCRYPTION_KEY   the key that seals stored secrets (else generated in DATA_DIR)
  REDIS_URL        share state between instances through Redis
  LOG_LEVEL        debug, info (default), warn or error

Every setting, the admin API and troubleshooting: README.md, shipped with the package.
`;

/** `--help` or `--version` among the arguments: the text to print instead of starting, or null. */
export function informationRequested(argv: readonly string[]): string | null {
  if (argv.includes('--help') || argv.includes('-h')) return USAGE;
  if (argv.includes('--version') || argv.includes('-v')) return `${VERSION}\n`;
  return null;
}
