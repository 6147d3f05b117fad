import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { findChromium } from '../../scripts/chromium.mjs';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Git-ignored (test-results/): one PNG per screen, per run. */
export const SCREENS_DIR = join('test-results', 'screens');

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/**
 * Headless Chromium with a fresh profile: Playwright starts it on a new temporary user-data-dir and removes it
 * on close, and every context is a clean profile of its own (cookies, storage).
 */
export function launchBrowser(): Promise<Browser> {
  // `npm test` provisions Chromium before the run (scripts/setup.mjs --browser); a browser build is never downloaded.
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: run `npm run setup -- --browser` or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/** The app on a real socket so Chromium can load it; port 0 picks a free port. */
export function serveApp(fetch: (request: Request, env?: unknown) => Response | Promise<Response>): Promise<ServedApp> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}

/** A staff member's browser: a desktop (or tablet) context in the shop's time zone. */
export async function staffContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  context.setDefaultTimeout(30_000);
  return context;
}

/** The customer's phone; `viewport` for a narrower one than the usual. */
export async function phoneContext(browser: Browser, viewport = PHONE): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  });
  context.setDefaultTimeout(30_000);
  return context;
}

/** Fails the test on any script error or refused resource (a CSP violation shows up here too). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** Signs in with a development staff button on the sign-in page. */
export async function signIn(page: Page, baseUrl: string, staffId: string): Promise<void> {
  await page.goto(`${baseUrl}/app/login`);
  await page.click(`button[data-staff="${staffId}"]`);
  await page.waitForURL((url) => !url.pathname.startsWith('/app/login'));
}

export async function signOut(page: Page): Promise<void> {
  await page.click('form[action="/app/logout"] button');
  await page.waitForURL(/\/app\/login/);
}

/** The page never scrolls sideways (wide content such as the blueprint scrolls inside its own box). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  // A string, so the browser's globals need no DOM types here.
  const { scrollWidth, clientWidth } = (await page.evaluate(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  )) as { scrollWidth: number; clientWidth: number };
  expect(scrollWidth, `${page.url()} overflows sideways`).toBeLessThanOrEqual(clientWidth + 1);
}

/** Saves the viewport as `test-results/screens/<name>.png` after checking it fits. */
export async function screen(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await expectNoHorizontalOverflow(page);
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Draws a signature on a pad with mouse moves (a few strokes across the canvas). */
export async function drawSignature(page: Page, canvas: string): Promise<void> {
  const pad = page.locator(canvas);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error(`No signature pad ${canvas}`);
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  const strokes: [number, number][][] = [
    [
      [0.12, 0.7],
      [0.18, 0.3],
      [0.24, 0.72],
      [0.3, 0.35],
      [0.36, 0.7],
    ],
    [
      [0.42, 0.55],
      [0.5, 0.4],
      [0.58, 0.62],
      [0.66, 0.38],
      [0.74, 0.6],
      [0.86, 0.45],
    ],
  ];
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    await page.mouse.move(...at(...first));
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(...at(...p), { steps: 6 });
    await page.mouse.up();
  }
}

/** Reloads until the check passes: the workflow and its activities finish a moment after the answer. */
export async function reloadUntil(page: Page, check: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`Timed out waiting on ${page.url()}`);
    await page.waitForTimeout(250);
    await page.reload();
  }
}
