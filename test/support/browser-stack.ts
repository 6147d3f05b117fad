import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { createApp } from '../../api/app.js';
import { launchBrowser, type ServedApp, serveApp, signIn, staffContext, watchForErrors } from './browser.js';
import { type SharedStackOptions, type TestStack, useTestStack } from './stack.js';

type App = ReturnType<typeof createApp>;

/** What a browser test works with; every field is filled in beforeAll. */
export interface BrowserStack {
  stack: TestStack;
  /** The app on the socket: the stack's own, or the one `options.app` built. */
  app: App;
  server: ServedApp;
  browser: Browser;
  /** A staff member's desktop context and its page, watched for errors (unless `page: false`). */
  context: BrowserContext;
  page: Page;
  /** What went wrong on `page`: a test expects it empty. */
  errors: string[];
}

export interface BrowserStackOptions extends Omit<SharedStackOptions, 'publicUrl'> {
  /** The approval links the worker sends point at this test's server, as PUBLIC_URL does in production. */
  publicUrl?: boolean;
  /** The app to serve on the stack's database and Temporal (other settings, a Temporal UI); the stack's app by default. */
  app?: (stack: TestStack) => App;
  /** What the tests start from, made once the app is served and before the browser opens. */
  seed?: (web: BrowserStack) => Promise<void>;
  /** No staff page: the tests open the contexts they need. */
  page?: false;
  /** The staff member signed in on `page`. */
  signIn?: string;
}

/**
 * One browser test's world, shared by the tests of its file (or describe block): the stack, its app on a real
 * socket, Chromium and a staff page. Started in beforeAll, closed in afterAll (browser, server, then the stack).
 */
export function useBrowserStack(options: BrowserStackOptions = {}): BrowserStack {
  const { publicUrl, app, seed, page, signIn: staffId, ...stackOptions } = options;
  const web = {} as BrowserStack;
  let served: App | undefined;
  // The server's port first: the stack's worker may need it for its links; requests wait for the app below.
  beforeAll(async () => {
    web.server = await serveApp((request) => served?.fetch(request) ?? new Response('starting', { status: 503 }));
  });
  web.stack = useTestStack(() => ({ ...stackOptions, ...(publicUrl ? { publicUrl: web.server.url } : {}) }));
  beforeAll(async () => {
    web.app = app?.(web.stack) ?? web.stack.app;
    served = web.app;
    await seed?.(web);
    web.browser = await launchBrowser();
    if (page === false) return;
    web.context = await staffContext(web.browser);
    web.page = await web.context.newPage();
    web.errors = watchForErrors(web.page);
    if (staffId) await signIn(web.page, web.server.url, staffId);
  });
  afterAll(async () => {
    await web.browser?.close();
    await web.server?.close();
  });
  return web;
}
