import type { MockRoseRocket } from '../../mock-roserocket/app.ts';

/**
 * Whether the mock Rose Rocket has a route of its own for a request (not a
 * catch-all middleware, not its 404 for unknown routes), by the routes its
 * Hono app registered: `:param` segments match any one segment.
 */
export function hasMockRoute(mock: MockRoseRocket, method: string, pathAndQuery: string): boolean {
  const segments = pathAndQuery.split('?')[0]!.split('/');
  return mock.app.routes.some((route) => {
    if (route.method !== method) return false;
    const pattern = route.path.split('/');
    return pattern.length === segments.length && pattern.every((part, i) => (part.startsWith(':') ? segments[i] !== '' : part === segments[i]));
  });
}
