import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TOOLS } from './index.ts';
import { renderToolTable, writeToolSection } from './readme-table.ts';

/**
 * Rewrites the tool table in README.md (or the file named as the first
 * argument) from the catalogue: `npm run docs:tools`.
 */
const file = resolve(process.argv[2] ?? 'README.md');
const before = await readFile(file, 'utf8');
const after = writeToolSection(before, renderToolTable(TOOLS));
if (after === before) {
  console.log(`${file}: tool table already up to date (${TOOLS.length} tools)`);
} else {
  await writeFile(file, after);
  console.log(`${file}: tool table rewritten (${TOOLS.length} tools)`);
}
