import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { listingBytes } from '../gateway/mcp/catalogue.ts';
import { DEFINITIONS } from '../mock-roserocket/data/definitions.ts';
import { TOOLS } from './index.ts';
import { renderToolTable, writeToolSection, type ListingSize } from './readme-table.ts';

/** The listing's size for the demo account, as the README prints it. */
export function demoListingSize(): ListingSize {
  const keys = [...DEFINITIONS.keys()].sort();
  return { fullBytes: listingBytes(TOOLS, { methods: [], tags: [] }, keys), readBytes: listingBytes(TOOLS, { methods: ['read'], tags: [] }, keys) };
}

/**
 * Rewrites the tool section of README.md (or the file named as the first
 * argument) from the catalogue: `npm run docs:tools`.
 */
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('update-readme.ts')) {
  const file = resolve(process.argv[2] ?? 'README.md');
  const before = await readFile(file, 'utf8');
  const after = writeToolSection(before, renderToolTable(TOOLS, demoListingSize()));
  if (after === before) {
    console.log(`${file}: tool section already up to date (${TOOLS.length} tools)`);
  } else {
    await writeFile(file, after);
    console.log(`${file}: tool section rewritten (${TOOLS.length} tools)`);
  }
}
