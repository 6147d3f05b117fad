import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, type ApiCaller, apiCaller, must } from '../api-client.js';
import { type FailedForm, failedForm, readForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { ContactListPage, pointBody } from '../pages/contact-list.js';
import { ContactsPage } from '../pages/contacts.js';
import type { FormVoice } from '../plain-errors.js';
import { type C, flashOf, html, param, type Staff, screenHtml, staffOnly } from './screen.js';

// The nationwide contact list: the public page (no login, like the price list) and the staff screen where the
// hotline finds the nearest service points and the service manager keeps the list.

/** The place typed into "Where are you?"; an empty one asks for nothing. */
const nearOf = (c: C) => c.req.query('near')?.trim() || undefined;

/**
 * The list and the points nearest a place. A place the list refuses (one with nothing visible in it, or a pasted
 * page of text) is not the page's fault: the whole list shows, and why the place was not taken is said under it.
 */
async function listNear(api: ApiCaller, near: string | undefined, voice: FormVoice) {
  const asked = await api.get('/contact-list', { query: near ? { near } : {} });
  if (asked.ok || !near || asked.status !== 400) return { list: must(asked), near };
  const whole = must(await api.get('/contact-list', { query: {} }));
  return { list: whole, near: undefined, failed: failedForm('near', { near }, asked, voice) };
}

const nearVoice = (customer: boolean): FormVoice => ({ customer, labels: { near: t('contacts.nearField') } });

export function contactListScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'contactList');

  web.get('/contacts', async (c) => {
    const { list, near, failed } = await listNear(apiCaller(api, c), nearOf(c), nearVoice(true));
    return html(c, <ContactsPage list={list} near={near} failed={failed} />, failed ? 400 : 200);
  });

  async function contactListPage(c: C, s: Staff, failed?: FailedForm) {
    const [points, asked] = await Promise.all([s.api.get('/contact-list/points'), listNear(s.api, nearOf(c), nearVoice(false))]);
    const refused = failed ?? asked.failed;
    return screenHtml(
      c,
      <ContactListPage
        session={s.session}
        points={must(points)}
        list={asked.list}
        near={asked.near}
        failed={refused}
        flash={flashOf(c)}
      />,
      refused,
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
