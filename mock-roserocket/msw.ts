import { http, type HttpHandler } from 'msw';
import type { MockRoseRocket } from './app.ts';

/**
 * msw handlers made from the mock app itself: a request to a Rose Rocket
 * host is handed to `mock.fetch` unchanged (method, headers, body), so code
 * under test that calls the real URLs meets exactly the behaviour of the
 * mock that `npm run mock` and the embedded default serve.
 */

export const ROSEROCKET_AUTH_URL = 'https://a.roserocket.com';
export const ROSEROCKET_API_URL = 'https://network.roserocket.com/api/v2/platformModel';

/** The per-org host form, `<org>.roserocket.com`. */
const PER_ORG_HOST = /^[a-z0-9-]+\.roserocket\.com$/i;

/** The app serves every route at one origin; this one is never dialled. */
const APP_ORIGIN = 'http://mock-roserocket.internal';

export interface MockOrigins {
  /** Where the token endpoint lives; only the origin counts. Default `ROSEROCKET_AUTH_URL`. */
  auth?: string;
  /** The API base; only the origin counts. Default `ROSEROCKET_API_URL`. */
  api?: string;
}

export function createMockHandlers(mock: MockRoseRocket, origins: MockOrigins = {}): HttpHandler[] {
  const served = new Set([
    new URL(origins.auth ?? ROSEROCKET_AUTH_URL).origin,
    new URL(origins.api ?? ROSEROCKET_API_URL).origin,
  ]);
  const isRoseRocket = (url: URL) =>
    served.has(url.origin) || (url.protocol === 'https:' && PER_ORG_HOST.test(url.host));

  return [
    http.all(
      ({ request }) => isRoseRocket(new URL(request.url)),
      async ({ request }) => {
        const url = new URL(request.url);
        const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
        return mock.fetch(
          new Request(new URL(url.pathname + url.search, APP_ORIGIN), {
            method: request.method,
            headers: request.headers,
            body: body && body.byteLength > 0 ? body : null,
            signal: request.signal,
          }),
        );
      },
    ),
  ];
}
