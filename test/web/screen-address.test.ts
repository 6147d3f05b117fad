import { describe, expect, it } from 'vitest';
import type { ApiApp } from '../../web/api-client.js';
import { webRoutes } from '../../web/routes/index.js';
import { screenOfPost } from '../../web/screen-address.js';

// A refused form is drawn again from its post, and the address bar is told the form's screen (web/screen-address.ts):
// a post address it did not know stayed in the bar, so a reload sent the form again and the address, reopened or
// shared, answered "no such screen". Every form of the screens is checked here, from the router's own list.

const routes = webRoutes({} as ApiApp).routes;
const screens = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.path));
const isScreen = (address: string) =>
  [...screens].some((path) => new RegExp(`^/app${path.replace(/:\w+/g, '[^/]+')}$`).test(address));
/** The switch and sign-out never draw a form again; sign-in and the customer's pages post to their own address. */
const NOT_DRAWN_AGAIN = new Set(['/language', '/logout']);

/** The address a browser sends for a route, with ids as the screens write them in a form's action. */
const addressOf = (path: string) =>
  `/app${path
    .replace(':taskId', encodeURIComponent('0b9d6f0e-5d43-4c3b-9a51-2f7a1c0e8d11:follow-up:1'))
    .replace(':date', '2026-12-24')
    .replace(':vin', 'WVWZZZ1JZXW000001')
    .replace(':action', 'record_pickup')
    .replace(/:\w+/g, 'complaint-0b9d6f0e-5d43-4c3b-9a51-2f7a1c0e8d11')}`;

describe('the post address of every form', () => {
  const posts = routes.filter((r) => r.method === 'POST' && !screens.has(r.path) && !NOT_DRAWN_AGAIN.has(r.path));

  it('are read from the router', () => {
    expect(posts.map((r) => r.path)).toContain('/workshop/reassign');
  });

  it.each(posts.map((r) => [r.path]))('%s names the screen the form sits on', (path) => {
    const screen = screenOfPost(addressOf(path)) ?? '';
    expect(isScreen(screen), `${addressOf(path)} leads to ${screen || 'nothing'}`).toBe(true);
  });
});
