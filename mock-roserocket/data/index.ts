import { Hono } from 'hono';
import type { MockEnv } from '../env.ts';
import { sendError } from '../errors.ts';
import type { DataOptions, MockData } from './contract.ts';
import { boardRoutes } from './routes/boards.ts';
import { eventRoutes } from './routes/events.ts';
import { externalRoutes } from './routes/external.ts';
import { objectRoutes } from './routes/objects.ts';
import { recipeRoutes } from './routes/recipes.ts';
import { searchRoutes } from './routes/search.ts';
import { userGroupRoutes } from './routes/user-groups.ts';
import { viewRoutes } from './routes/views.ts';

/**
 * The DATA side of the mock: records, events, boards, user groups and
 * object definitions, every one scoped to the org the caller's token names.
 * Mounted by the app factory at `/api/v2/platformModel`, behind auth.
 */
export type { DataOptions, MockData } from './contract.ts';
export { createMockData } from './mock-data.ts';
export { SEED } from './seed/ids.ts';

export function createDataRoutes(data: MockData, options: DataOptions): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  const deps = { data, options };
  // Fixed paths (search, autocomplete, bulk_delete) before `/objects/:recordId`.
  searchRoutes(app, deps);
  objectRoutes(app, deps);
  externalRoutes(app, deps);
  eventRoutes(app, deps);
  boardRoutes(app, deps);
  viewRoutes(app, deps);
  userGroupRoutes(app, deps);
  recipeRoutes(app);
  // NestJS answers an unrouted method or path with this 404 (PATCH /objects/{id} among them).
  app.all('*', (c) => sendError(c, 404, `Cannot ${c.req.method} ${c.req.path}`));
  return app;
}
