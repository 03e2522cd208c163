import type { ToolDefinition } from './define.ts';

/** The README's tool table, generated from the catalogue so the docs can't drift from the code. */

export const README_START = '<!-- tools:start -->';
export const README_END = '<!-- tools:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** What `tools/list` costs a model's context, full and read-only, as compact JSON of the `tools` array. */
export interface ListingSize {
  fullBytes: number;
  readBytes: number;
}

/** ~4 bytes a token is the usual estimate for English and JSON; no tokenizer of Claude's is public. */
const tokens = (bytes: number) => `~${(Math.round(bytes / 400) / 10).toFixed(1)}k tokens`;

export function renderToolSize({ fullBytes, readBytes }: ListingSize): string {
  const figure = (bytes: number) => `${bytes.toLocaleString('en-US')} bytes (${tokens(bytes)})`;
  return `\`tools/list\` costs a model ${figure(fullBytes)} for the full catalogue and ${figure(readBytes)} for a read-only URL (compact JSON of the \`tools\` array, with the demo account's object keys).`;
}

export function renderToolTable(tools: readonly ToolDefinition[], size?: ListingSize): string {
  const rows = tools.map((tool) =>
    [`\`${tool.name}\``, cell(tool.title), `\`${tool.method}\``, tool.annotations.readOnlyHint ? 'read' : 'write', tool.tags.map((tag) => `\`${tag}\``).join(' ')].join(' | '),
  );
  const table = ['| Tool | What it does | Method | Access | Tags |', '|---|---|---|---|---|', ...rows.map((row) => `| ${row} |`)].join('\n');
  return size ? `${renderToolSize(size)}\n\n${table}` : table;
}

function markers(readme: string): { start: number; end: number } {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README has no tool table section: add a line ${README_START} and, below it, a line ${README_END}`);
  }
  return { start: start + README_START.length, end };
}

/** What is between the markers now, without the blank lines that frame it. */
export function readToolSection(readme: string): string {
  const { start, end } = markers(readme);
  return readme.slice(start, end).trim();
}

/** The README with the section between the markers replaced by `table`; everything else is kept byte for byte. */
export function writeToolSection(readme: string, table: string): string {
  const { start, end } = markers(readme);
  return `${readme.slice(0, start)}\n\n${table}\n\n${readme.slice(end)}`;
}
