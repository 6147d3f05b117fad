import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../api/deps.js';

// A refused form is drawn again from its POST, so the address bar would hold the form's post address, which has no
// page of its own (reopened, it answered 404). Each post address maps to the screen the form sits on: the browser
// is told to show that address (app.js replaces it in its history) and a GET of the post address leads there.

const SCREENS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^\/app\/visits\/([\w-]+)\/actions\/[\w-]+$/, (m) => `/app/visits/${m[1]}`],
  [/^\/app\/customers\/([\w-]+)\/vehicles\/[\w-]+$/, (m) => `/app/customers/${m[1]}`],
  [/^\/app\/complaints\/([\w-]+)\/actions\/[\w-]+$/, (m) => `/app/complaints/${m[1]}`],
  [/^\/app\/complaints$/, () => '/app/complaints/new'],
  [/^\/app\/board\/book$/, () => '/app/board'],
  [/^\/app\/workshop\/(assign|reassign)$/, () => '/app/workshop'],
  // A task's id holds colons (`<visit>:follow-up:1`), which stay percent-encoded in the path.
  [/^\/app\/calls\/[^/]+$/, () => '/app/calls'],
  [/^\/app\/calendar\/(hours|exceptions(\/[\w-]+\/remove)?)$/, () => '/app/calendar'],
  [/^\/app\/feedback\/[\w-]+\/decision$/, () => '/app/feedback'],
  [/^\/app\/staff\/[\w-]+$/, () => '/app/staff'],
  [/^\/app\/technicians\/[\w-]+$/, () => '/app/technicians'],
  [/^\/app\/contact-list\/[\w-]+$/, () => '/app/contact-list'],
];

/** The screen a form posting to `path` sits on; undefined when the post address is a screen itself. */
export function screenOfPost(path: string): string | undefined {
  for (const [pattern, screen] of SCREENS) {
    const match = path.match(pattern);
    if (match) return screen(match);
  }
  return undefined;
}

/** A refused form drawn again: the page names its screen's address for the address bar (app.js replaces it). */
export const screenAddress: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  const screen = c.req.method === 'POST' ? screenOfPost(c.req.path) : undefined;
  if (!screen || !c.res.headers.get('content-type')?.startsWith('text/html')) return;
  const page = await c.res.text();
  const headers = new Headers(c.res.headers);
  headers.delete('content-length');
  c.res = new Response(page.replace('<body', `<body data-screen="${screen}"`), { status: c.res.status, headers });
};
