import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { staff } from '../../db/schema.js';
import type { Language } from '../../domain/language.js';
import type { StaffRole } from '../../domain/roles.js';
import { DEV_STAFF } from '../../web/pages/login.js';
import { launchBrowser, SCREENS_DIR, type ServedApp, serveApp, signIn } from './browser.js';
import { fullScreenshot, seriousAxeFindings, sidewaysOverflow } from './screen-checks.js';
import { englishIn, rawIn } from './screen-text.js';
import { startTestStack, type TestStack } from './stack.js';
import { outboxOf, seedTechnicians } from './visits.js';

// Issue 17: every screen, in both languages, at the four sizes the shop uses, is screenshotted and checked the
// same way (test/support/screen-checks.ts). The screens tests list the screens; this file opens and checks them.

/** The counter's PC, a tablet upright and on its side, a phone. */
export const SIZES = {
  desktop: { width: 1366, height: 768 },
  tablet: { width: 768, height: 1024 },
  landscape: { width: 1024, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

export const LANGUAGES: Language[] = ['en', 'zh-CN'];
const BROWSER_LOCALE: Record<Language, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

export type Viewer = StaffRole | 'customer';

export interface Screen {
  name: string;
  /** Who looks at it: a signed-in staff member of that role, or the customer (no sign-in). */
  as: Viewer;
  /** Opens the screen on the page (a GET, or a form sent) and answers the page's response. */
  open(page: Page, base: string, lang: Language): Promise<Response | null>;
  status?: number;
  /** Opens every disclosure (`<details>`): each action form and edit form of the screen is checked open. */
  openAll?: boolean;
}

/** A screen at a path, for the viewer. */
export const at = (name: string, as: Viewer, path: (lang: Language) => string, more: Partial<Screen> = {}): Screen => ({
  name,
  as,
  open: (page, base, lang) => page.goto(`${base}${path(lang)}`),
  ...more,
});

/** The dev sign-in button of each role (web/pages/login.tsx). */
const SIGN_IN = Object.fromEntries(DEV_STAFF.map((s) => [s.role, s.id])) as Record<StaffRole, string>;

export interface Tour {
  stack: TestStack;
  server: ServedApp;
  browser: Browser;
  close(): Promise<void>;
}

/** A stack served on a real socket (approval links point at it), the dev staff in the directory, one browser. */
export async function startTour(): Promise<Tour> {
  rmSync(join(SCREENS_DIR, 'findings.txt'), { force: true });
  let served: ReturnType<typeof createApp> | undefined;
  const server = await serveApp((request) => served?.fetch(request) ?? new Response('starting', { status: 503 }));
  const stack = await startTestStack({ publicUrl: server.url });
  await seedTechnicians(stack);
  // Every sign-in button names someone the directory knows, so no screen shows a staff id.
  await stack.database.db
    .insert(staff)
    .values(DEV_STAFF.filter((s) => s.role !== 'technician').map((s) => ({ ...s })))
    .onConflictDoNothing();
  served = createApp(
    { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
    { ...devSettings(), temporalCallTimeoutMs: 60_000, shop: { name: 'Autohaus Vogt', phone: '+49 30 1234 5678' } },
  );
  const browser = await launchBrowser();
  return {
    stack,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await stack.close();
    },
  };
}

/** The newest link the visit's customer was sent (the estimate's, or the additional work's). */
export async function approvalLinkOf(stack: TestStack, visitId: string, template = 'estimate_ready'): Promise<string> {
  let url = '';
  await expect
    .poll(
      async () => {
        const sent = (await outboxOf(stack, visitId)).find((m) => m.template === template);
        url = String((sent?.payload as { approvalUrl?: string } | undefined)?.approvalUrl ?? '');
        return url;
      },
      { timeout: 60_000, interval: 250 },
    )
    .not.toBe('');
  return url;
}

/** The link in the language asked for (the page's `lang` follows the customer's file otherwise). */
export const inLanguageLink = (link: string, lang: Language) => {
  const url = new URL(link);
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
};

/** One page per viewer and language, signed in once, reused for every screen they see. */
class Viewers {
  private pages = new Map<string, { context: BrowserContext; page: Page }>();
  constructor(
    private browser: Browser,
    private base: string,
  ) {}

  async page(as: Viewer, lang: Language): Promise<Page> {
    const key = `${as}:${lang}`;
    const known = this.pages.get(key);
    if (known) return known.page;
    // The browser's language picks the screens' language for staff who have not chosen one.
    const context = await this.browser.newContext({
      viewport: SIZES.desktop,
      timezoneId: 'Europe/Berlin',
      locale: BROWSER_LOCALE[lang],
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    if (as !== 'customer') await signIn(page, this.base, SIGN_IN[as]);
    this.pages.set(key, { context, page });
    return page;
  }

  async close() {
    for (const { context } of this.pages.values()) await context.close();
    this.pages.clear();
  }
}

/** Each finding as it is found, in `test-results/screens/findings.txt`, next to the screenshots. */
function note(line: string) {
  mkdirSync(SCREENS_DIR, { recursive: true });
  appendFileSync(join(SCREENS_DIR, 'findings.txt'), `${line}\n`);
}

/**
 * Opens each screen once per language and checks it at every size: a full-page screenshot, no serious or critical
 * axe finding, no sideways scroll of the page, nothing raw in its text, and on a Chinese page no English label.
 * Every finding is collected (expect.soft) so one run lists all of them, each with its screen, language and size.
 */
export async function tourScreens(tour: Tour, screens: Screen[]): Promise<void> {
  for (const lang of LANGUAGES) {
    const viewers = new Viewers(tour.browser, tour.server.url);
    try {
      for (const screen of screens) {
        const page = await viewers.page(screen.as, lang);
        await page.setViewportSize(SIZES.desktop);
        const response = await screen.open(page, tour.server.url, lang);
        const where = `${screen.name}-${lang}`;
        expect.soft(response?.status(), `${where}: status`).toBe(screen.status ?? 200);
        expect.soft(await page.locator('html').getAttribute('lang'), `${where}: language`).toBe(lang);
        if (screen.openAll) await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
        const raw = await rawIn(page);
        const english = lang === 'zh-CN' ? await englishIn(page) : [];
        if (raw.length || english.length) note(`${where}: ${[...raw, ...english].join('; ')}`);
        expect.soft(raw, `${where}: raw values`).toEqual([]);
        expect.soft(english, `${where}: English on a Chinese page`).toEqual([]);
        for (const [size, viewport] of Object.entries(SIZES)) {
          const name = `${where}-${size}`;
          await page.setViewportSize(viewport);
          // Two frames: the page's own resize observers (app.js) have run on the new size.
          await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
          const overflow = await sidewaysOverflow(page);
          // Every rule at every size: a layout can hide, show or reflow parts of the page (the phone's menu).
          const axe = await seriousAxeFindings(page);
          if (overflow || axe.length) note(`${name}: overflow ${overflow}px\n  ${axe.join('\n  ')}`);
          expect.soft(overflow, `${name}: the page scrolls sideways by`).toBe(0);
          expect.soft(axe, `${name}: axe`).toEqual([]);
          await fullScreenshot(page, name);
        }
      }
    } finally {
      await viewers.close();
    }
  }
}
