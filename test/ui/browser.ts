import chromium from '@sparticuz/chromium';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';

/**
 * A real Chromium for the dashboard's tests: the one the `@sparticuz/chromium`
 * npm package carries, driven by playwright-core, so `npm install` is all a
 * machine needs. Its default flags include `--disable-web-security`, which
 * would switch off the same-origin rules the dashboard relies on; the tests
 * run without it.
 */
export async function launchChromium(): Promise<Browser> {
  const args = chromium.args.filter((arg) => arg !== '--disable-web-security' && arg !== '--allow-running-insecure-content');
  return playwright.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}

/**
 * Where the screenshots go. Every run writes them to `test-results/screenshots/` (ignored by git,
 * so a test run leaves the work tree clean); `UPDATE_SCREENSHOTS=1` writes the committed ones in
 * `docs/screenshots/`, which the README links, as `vitest -u` updates snapshots.
 */
export const SCREENSHOT_DIR = new URL(process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../../test-results/screenshots/', import.meta.url);

/** Screenshots are kept until the end of the flow and written together, so a failed run leaves the committed ones alone. */
export function screenshots() {
  const shots = new Map<string, Buffer>();
  return {
    async take(page: Page, name: string) {
      shots.set(name, await page.screenshot({ fullPage: true }));
    },
    async writeAll() {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      for (const [name, png] of shots) await writeFile(new URL(`${name}.png`, SCREENSHOT_DIR), png);
      return [...shots.keys()];
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical findings on the page as it is. The script is
 * evaluated through the debugging protocol, which the page's CSP does not
 * govern; the page itself still allows no script but its own.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
