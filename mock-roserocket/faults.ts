import type { MiddlewareHandler } from 'hono';
import type { FaultConfig } from './config.ts';
import type { MockEnv } from './env.ts';
import { nestError } from './errors.ts';

/**
 * Injected failures on chosen routes: a 5xx (in the NestJS envelope, or the
 * HTML page a proxy in front of the API would send), added latency, or both.
 * The first matching fault that still has uses left decides.
 */

export const PLATFORM_MODEL_BASE = '/api/v2/platformModel';

const REASON: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function pathPattern(glob: string): RegExp {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

export class FaultInjector {
  // Keyed by the fault object: a new fault list (configure or reset) starts every count afresh.
  #hits = new WeakMap<FaultConfig, number>();

  /** The fault that hits this request, counting the hit. */
  take(faults: readonly FaultConfig[], method: string, path: string): FaultConfig | undefined {
    const fault = faults.find(
      (f) =>
        (f.method === undefined || f.method === method) &&
        pathPattern(f.path).test(path) &&
        (f.times === undefined || (this.#hits.get(f) ?? 0) < f.times),
    );
    if (fault) this.#hits.set(fault, (this.#hits.get(fault) ?? 0) + 1);
    return fault;
  }

  clear(): void {
    this.#hits = new WeakMap();
  }
}

/** Waits `ms`, or less if the client gives up first (its response would go nowhere). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function faultResponse(status: number, body: FaultConfig['body']): Response {
  if (body === 'html') {
    const title = `${status} ${REASON[status] ?? 'Server Error'}`;
    const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
    return new Response(page, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  const message = status === 500 ? 'Internal server error' : (REASON[status] ?? 'Server Error');
  return Response.json(nestError(status, message), { status });
}

/** Mounted on the platform-model routes, after auth and the rate limiter. */
export function injectFaults(injector: FaultInjector, faults: () => readonly FaultConfig[]): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const path = c.req.path.slice(PLATFORM_MODEL_BASE.length) || '/';
    const fault = injector.take(faults(), c.req.method, path);
    if (!fault) return next();
    if (fault.latencyMs) await delay(fault.latencyMs, c.req.raw.signal);
    if (fault.status === undefined) return next();
    return faultResponse(fault.status, fault.body);
  };
}
