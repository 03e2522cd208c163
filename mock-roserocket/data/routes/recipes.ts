import type { Hono } from 'hono';
import { notFound } from '../../errors.ts';
import type { MockEnv } from '../../env.ts';
import { DEFINITIONS, toRecipe } from '../definitions.ts';

/** Object definitions ([choice]: no public endpoint lists them upstream). */
export function recipeRoutes(app: Hono<MockEnv>) {
  app.get('/recipes/current/objects', (c) => c.json([...DEFINITIONS.values()].map(toRecipe)));

  app.get('/recipes/current/objects/:objectKey', (c) => {
    const objectKey = c.req.param('objectKey');
    const def = DEFINITIONS.get(objectKey);
    if (!def) throw notFound(`Object definition "${objectKey}" not found.`);
    return c.json(toRecipe(def));
  });
}
