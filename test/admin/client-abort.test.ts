import net from 'node:net';
import { expect, it } from 'vitest';
import { startGateway } from '../../gateway/bootstrap.ts';
import { loadConfig } from '../../gateway/config.ts';
import type { LogFields, LogLevel } from '../../gateway/log.ts';
import { listen } from '../../gateway/runtime/listen.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';

const ADMIN_API_KEY = 'operator-key-for-abort-test';

it('a client that closes the connection mid-body is logged as its abort, never as a server error', async () => {
  const lines: Array<[LogLevel, string, LogFields | undefined]> = [];
  const gateway = await startGateway(
    loadConfig({ ENCRYPTION_KEY: 'c'.repeat(64), ADMIN_API_KEY }),
    { log: (level, msg, fields) => void lines.push([level, msg, fields]) },
    { store: createMemoryStore(), demoServer: 'none' },
  );
  const listener = await listen((request) => gateway.app.fetch(request), { hostname: '127.0.0.1', port: 0 });
  try {
    const socket = net.connect(listener.port, '127.0.0.1');
    await new Promise((connected) => socket.on('connect', connected));
    socket.write(
      `POST /api-token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN_API_KEY}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":',
    );
    await new Promise((sent) => setTimeout(sent, 100));
    socket.destroy();
    await expect.poll(() => lines.map(([, msg]) => msg)).toContain('client_abort');
    expect(lines.find(([, msg]) => msg === 'client_abort')).toEqual(['info', 'client_abort', { method: 'POST', path: '/api-token' }]);
    expect(lines.filter(([level]) => level === 'error')).toEqual([]);
    expect(await gateway.records.apiTokens.list()).toHaveLength(1);
  } finally {
    await listener.close();
    await gateway.close();
  }
});
