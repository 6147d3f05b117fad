import type { Browser } from 'playwright-core';
import { log } from '../runtime/log.js';
import { findChromium } from '../scripts/chromium.mjs';

// The printed papers as PDF, rendered by the system Chromium (never a downloaded build). One browser per web
// process, launched on the first PDF and reused (a launch takes seconds), closed on shutdown; each PDF gets its
// own context with scripts off and every request refused, so a page can only draw what its HTML holds.

/** Chromium is missing, did not start or did not answer in time: the route answers 503. */
export class PdfUnavailable extends Error {}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-sync',
];
const LAUNCH_TIMEOUT_MS = 30_000;
const RENDER_TIMEOUT_MS = 30_000;

let browser: Promise<Browser> | undefined;

async function start(): Promise<Browser> {
  let executablePath: string | null;
  try {
    executablePath = findChromium();
  } catch (err) {
    throw new PdfUnavailable(err instanceof Error ? err.message : 'CHROMIUM_PATH is not usable');
  }
  if (!executablePath) throw new PdfUnavailable('no Chromium found (set CHROMIUM_PATH)');
  // playwright-core is loaded on the first PDF only, so the API's start does not pay for it.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: ARGS, timeout: LAUNCH_TIMEOUT_MS });
}

function launch(): Promise<Browser> {
  const started = start();
  // A browser that crashes or is killed is launched again on the next PDF.
  void started.then(
    (b) =>
      b.on('disconnected', () => {
        if (browser === started) browser = undefined;
      }),
    () => {},
  );
  return started;
}

const within = <T>(ms: number, work: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfUnavailable(`Chromium did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
};

/** The HTML page as an A4 PDF. Throws PdfUnavailable when Chromium cannot make it. */
export async function renderPdf(html: string): Promise<Uint8Array<ArrayBuffer>> {
  if (!browser) browser = launch();
  const current = browser;
  let b: Browser;
  try {
    b = await current;
  } catch (err) {
    if (browser === current) browser = undefined;
    log.warn({ err }, 'Chromium for PDFs did not start');
    throw err instanceof PdfUnavailable ? err : new PdfUnavailable('Chromium did not start');
  }
  const context = await b.newContext({ javaScriptEnabled: false }).catch((err) => {
    // The browser died under us: the next PDF launches a new one.
    if (browser === current) browser = undefined;
    log.warn({ err }, 'Chromium for PDFs stopped answering');
    throw new PdfUnavailable('Chromium stopped answering');
  });
  try {
    return await within(
      RENDER_TIMEOUT_MS,
      (async () => {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
        const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        return new Uint8Array(pdf);
      })(),
    );
  } catch (err) {
    if (err instanceof PdfUnavailable) throw err;
    log.warn({ err }, 'Chromium could not render a PDF');
    throw new PdfUnavailable('Chromium could not render the page');
  } finally {
    await context.close().catch(() => {});
  }
}

/** Closes the PDF browser, if one was started (on shutdown, and after tests). */
export async function closePdfBrowser(): Promise<void> {
  const current = browser;
  browser = undefined;
  if (current) await current.then((b) => b.close()).catch(() => {});
}
