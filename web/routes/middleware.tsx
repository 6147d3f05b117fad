import type { ErrorHandler, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ApiEnv } from '../../api/deps.js';
import { closeAfterAnswer } from '../../api/errors.js';
import { MAX_BODY_BYTES } from '../../api/settings.js';
import { PageError, SignInAgain } from '../api-client.js';
import { inLanguage, t } from '../i18n/index.js';
import { BarePage } from '../layout.js';
import { plainPageError } from '../plain-errors.js';
import { NotForRole } from '../screen-roles.js';
import { clearSession, detectLanguage, isCustomerPage, keepAddressLanguage } from '../session.js';
import { html, SAFE_METHOD, statusOf } from './screen.js';

// What wraps every screen (web/routes/index.tsx applies it in this order): the security headers, the request's
// language, forms only, and the error page.

/** Screens are small enough to ship whole; no script or style from anywhere else. */
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "script-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const FORM_BODY = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/** Every answer carries the CSP; a page is never cached (it shows one person's view of the shop now). */
export const securityHeaders: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  c.header('content-security-policy', CSP);
  if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('cache-control', 'no-store');
};

// hono's csrf() checks the origin of form bodies only; a screen takes nothing else, so anything else is refused
// before a handler reads it and the origin check covers every request that changes something.
export const formsOnly: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (!SAFE_METHOD.test(c.req.method) && !FORM_BODY.test(c.req.header('content-type') ?? ''))
    throw new HTTPException(415, { message: 'The screens take form submissions only.' });
  await next();
};

/** The API's bound on a body (api/app.ts leaves the screens' to this), refused with the error page in the page's language. */
export const screenBodyLimit: MiddlewareHandler<ApiEnv> = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => {
    closeAfterAnswer(c);
    throw new HTTPException(413, { message: 'The body is too large for a screen.' });
  },
});

/**
 * One request, one language: every label and format of the page follows it (web/i18n), the error page too. So it
 * is settled first, before any refusal can be drawn (a form from another site, a body that is not a form).
 */
export const requestLanguage: MiddlewareHandler<ApiEnv> = (c, next) => {
  // An address's language stays for the pages after it (web/session.ts).
  keepAddressLanguage(c);
  return detectLanguage(c, () => inLanguage(c.var.language, next, c.var.settings.currency));
};

/**
 * A lapsed session signs in again and comes back; anything else is a page saying what went wrong. A customer's page
 * neither offers the staff's screens nor speaks of roles: a form refused there was sent from elsewhere.
 */
export const errorPage: ErrorHandler<ApiEnv> = async (err, c) => {
  if (err instanceof SignInAgain) {
    clearSession(c);
    const read = SAFE_METHOD.test(c.req.method);
    // A page comes back as it was asked for (the board's day, a search); a form's post address leads to its screen.
    const back = read ? c.req.path + new URL(c.req.url).search : c.req.path;
    return c.redirect(`/app/login?${read ? 'expired=1' : 'expired=unsent'}&next=${encodeURIComponent(back)}`, 303);
  }
  const status = err instanceof PageError ? err.status : err instanceof HTTPException ? err.status : 500;
  if (status >= 500 && !(err instanceof PageError)) c.var.logger?.error({ err }, 'screen failed');
  const customer = isCustomerPage(c);
  // hono's own refusals (a form from elsewhere, a body that is not a form) speak English to developers.
  const message =
    err instanceof PageError ? err.message : customer && status === 403 ? t('errorPage.linkOnly') : plainPageError(status);
  return html(
    c,
    <BarePage title={t('errorPage.title')}>
      <main class="login">
        <section class="card">
          <header class="card-head">
            <h2>
              {t(
                err instanceof NotForRole
                  ? 'errorPage.notForRole'
                  : status === 404
                    ? 'errorPage.notFound'
                    : status === 403
                      ? 'errorPage.notAllowed'
                      : 'errorPage.failed',
              )}
            </h2>
          </header>
          <div class="card-body">
            <p data-error-message>{message}</p>
            {!customer && (
              <a class="btn" href="/app">
                {t('errorPage.back')}
              </a>
            )}
          </div>
        </section>
      </main>
    </BarePage>,
    statusOf(status),
  );
};
