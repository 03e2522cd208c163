import { createMockRoseRocket, type MockRoseRocket } from '../mock-roserocket/app.ts';
import { DEMO_ORG } from '../mock-roserocket/orgs.ts';
import type { RoseRocketAccount } from './upstream/client.ts';

/**
 * The embedded default: with no Rose Rocket credentials the gateway runs the
 * mock in-process and mounts it under `MOCK_PREFIX`, so a newcomer can curl
 * it too. The gateway's own upstream calls to it skip the network: the fetch
 * below hands them straight to the mock app (the same path on every
 * runtime, Deno Deploy included).
 */
export const MOCK_PREFIX = '/__mock-roserocket';

export interface EmbeddedMock {
  mock: MockRoseRocket;
  /** Where the gateway serves the mock: `MOCK_PREFIX`. */
  prefix: string;
  account: RoseRocketAccount;
  /** A `fetch` for the upstream client: mock URLs in-process, anything else to the network. */
  fetch: typeof fetch;
  /** Serves `MOCK_PREFIX/*` on the gateway. */
  handle(request: Request): Promise<Response>;
}

export function embeddedMock(publicUrl: string): EmbeddedMock {
  const mock = createMockRoseRocket();
  const base = `${publicUrl}${MOCK_PREFIX}`;
  const toMock = (request: Request) => {
    const url = new URL(request.url);
    url.pathname = url.pathname.slice(MOCK_PREFIX.length) || '/';
    return mock.fetch(new Request(url, request));
  };
  return {
    mock,
    prefix: MOCK_PREFIX,
    account: {
      apiUrl: `${base}/api/v2/platformModel`,
      authUrl: base,
      clientId: DEMO_ORG.clientId,
      clientSecret: DEMO_ORG.clientSecret,
      orgId: DEMO_ORG.orgId,
      userId: DEMO_ORG.userId,
    },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      return request.url.startsWith(base) ? toMock(request) : fetch(request);
    },
    handle: (request) => toMock(request),
  };
}
