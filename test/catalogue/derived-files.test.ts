import { describe, expect, it } from 'vitest';
import { DERIVED_FILES, readCurrent } from '../../scripts/derived-files.ts';

/**
 * The files generated from the catalogue (the README's tool table, the
 * tools/list snapshot) are committed as generated: a definition changed
 * without `npm run regen` fails here, and so does a missing file. Nothing
 * here writes a file, whatever the environment.
 */
describe.each(DERIVED_FILES.map((file) => [file.path, file] as const))('%s', (path, file) => {
  it('is as `npm run regen` writes it', async () => {
    const current = await readCurrent(file);
    expect(current, `${path} is missing`).not.toBe('');
    expect(current === file.render(current), `${path} differs from the catalogue: run npm run regen and review the diff`).toBe(true);
  });
});
