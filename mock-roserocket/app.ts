import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { tokenRoutes, meRoute, requireBearer } from './auth.ts';
import { AuthCodes, authorizeRoutes, refuseReadOnlyWrites } from './auth-code.ts';
import { type MockOptions, parseOptions } from './config.ts';
import { createMockControl, controlRoutes, type MockControl } from './control.ts';
import { createDataRoutes, createMockData, type MockData } from './data/index.ts';
import type { MockEnv } from './env.ts';
import { MockHttpError, sendError } from './errors.ts';
import { FaultInjector, injectFaults, PLATFORM_MODEL_BASE } from './faults.ts';
import { RateLimiter, rateLimit } from './rate-limit.ts';
import { TokenStore } from './tokens.ts';

export type { MockOptions } from './config.ts';
export { MockConfigError } from './config.ts';

export interface MockRoseRocket {
  app: Hono<MockEnv>;
  /** The app's fetch handler: one origin serves the token endpoint, the API and the control routes. */
  fetch: (request: Request) => Promise<Response>;
  control: MockControl;
  data: MockData;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A mock Rose Rocket, seeded. Throws `MockConfigError` (naming each bad option) on invalid options. */
export function createMockRoseRocket(options: MockOptions = {}): MockRoseRocket {
  const { config, controlRoutes: withControlRoutes, now, log } = parseOptions(options);
  const data = createMockData(now);
  const tokens = new TokenStore(now);
  const limiter = new RateLimiter(now);
  const faults = new FaultInjector();
  const control = createMockControl({ initial: config, data, tokens, limiter, faults });

  const app = new Hono<MockEnv>();
  const codes = new AuthCodes(now);
  app.route('/', tokenRoutes(tokens, () => control.current.tokenLifetimeSeconds, codes));
  app.route('/', authorizeRoutes(data, codes));
  if (withControlRoutes) app.route('/', controlRoutes(control));

  app.use('/api/*', requireBearer(tokens), rateLimit(limiter, () => control.current.rateLimit, now));
  app.route('/', meRoute());
  app.use(`${PLATFORM_MODEL_BASE}/*`, refuseReadOnlyWrites(data));
  app.use(`${PLATFORM_MODEL_BASE}/*`, injectFaults(faults, () => control.current.faults));
  app.route(
    PLATFORM_MODEL_BASE,
    createDataRoutes(data, { quirks: () => control.current.quirks, now }),
  );

  // NestJS's own answer for a route it does not have.
  app.notFound((c) => sendError(c, 404, `Cannot ${c.req.method} ${c.req.path}`));

  app.onError((err, c) => {
    if (err instanceof MockHttpError) return sendError(c, err.statusCode, err.messages);
    if (err instanceof HTTPException) return sendError(c, err.status, err.message || 'Error');
    // A route's `c.req.json()` on a malformed body; NestJS's body parser answers 400 here.
    if (err instanceof SyntaxError && BODY_METHODS.has(c.req.method)) {
      return sendError(c, 400, `Request body is not valid JSON: ${err.message}`);
    }
    log(`mock-roserocket: unexpected error on ${c.req.method} ${c.req.path}: ${err.stack ?? String(err)}`);
    return sendError(c, 500, 'Internal server error');
  });

  return { app, fetch: async (request) => app.fetch(request), control, data };
}
