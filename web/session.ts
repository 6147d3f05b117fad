import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { decode } from 'hono/jwt';
import { languageDetector } from 'hono/language';
import { z } from 'zod';
import type { ApiEnv } from '../api/deps.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language, languageOf } from '../domain/language.js';
import { isTimeZone } from '../domain/local-time.js';
import { StaffRole } from '../domain/roles.js';

// The UI keeps the API's own bearer token in an httpOnly cookie and sends it on every in-process API call.
// The claims are read here only to draw the screens for the role; the API verifies the token on each call.

const TOKEN_COOKIE = 'sl_session';
const TZ_COOKIE = 'sl_tz';
const LANGUAGE_COOKIE = 'sl_lang';
/** The language of the customer's link, kept apart from a staff member's own: see keepAddressLanguage. */
const CUSTOMER_LANGUAGE_COOKIE = 'sl_customer_lang';
const COOKIE_PATH = '/app';

const Claims = z.object({ sub: z.string(), role: StaffRole, name: z.string(), exp: z.number() });

export interface Session {
  token: string;
  staff: { id: string; role: StaffRole; name: string };
  expiresAt: number;
  /** The staff member's time zone (from their browser at login): days and times are shown and read in it. */
  tz: string;
}

export function claimsOf(token: string): z.infer<typeof Claims> | undefined {
  try {
    const parsed = Claims.safeParse(decode(token).payload);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The zone a staff member's screens show times in: their browser's, as it said at sign-in, else the shop's
 * (`SHOP_TIME_ZONE`), never UTC: a browser without the page's script, or one that names no zone, read every
 * time on every screen in UTC.
 */
export const timeZoneOf = (c: Context<ApiEnv>) => {
  const tz = getCookie(c, TZ_COOKIE);
  return tz && isTimeZone(tz) ? tz : c.var.settings.shopTimeZone;
};

export function readSession(c: Context<ApiEnv>): Session | undefined {
  const token = getCookie(c, TOKEN_COOKIE);
  if (!token) return undefined;
  const claims = claimsOf(token);
  if (!claims || claims.exp * 1000 <= Date.now()) return undefined;
  return {
    token,
    staff: { id: claims.sub, role: claims.role, name: claims.name },
    expiresAt: claims.exp * 1000,
    tz: timeZoneOf(c),
  };
}

const secure = (c: Context<ApiEnv>) =>
  new URL(c.req.url).protocol === 'https:' ||
  c.req.header('x-forwarded-proto') === 'https' ||
  (c.var.settings?.publicUrl?.startsWith('https:') ?? false);

export function writeSession(c: Context<ApiEnv>, token: string, expiresAt: number, tz: string) {
  const options = {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c),
    expires: new Date(expiresAt),
  } as const;
  setCookie(c, TOKEN_COOKIE, token, options);
  setCookie(c, TZ_COOKIE, isTimeZone(tz) ? tz : c.var.settings.shopTimeZone, {
    ...options,
    expires: new Date(Date.now() + 365 * 86_400_000),
  });
}

export function clearSession(c: Context<ApiEnv>) {
  deleteCookie(c, TOKEN_COOKIE, { path: COOKIE_PATH });
}

/**
 * The language a page is drawn in (`c.var.language`), negotiated by Hono's detector: the customer's link names theirs
 * (`?lang=`, from their file); staff have the one they chose (the header's switch keeps it on their directory record
 * and in this cookie); anyone else gets the first of their browser's Accept-Language choices we speak, by its
 * weights, else English. `languageOf` reads a browser's tag as one of ours (`zh`, `zh-Hans-CN` are zh-CN). The
 * cookie is written by a staff member's choice (`writeLanguage`) and by a language named in the address
 * (`keepAddressLanguage`), never by what was detected from the browser. A customer's page reads its own cookie.
 */
const detector = (cookie: string) =>
  languageDetector({
    order: ['querystring', 'cookie', 'header'],
    lookupQueryString: 'lang',
    lookupCookie: cookie,
    caches: false,
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    convertDetectedLanguage: (tag) => languageOf(tag) ?? tag,
  });
const staffLanguage = detector(LANGUAGE_COOKIE);
const customerLanguage = detector(CUSTOMER_LANGUAGE_COOKIE);

/**
 * The pages a customer opens from the shop's message (approval, booking, survey links) and the public ones those link
 * to (the price list, the service points): no staff sign-in behind them.
 */
const CUSTOMER_PAGE = /^\/app\/(approval|booking|survey|prices|contacts)(\/|$)/;
export const isCustomerPath = (path: string) => CUSTOMER_PAGE.test(path);
export const isCustomerPage = (c: Context<ApiEnv>) => isCustomerPath(c.req.path);

export const detectLanguage: MiddlewareHandler<ApiEnv> = (c, next) =>
  (isCustomerPage(c) ? customerLanguage : staffLanguage)(c, next);

const addressLanguage = (c: Context<ApiEnv>) => languageOf(c.req.query('lang'));

/** A visit's printed paper and its PDF (web/routes/documents.tsx). */
const PAPER = /^\/app\/visits\/[^/]+\/documents\//;

/** The language chosen on a page (the switch, an address) for the pages after it: a customer's, or a staff member's. */
export function writeLanguage(c: Context<ApiEnv>, language: Language, page = c.req.path) {
  setCookie(c, isCustomerPath(page) ? CUSTOMER_LANGUAGE_COOKIE : LANGUAGE_COOKIE, language, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c),
    expires: new Date(Date.now() + 365 * 86_400_000),
  });
}

/**
 * A language named in the address is kept in this browser as the switch keeps it: a staff screen's forms, redirects
 * and links do not carry `?lang=`, so without the cookie the answer to a form sent from a `?lang=zh-CN` page came
 * back in English. Only the browser's cookie, not the staff record: an address is not a choice for every device, and
 * the record, which sign-in brings back, stays the switch's. Written only as one of our own tags, when it changes.
 * A printed paper's `?lang=` names the paper's language (an invoice for a customer who reads Chinese), not its
 * reader's: it lasts for the paper and the PDF link it carries, and leaves the advisor's screens as they were.
 * A customer's link names the customer's language: it is kept in a cookie of its own that only the customer's pages
 * read, so a customer keeps it from page to page while an advisor who opens the link in their own browser (to see
 * what the customer sees) keeps their screens in theirs; it used to switch them to the customer's.
 */
export function keepAddressLanguage(c: Context<ApiEnv>) {
  if (PAPER.test(c.req.path)) return;
  const asked = addressLanguage(c);
  const cookie = isCustomerPage(c) ? CUSTOMER_LANGUAGE_COOKIE : LANGUAGE_COOKIE;
  if (asked && asked !== languageOf(getCookie(c, cookie))) writeLanguage(c, asked);
}
