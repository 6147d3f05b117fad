import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import type { ApiApp } from '../api-client.js';
import { failedForm, readForm } from '../forms.js';
import { decisionBody, feedbackBody, feedbackPage } from '../pages/feedback.js';
import { flashOf, html, param, staffOnly, statusOf } from './screen.js';

// Staff suggestions: sending one, and the service manager's decision on each.

export function feedbackScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'feedback');

  web.get(
    '/feedback',
    staff(async (c, s) => html(c, await feedbackPage(s.api, s.session, { status: c.req.query('status'), flash: flashOf(c) }))),
  );

  web.post(
    '/feedback',
    staff(async (c, s) => {
      const v = await readForm(c);
      const sent = await s.api.post('/feedback', feedbackBody(v), { idempotencyKey: v._key });
      if (sent.ok) return c.redirect('/app/feedback?done=feedback_sent', 303);
      const failed = failedForm('feedback-new', v, sent);
      return html(c, await feedbackPage(s.api, s.session, { failed }), statusOf(failed.status));
    }),
  );

  web.post(
    '/feedback/:id/decision',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const decided = await s.api.post('/feedback/:id/decision', decisionBody(v), { param: { id }, idempotencyKey: v._key });
      if (decided.ok) return c.redirect(`/app/feedback?done=feedback_${decided.data.status}&status=open`, 303);
      const failed = failedForm(`feedback-decide-${id}`, v, decided);
      return html(c, await feedbackPage(s.api, s.session, { failed }), statusOf(failed.status));
    }),
  );

  return web;
}
