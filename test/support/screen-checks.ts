import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { MISSING } from '../../web/i18n/index.js';
import { SCREENS_DIR } from './browser.js';

// What every screen is checked for (issue 17), shared by the language and the screens tests: nothing raw in the
// text a person reads, no serious or critical axe finding, no sideways scrolling of the page.

/** What must never reach a person: ISO instants, field paths, snake_case codes, zod's words, a missing key. */
export const RAW: [string, RegExp][] = [
  ['ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['field path', /\b[a-z]\w*\.\d+\.[a-z]\w*\b/],
  ['snake_case code', /\b[a-z]+(?:_[a-z]+)+\b/],
  ['zod text', /Too small|Too big|expected string|expected number|Invalid input/],
  ['missing catalogue key', new RegExp(MISSING)],
];

/** The raw values in the page's text, each with what it is. */
export async function rawIn(page: Page): Promise<string[]> {
  const text = (await page.locator('body').textContent()) ?? '';
  return RAW.filter(([, pattern]) => pattern.test(text)).map(([what, pattern]) => `${what}: ${text.match(pattern)?.[0]}`);
}

/**
 * English words of the screens' own headings, labels, buttons and badges: on a Chinese page they mean a string left
 * out of the catalogue. Names, plates and models come from records and are not in this list.
 */
const ENGLISH_WORDS =
  /\b(the|and|of|for|with|to|on|Add|Save|Show|Open|Back|Take|Stage|Customer|Visit|Visits|Timeline|Timers?|History|Technicians?|target|skill|Shift|Name|Starts|Ends|Time zone|Value|Period|Cause|Since|What|Recurring|Comebacks|incidents|alerts|problems|complaints|dashboard|entries|opened|actions|stays?|active|rota|Whole shop|Per advisor|Per technician|no data|tracked|Front stage|Back stage|line of)\b/;
const LABELS =
  'h1, h2, h3, th, label, legend, summary, button, .badge, .chip, .lg, .bp-lane-label, .bp-line, .empty, .sub, .hint';

/** Known English words in a Chinese page's headings, labels, buttons and badges, with where they are. */
export async function englishIn(page: Page): Promise<string[]> {
  const texts = await page.locator(LABELS).allTextContents();
  return texts.flatMap((text) => {
    const hit = text.match(ENGLISH_WORDS);
    return hit ? [`"${hit[0]}" in "${text.trim().slice(0, 80)}"`] : [];
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The axe rules whose answer depends on how the page is laid out rather than on its markup: what they judge moves
 * with the viewport (colours over what, what scrolls, how big a target is). The rest give the same answer for the
 * same document at any size.
 */
export const LAYOUT_RULES = [
  'color-contrast',
  'scrollable-region-focusable',
  'target-size',
  'link-in-text-block',
  'meta-viewport',
];

/**
 * axe-core's serious and critical findings on the page as it stands, one line each: the rule, the element, what
 * is wrong; `rules` limits the run to those rules. The library is evaluated through the DevTools protocol, which
 * the screens' CSP does not govern, so the page keeps its real policy.
 */
export async function seriousAxeFindings(page: Page, rules?: string[]): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const options = JSON.stringify({ resultTypes: ['violations'], ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}) });
  return (await page.evaluate(`axe.run(document, ${options}).then((r) =>
    r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => v.id + ' (' + v.impact + ') at ' + n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim())))`)) as string[];
}

/** How far the page scrolls sideways, in CSS pixels (0 when it fits). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  const { scrollWidth, clientWidth } = (await page.evaluate(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  )) as { scrollWidth: number; clientWidth: number };
  return Math.max(0, scrollWidth - clientWidth);
}

/** Saves the whole page (not only the viewport) as `test-results/screens/<name>.png`. */
export async function fullScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
