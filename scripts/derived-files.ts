import { readFile } from 'node:fs/promises';
import { compileCatalogue, listingBytes, type AccountKinds } from '../gateway/mcp/catalogue.ts';
import { DEFINITIONS } from '../mock-roserocket/data/definitions.ts';
import { TOOLS } from '../tools/index.ts';
import { renderToolTable, writeToolSection, type ListingSize } from '../tools/readme-table.ts';

/**
 * Every file derived from the tool catalogue, with what it must hold:
 * `npm run regen` writes them, test/catalogue/derived-files.test.ts fails
 * while any differs. Adding a tool means editing its definition, then
 * running the one script.
 */

export interface DerivedFile {
  /** Relative to the repository root. */
  path: string;
  /** What the file must hold, given what it holds now (a section of a hand-written file keeps the rest). */
  render(current: string): string;
}

/** `tools/list` as a model sees it on an account with the mock Rose Rocket's object keys. */
export function toolsListing(): unknown[] {
  return compileCatalogue(TOOLS).serve({ methods: [], tags: [] }).listing(demoKinds());
}

/** The mock Rose Rocket's kinds, as its definitions endpoint gives them to the gateway. */
export function demoKinds(): AccountKinds {
  const keys = [...DEFINITIONS.keys()].sort();
  return { keys, signature: keys.join(','), definitions: DEFINITIONS };
}

/** The listing's size for the demo account, as the README prints it. */
export function demoListingSize(): ListingSize {
  return { fullBytes: listingBytes(TOOLS, { methods: [], tags: [] }, demoKinds()), readBytes: listingBytes(TOOLS, { methods: ['read'], tags: [] }, demoKinds()) };
}

export const TOOLS_LIST_SNAPSHOT = 'test/catalogue/__snapshots__/tools-list.json';

export const DERIVED_FILES: readonly DerivedFile[] = [
  { path: 'README.md', render: (current) => writeToolSection(current, renderToolTable(TOOLS, demoListingSize())) },
  // The one schema snapshot: a change in it is a change to what every model is shown, so review its diff.
  { path: TOOLS_LIST_SNAPSHOT, render: () => `${JSON.stringify(toolsListing(), null, 2)}\n` },
];

const ROOT = new URL('../', import.meta.url);

export const readCurrent = (file: DerivedFile) => readFile(new URL(file.path, ROOT), 'utf8').catch(() => '');
export const fileUrl = (file: DerivedFile) => new URL(file.path, ROOT);
