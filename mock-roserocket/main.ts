/**
 * `npm run mock`: the mock Rose Rocket alone, for poking at with curl.
 * The only module of the mock that reads argv and the environment.
 */
import { serve } from '@hono/node-server';
import { parseArgs } from 'node:util';
import { createMockRoseRocket } from './app.ts';
import { SEED_ORGS } from './orgs.ts';

function fail(message: string): never {
  console.error(`mock-roserocket: ${message}`);
  process.exit(2);
}

function readSettings() {
  let values: { port?: string; host?: string };
  try {
    ({ values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } }));
  } catch (err) {
    fail(`${(err as Error).message}. Usage: npm run mock -- [--port 4010] [--host 127.0.0.1]`);
  }
  const rawPort = values.port ?? process.env.PORT ?? '4010';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65_535) fail(`--port/PORT must be a port number (0-65535), got "${rawPort}"`);
  const host = values.host ?? '127.0.0.1';
  return { port, host };
}

const { port, host } = readSettings();
const mock = createMockRoseRocket({ controlRoutes: true });

const server = serve({ fetch: mock.fetch, port, hostname: host }, (info) => {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${info.port}`;
  const demo = SEED_ORGS[0]!;
  const lines = [
    'Mock Rose Rocket is running.',
    '',
    `  Auth URL  ${origin}            (POST /oauth/token)`,
    `  API URL   ${origin}/api/v2/platformModel`,
    `  Control   ${origin}/__mock/config, ${origin}/__mock/reset`,
    '',
    'Seeded organisations (client credentials grant):',
    ...SEED_ORGS.flatMap((org) => [
      `  ${org.name}`,
      `    client_id=${org.clientId}  client_secret=${org.clientSecret}`,
      `    org_id=${org.orgId}  user_id=${org.userId}`,
    ]),
    '',
    'Try it:',
    `  TOKEN=$(curl -s ${origin}/oauth/token -H 'content-type: application/json' \\`,
    `    -d '{"grant_type":"client_credentials","client_id":"${demo.clientId}","client_secret":"${demo.clientSecret}","audience":"https://roserocket.com","org_id":"${demo.orgId}","user_id":"${demo.userId}"}' \\`,
    `    | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `  curl -s ${origin}/api/v1/me -H "Authorization: Bearer $TOKEN"`,
    '',
    'Ctrl+C stops it.',
  ];
  console.log(lines.join('\n'));
});

server.on('error', (err) => fail(`cannot listen on ${host}:${port}: ${err.message}`));

function shutdown(signal: string) {
  console.log(`\n${signal}: stopping the mock Rose Rocket.`);
  server.close(() => process.exit(0));
  // Keep-alive sockets can hold close() open; do not hang on them.
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
