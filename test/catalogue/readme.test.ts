import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../tools/index.ts';
import { README_END, README_START, readToolSection, renderToolTable, writeToolSection } from '../../tools/readme-table.ts';
import { demoListingSize } from '../../scripts/derived-files.ts';

describe('the README tool table', () => {
  it("opens with what tools/list costs a model, in bytes and tokens", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const { fullBytes } = demoListingSize();
    expect(readToolSection(readme).split('\n')[0]).toContain(`${fullBytes.toLocaleString('en-US')} bytes (~${(Math.round(fullBytes / 400) / 10).toFixed(1)}k tokens) for the full catalogue`);
  });

  it('has one row per tool, saying read or write and the tags', () => {
    const rows = renderToolTable(TOOLS).split('\n').slice(2);
    expect(rows).toHaveLength(TOOLS.length);
    expect(rows).toContain('| `list_all_roserocket_events` | List a record\'s events | `list` | read | `events` `logistics` |');
    expect(rows).toContain('| `roserocket_objects_bulk_delete` | Delete several records of one kind | `bulk_delete` | write | `objects` `logistics` |');
  });

  it('is rewritten between the markers only, and a rewrite is stable', () => {
    const readme = `# Title\n\nBefore.\n\n${README_START}\nstale table\n${README_END}\n\nAfter.\n`;
    const table = renderToolTable(TOOLS);
    const once = writeToolSection(readme, table);
    expect(once.startsWith(`# Title\n\nBefore.\n\n${README_START}\n`)).toBe(true);
    expect(once.endsWith(`${README_END}\n\nAfter.\n`)).toBe(true);
    expect(readToolSection(once)).toBe(table);
    expect(writeToolSection(once, table)).toBe(once);
  });

  it('refuses a README without the markers, saying which to add', () => {
    expect(() => readToolSection('# No table here\n')).toThrow(README_START);
  });
});
