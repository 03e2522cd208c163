import { mkdir, writeFile } from 'node:fs/promises';
import { DERIVED_FILES, fileUrl, readCurrent } from './derived-files.ts';

/** `npm run regen`: rewrites every file derived from the tool catalogue, and says which changed. */
for (const file of DERIVED_FILES) {
  const current = await readCurrent(file);
  const wanted = file.render(current);
  if (wanted === current) {
    console.log(`${file.path}: up to date`);
    continue;
  }
  await mkdir(new URL('.', fileUrl(file)), { recursive: true });
  await writeFile(fileUrl(file), wanted);
  console.log(`${file.path}: rewritten`);
}
