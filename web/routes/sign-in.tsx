import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { Language } from '../../domain/language.js';
import { type ApiApp, apiCaller, PageError, SignInAgain } from '../api-client.js';
import { readForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { homeOf } from '../layout.js';
import { LoginPage } from '../pages/login.js';
import { plainFieldErrors, plainRefusal } from '../plain-errors.js';
import { claimsOf, clearSession, isCustomerPath, readSession, timeZoneOf, writeLanguage, writeSession } from '../session.js';
import { html, safeNext, statusOf } from './screen.js';

// Sign-in: the API's own tokens, kept in an httpOnly cookie; the language switch in the header.

/**
 * The page the switch was used on, without a language its address named (`?lang=`, web/session.ts): that would win
 * over the choice just made and be kept again, so picking English on a page opened as `?lang=zh-CN` left it Chinese.
 */
function backTo(next: string | undefined) {
  const page = safeNext(next);
  if (!page) return undefined;
  const url = new URL(page, 'http://screen');
  url.searchParams.delete('lang');
  return url.pathname + url.search;
}

export function signInScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();

  web.get('/login', (c) =>
    html(
      c,
      <LoginPage
        devTokens={c.var.settings.devTokens}
        next={safeNext(c.req.query('next')) ?? ''}
        notice={
          c.req.query('expired') === 'unsent'
            ? t('errorPage.sessionEndedUnsent')
            : c.req.query('expired')
              ? t('errorPage.sessionEnded')
              : undefined
        }
      />,
    ),
  );

  web.post('/login', async (c) => {
    const v = await readForm(c);
    const tz = v.tz || timeZoneOf(c);
    const fail = (id: string, message: string, fields: Record<string, string> = {}, status = 400) =>
      html(
        c,
        <LoginPage
          devTokens={c.var.settings.devTokens}
          next={safeNext(v.next) ?? ''}
          failed={{ id, values: v, errors: plainFieldErrors(fields), message, status }}
        />,
        statusOf(status),
      );
    let token: string;
    if (v.mode === 'token') {
      token = (v.token ?? '').trim().replace(/^Bearer\s+/i, '');
      if (!claimsOf(token)) return fail('token', t('login.notAToken'), { token: 'not a staff token' });
      // The API is the judge: one cheap authenticated read.
      try {
        const probe = await apiCaller(api, c, token).get('/tasks', { query: { limit: 1 } });
        if (!probe.ok && probe.status === 403) return fail('token', plainRefusal(probe), {}, 403);
      } catch (err) {
        // The API's reason is an English sentence for API clients: the page says it in the reader's language.
        if (err instanceof SignInAgain) return fail('token', t('login.tokenRefused'), { token: t('login.tokenRefused') }, 401);
        throw err;
      }
    } else {
      const issued = await apiCaller(api, c).post('/auth/dev-token', {
        staffId: v.staffId ?? '',
        role: v.role ?? '',
        name: v.name ?? '',
      });
      if (!issued.ok) return fail('dev', plainRefusal(issued), issued.fields, issued.status);
      token = issued.data.token;
    }
    const claims = claimsOf(token);
    if (!claims) return fail(v.mode === 'token' ? 'token' : 'dev', t('login.noClaims'));
    writeSession(c, token, claims.exp * 1000, tz);
    // The language they chose on another device comes with them.
    const chosen = await apiCaller(api, c, token).get('/me/language');
    if (chosen.ok && chosen.data.language) writeLanguage(c, chosen.data.language);
    return c.redirect(safeNext(v.next) ?? homeOf(claims.role), 303);
  });

  web.post('/logout', (c) => {
    clearSession(c);
    return c.redirect('/app/login', 303);
  });

  // The header's language switch: kept in the browser at once and on the staff record for their other devices.
  web.post('/language', async (c) => {
    const v = await readForm(c);
    const language = Language.safeParse(v.language);
    if (!language.success) throw new PageError(400, t('error.choice', { label: t('language.choose') }));
    const back = backTo(v.next);
    const page = back?.split('?')[0];
    // On a customer's page (the booking page, the price list) the choice is the customer's, for their pages; a staff
    // member signed in on this browser keeps theirs, on the screens and on their record.
    writeLanguage(c, language.data, page);
    const session = readSession(c);
    if (session && !(page && isCustomerPath(page)))
      await apiCaller(api, c, session.token).put('/me/language', { language: language.data });
    return c.redirect(back ?? (session ? homeOf(session.staff.role) : '/app/login'), 303);
  });

  return web;
}
