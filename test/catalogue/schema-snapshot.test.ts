import { expect, it } from 'vitest';
import { TOOLS } from '../../tools/index.ts';
import { toolInputJsonSchema } from '../../tools/schema.ts';

/**
 * What a client is promised, per tool. A change here is a change to the
 * public interface: review the diff, then `npx vitest run -u`.
 */
it('matches the committed catalogue snapshot', async () => {
  const catalogue = TOOLS.map((tool) => ({
    name: tool.name,
    method: tool.method,
    tags: tool.tags,
    annotations: tool.annotations,
    inputSchema: toolInputJsonSchema(tool),
  }));
  await expect(`${JSON.stringify(catalogue, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/tools.json');
});
