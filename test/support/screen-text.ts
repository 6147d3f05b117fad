import type { Page } from 'playwright-core';
import { MISSING } from '../../web/i18n/index.js';

// The scanner of what a screen shows a person (issue 17): raw values that must never show, and English left on a
// Chinese page. Used by the language tests and the test of stored entries' words.

/** What must never reach a person: ISO instants, field paths, snake_case codes, zod's words, a missing key. */
export const RAW: [string, RegExp][] = [
  ['ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['field path', /\b[a-z]\w*\.\d+\.[a-z]\w*\b/],
  ['snake_case code', /\b[a-z]+(?:_[a-z]+)+\b/],
  ['zod text', /Too small|Too big|expected string|expected number|Invalid input/],
  ['missing catalogue key', new RegExp(MISSING)],
];

/**
 * English words of the screens' own headings, labels, buttons and badges: on a Chinese page they mean a string left
 * out of the catalogue. Names, plates and models come from records and are not in this list.
 */
const ENGLISH_WORDS =
  /\b(the|and|of|for|with|to|on|Add|Save|Show|Open|Back|Take|Stage|Customer|Visit|Visits|Timeline|Timers?|History|Technicians?|target|skill|Shift|Name|Starts|Ends|Time zone|Value|Period|Cause|Since|What|Recurring|Comebacks|incidents|alerts|problems|complaints|dashboard|entries|opened|actions|stays?|active|rota|Whole shop|Per advisor|Per technician|no data|tracked|Front stage|Back stage|line of)\b/;
const LABELS =
  'h1, h2, h3, th, label, legend, summary, button, .badge, .chip, .lg, .bp-lane-label, .bp-line, .empty, .sub, .hint, .place-reason, .proposal';

/** Known English words in a Chinese page's headings, labels, buttons and badges, with where they are. */
export async function englishIn(page: Page): Promise<string[]> {
  const texts = await page.locator(LABELS).allTextContents();
  return texts.flatMap((text) => {
    const hit = text.match(ENGLISH_WORDS);
    return hit ? [`"${hit[0]}" in "${text.trim().slice(0, 80)}"`] : [];
  });
}

/** The raw values a page shows, each with what it is. */
export async function rawIn(page: Page): Promise<string[]> {
  const text = (await page.locator('body').textContent()) ?? '';
  return RAW.filter(([, pattern]) => pattern.test(text)).map(([what, pattern]) => `${what}: ${text.match(pattern)?.[0]}`);
}
