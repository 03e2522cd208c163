import { Hono } from 'hono';
import { type MockConfig, type MockConfigPatch, MockConfigError, parseConfigPatch } from './config.ts';
import type { MockData } from './data/index.ts';
import { sendError } from './errors.ts';
import type { FaultInjector } from './faults.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { TokenStore } from './tokens.ts';

/**
 * The mock's control surface: the knobs of the factory's options, changeable
 * while it runs. In-process tests hold this object; `npm run mock` exposes it
 * as `/__mock/*`.
 */
export interface MockControl {
  /** The settings in force (a copy). */
  readonly config: MockConfig;
  /** Validates and merges `patch` (unknown keys and bad values throw `MockConfigError`); answers the new settings. */
  configure(patch: MockConfigPatch): MockConfig;
  /** Seed data, the settings the mock was created with, no tokens, fresh rate-limit windows and fault counts. */
  reset(): void;
  /** Every access token issued so far answers 401 from now on; refresh and new grants still work. */
  expireTokens(): void;
}

interface ControlParts {
  initial: MockConfig;
  data: MockData;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: FaultInjector;
}

export function createMockControl(parts: ControlParts): MockControl & { readonly current: MockConfig } {
  let current = parts.initial;
  return {
    /** The live settings, read by the middleware on every request (not a copy). */
    get current() {
      return current;
    },
    get config() {
      return structuredClone(current);
    },
    configure(patch) {
      const changes = parseConfigPatch(patch);
      current = { ...current, ...changes };
      // A changed quota or window starts counting afresh; so does a new fault list.
      if ('rateLimit' in changes) parts.limiter.clear();
      if ('faults' in changes) parts.faults.clear();
      return structuredClone(current);
    },
    reset() {
      current = parts.initial;
      parts.data.reset();
      parts.tokens.clear();
      parts.limiter.clear();
      parts.faults.clear();
    },
    expireTokens() {
      parts.tokens.expireAll();
    },
  };
}

/** `/__mock/*`, for the mock run alone. Unauthenticated: it is a local development tool. */
export function controlRoutes(control: MockControl): Hono {
  const app = new Hono();
  app.get('/__mock/config', (c) => c.json(control.config));
  app.post('/__mock/config', async (c) => {
    let patch: unknown;
    try {
      patch = await c.req.json();
    } catch {
      return sendError(c, 400, ['body must be a JSON object of settings']);
    }
    try {
      return c.json(control.configure(patch as MockConfigPatch));
    } catch (err) {
      if (err instanceof MockConfigError) return sendError(c, 400, err.problems);
      throw err;
    }
  });
  app.post('/__mock/reset', (c) => {
    control.reset();
    return c.json(control.config);
  });
  app.post('/__mock/expire-tokens', (c) => {
    control.expireTokens();
    return c.body(null, 204);
  });
  return app;
}
