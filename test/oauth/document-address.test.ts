import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../gateway/oauth/address-policy.ts';
import { clientDocuments } from '../../gateway/oauth/client-document.ts';
import { nodeHttpSend } from '../../gateway/upstream/node-http.ts';

/**
 * A client ID metadata document's host is resolved once, by the upstream
 * sender as it connects, and the connection goes to the address that was
 * checked: a name that answers a public address and then a private one (DNS
 * rebinding) cannot steer the fetch inside. The TLS server on loopback stands
 * for the public address; it records the connection and the server name the
 * client sent, then ends the handshake (the test needs no certificate).
 */

const HOST = 'app.client.test';
/** In this test 127.0.0.1 stands for a public address; everything else is judged by the real policy. */
const allowsAddress = (hostname: string, address: string) => address === '127.0.0.1' || isPublicAddress(hostname, address);

let server: Server;
let port = 0;
const seen = { connections: 0, serverNames: [] as string[] };

beforeEach(async () => {
  seen.connections = 0;
  seen.serverNames = [];
  server = createServer({
    SNICallback: (name, done) => {
      seen.serverNames.push(name);
      done(new Error('the test ends the handshake here'));
    },
  });
  server.on('connection', () => seen.connections++);
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A resolver that gives `answers` in turn (the last one from then on), and counts the questions. */
function rebinding(...answers: string[][]) {
  const asked: string[] = [];
  return { asked, resolve: async (host: string) => (asked.push(host), answers[Math.min(asked.length - 1, answers.length - 1)]!) };
}

describe('the metadata document fetch on Node', () => {
  it('resolves once, and connects to the public address it checked, with the name as TLS server name', async () => {
    const dns = rebinding(['127.0.0.1'], ['10.0.0.5']);
    const documents = clientDocuments({ send: nodeHttpSend, resolve: dns.resolve, allowsAddress });
    await expect(documents.get(`https://${HOST}:${port}/client.json`)).rejects.toThrow('the document could not be fetched');
    expect(dns.asked).toEqual([HOST]);
    expect(seen.connections).toBe(1);
    expect(seen.serverNames).toEqual([HOST]);
  });

  it('refuses a name whose answer is private, without connecting anywhere', async () => {
    const dns = rebinding(['10.0.0.5'], ['127.0.0.1']);
    const documents = clientDocuments({ send: nodeHttpSend, resolve: dns.resolve, allowsAddress });
    await expect(documents.get(`https://${HOST}:${port}/client.json`)).rejects.toThrow(`client_id: its host ${HOST} resolves to a private address (10.0.0.5)`);
    expect(dns.asked).toEqual([HOST]);
    expect(seen.connections).toBe(0);
  });

  it('refuses a name with any private answer among public ones', async () => {
    const dns = rebinding(['127.0.0.1', '169.254.169.254']);
    const documents = clientDocuments({ send: nodeHttpSend, resolve: dns.resolve, allowsAddress });
    await expect(documents.get(`https://${HOST}:${port}/client.json`)).rejects.toThrow('resolves to a private address (169.254.169.254)');
    expect(seen.connections).toBe(0);
  });
});
