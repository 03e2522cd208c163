import { ToolInputError, type ToolContext } from '../../tools/define.ts';
import { cachedByKey } from './cache.ts';

interface NavBoard {
  id: string;
  name?: string;
  objectKey?: string;
}

/**
 * Boards resolved for the model: most calls need a `boardId`, and a model
 * rarely knows one. The default board of an object key is the first board
 * Rose Rocket lists for it in the navigation (its own order).
 */
export function boardDirectory(options: { call: ToolContext['call']; ttlMs: number; now?: () => number }) {
  const defaults = cachedByKey(
    async (objectKey) => {
      const { body } = await options.call<NavBoard[]>({
        method: 'GET',
        path: ['boards', 'nav'],
        query: { objectKey, limit: 100 },
      });
      const boards = Array.isArray(body) ? body : [];
      const board = boards.find((b) => b.objectKey === undefined || b.objectKey === objectKey);
      return board?.id ?? null;
    },
    options.ttlMs,
    options.now,
  );

  return {
    async defaultFor(objectKey: string): Promise<string> {
      const id = await defaults.get(objectKey);
      if (!id) {
        defaults.invalidate(objectKey); // a board may be created later; don't remember the absence
        throw new ToolInputError('board_id', `no board exists for object key "${objectKey}"; pass board_id explicitly`);
      }
      return id;
    },
  };
}

export type BoardDirectory = ReturnType<typeof boardDirectory>;
