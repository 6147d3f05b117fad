import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import type { ApiApp } from '../api-client.js';
import { failedForm, readForm } from '../forms.js';
import { complaintPage } from '../pages/complaints/detail.js';
import { complaintsListPage } from '../pages/complaints/list.js';
import { newComplaintBody, newComplaintPage } from '../pages/complaints/new.js';
import { complaintFlash, complaintStepBody } from '../pages/complaints/steps.js';
import { html, param, staffOnly, statusOf } from './screen.js';

// Customer care: complaints, from the list to each step of one.

export function complaintsScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'complaints');

  web.get(
    '/complaints',
    staff(async (c, s) => html(c, await complaintsListPage(s.api, s.session, c.req.query()))),
  );

  web.get(
    '/complaints/new',
    staff(async (c, s) => html(c, newComplaintPage(s.session, c.req.query()))),
  );

  web.post(
    '/complaints',
    staff(async (c, s) => {
      const v = await readForm(c);
      const created = await s.api.post('/complaints', newComplaintBody(v), { idempotencyKey: v._key });
      if (created.ok) return c.redirect(`/app/complaints/${encodeURIComponent(created.data.complaintId)}?done=opened`, 303);
      const failed = failedForm('complaint-new', v, created);
      return html(c, newComplaintPage(s.session, {}, failed), statusOf(failed.status));
    }),
  );

  web.get(
    '/complaints/:id',
    staff(async (c, s) =>
      html(c, await complaintPage(s.api, s.session, param(c, 'id'), { flash: complaintFlash(c.req.query('done')) })),
    ),
  );

  web.post(
    '/complaints/:id/actions/:action',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const { name, body } = complaintStepBody(param(c, 'action'), v);
      const result = await s.api.post(`/complaints/:id/actions/${name}`, body, { param: { id }, idempotencyKey: v._key });
      if (result.ok) return c.redirect(`/app/complaints/${encodeURIComponent(id)}?done=${name}`, 303);
      const failed = failedForm(`step-${name}`, v, result);
      return html(c, await complaintPage(s.api, s.session, id, { failed }), statusOf(failed.status));
    }),
  );

  return web;
}
