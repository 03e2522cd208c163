/** Child process: the mock Rose Rocket over real HTTP on 127.0.0.1, port chosen by the OS. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createMockRoseRocket } from '../mock-roserocket/app.ts';

const mock = createMockRoseRocket({ log: (line) => process.stderr.write(`${line}\n`) });
serve({ fetch: mock.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  process.send!({ type: 'listening', port: info.port });
});
