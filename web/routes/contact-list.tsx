import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, apiCaller, must } from '../api-client.js';
import { type FailedForm, failedForm, readForm } from '../forms.js';
import { ContactListPage, pointBody } from '../pages/contact-list.js';
import { ContactsPage } from '../pages/contacts.js';
import { type C, flashOf, html, param, type Staff, screenHtml, staffOnly } from './screen.js';

// The nationwide contact list: the public page (no login, like the price list) and the staff screen where the
// hotline finds the nearest service points and the service manager keeps the list.

/** The place typed into "Where are you?"; an empty one asks for nothing. */
const nearOf = (c: C) => c.req.query('near')?.trim() || undefined;

export function contactListScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'contactList');

  web.get('/contacts', async (c) => {
    const near = nearOf(c);
    const list = must(await apiCaller(api, c).get('/contact-list', { query: near ? { near } : {} }));
    return html(c, <ContactsPage list={list} near={near} />);
  });

  async function contactListPage(c: C, s: Staff, failed?: FailedForm) {
    const near = nearOf(c);
    const [points, list] = await Promise.all([
      s.api.get('/contact-list/points'),
      s.api.get('/contact-list', { query: near ? { near } : {} }),
    ]);
    return screenHtml(
      c,
      <ContactListPage
        session={s.session}
        points={must(points)}
        list={must(list)}
        near={near}
        failed={failed}
        flash={flashOf(c)}
      />,
      failed,
    );
  }

  web.get(
    '/contact-list',
    staff((c, s) => contactListPage(c, s)),
  );

  web.post(
    '/contact-list',
    staff(async (c, s) => {
      const v = await readForm(c);
      const result = await s.api.post('/contact-list/points', pointBody(v), { idempotencyKey: v._key });
      if (result.ok) return c.redirect('/app/contact-list?done=contact_added', 303);
      return contactListPage(c, s, failedForm('point-new', v, result));
    }),
  );

  web.post(
    '/contact-list/:id',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const change = v.op === 'off' ? { active: false } : v.op === 'on' ? { active: true } : pointBody(v);
      const result = await s.api.patch('/contact-list/points/:id', change, { param: { id } });
      if (result.ok) return c.redirect('/app/contact-list?done=contact_saved', 303);
      return contactListPage(c, s, failedForm(`point-${id}`, v, result));
    }),
  );

  return web;
}
