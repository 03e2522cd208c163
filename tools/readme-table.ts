import type { ToolDefinition } from './define.ts';

/** The README's tool table, generated from the catalogue so the docs can't drift from the code. */

export const README_START = '<!-- tools:start -->';
export const README_END = '<!-- tools:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export function renderToolTable(tools: readonly ToolDefinition[]): string {
  const rows = tools.map((tool) =>
    [`\`${tool.name}\``, cell(tool.title), `\`${tool.method}\``, tool.annotations.readOnlyHint ? 'read' : 'write', tool.tags.map((tag) => `\`${tag}\``).join(' ')].join(' | '),
  );
  return ['| Tool | What it does | Method | Access | Tags |', '|---|---|---|---|---|', ...rows.map((row) => `| ${row} |`)].join('\n');
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
