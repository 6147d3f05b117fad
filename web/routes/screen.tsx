import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ApiEnv } from '../../api/deps.js';
import { ActionName } from '../../domain/actions.js';
import { actionTitle } from '../actions/index.js';
import { type ApiApp, type ApiCaller, apiCaller, PageError } from '../api-client.js';
import { hasKey, t } from '../i18n/index.js';
import { type GatedScreen, mayOpen, NotForRole } from '../screen-roles.js';
import { readSession, type Session } from '../session.js';

// What every screen's routes share: the page answer, path parameters, the flash line, and the staff sign-in gate.

export type C = Context<ApiEnv>;

export type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

export async function html(c: C, page: JSX.Element, status: PageStatus = 200) {
  return c.html(`<!doctype html>${await page}`, status);
}

/** A screen drawn again with the form the API refused answers with the API's status; drawn plainly, with 200. */
export const screenHtml = (c: C, page: JSX.Element, failed?: { status: number }) =>
  html(c, page, failed ? statusOf(failed.status) : 200);

/** A path parameter of the route (the handlers are written for any context, so it is read by name). */
export const param = (c: C, name: string) => {
  const value = c.req.param(name);
  if (!value) throw new PageError(404, t('errorPage.badAddress'));
  return value;
};

/** The API's status for the page that shows its refusal; anything unexpected is a 500. */
export const statusOf = (n: number): PageStatus =>
  [400, 401, 403, 404, 409, 410, 413, 415, 422, 429, 503].includes(n) ? (n as PageStatus) : 500;

export const flashOf = (c: C) => {
  const done = c.req.query('done');
  if (!done) return undefined;
  const action = ActionName.safeParse(done);
  if (action.success) return t('flash.action', { action: actionTitle(action.data) });
  const key = `flash.${done}`;
  return hasKey(key) ? t(key) : undefined;
};

/** A request that changes nothing: every other one a screen takes is a form sent. */
export const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

/** Only a path inside the UI may be a redirect target. */
export const safeNext = (next: string | undefined) =>
  next && /^\/app(\/[\w\-./?=&%:]*)?$/.test(next) && !next.startsWith('//') ? next : undefined;

export const temporalUrlOf = (c: C, visitId: string) => {
  const base = c.var.deps.temporalUiUrl;
  if (!base) return undefined;
  const namespace = c.var.deps.temporal.options.namespace ?? 'default';
  return `${base.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(visitId)}`;
};

export interface Staff {
  session: Session;
  api: ApiCaller;
}

/**
 * A staff screen: signed-in staff only (anyone else is sent to sign in and back), reading through the API as them;
 * a screen kept for some roles answers the others with its "not for your role" page before reading anything.
 */
export const staffOnly =
  (api: ApiApp, screen?: GatedScreen) =>
  (handler: (c: C, s: Staff) => Promise<Response>) =>
  async (c: C): Promise<Response> => {
    const session = readSession(c);
    if (!session) {
      const url = new URL(c.req.url);
      // Only a signed-in page carries a staff form: one sent without a session was sent from a session that
      // ended meanwhile, and the person is told it was not recorded rather than shown a plain sign-in.
      const lapsed = SAFE_METHOD.test(c.req.method) ? '' : 'expired=unsent&';
      return c.redirect(`/app/login?${lapsed}next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    if (screen && !mayOpen(session.staff.role, screen)) throw new NotForRole(screen);
    return handler(c, { session, api: apiCaller(api, c, session.token) });
  };
