import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { REPAIR_FORMS } from '../actions/repair.js';
import { type ApiApp, must } from '../api-client.js';
import { compact, type FailedForm, failedForm, readForm, text } from '../forms.js';
import { WorkshopPage } from '../pages/workshop/page.js';
import { assignRefusal } from '../pages/workshop/plan.js';
import { type C, flashOf, type Staff, screenHtml, staffOnly } from './screen.js';

// The workshop board: the plan and dispatch from the board (it updates itself through web/live/).

export function workshopScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api);

  async function workshopPage(c: C, s: Staff, failed?: FailedForm) {
    const workshop = must(await s.api.get('/workshop', { query: { limit: 200 } }));
    return screenHtml(c, <WorkshopPage session={s.session} workshop={workshop} failed={failed} flash={flashOf(c)} />, failed);
  }

  web.get(
    '/workshop',
    staff((c, s) => workshopPage(c, s)),
  );

  web.post(
    '/workshop/assign',
    staff(async (c, s) => {
      const v = await readForm(c);
      const visitId = v.visitId ?? '';
      const result = await s.api.post(
        '/visits/:id/actions/assign_technician',
        compact({
          technicianId: v.technicianId ?? '',
          overrideReason: text(v, 'overrideReason'),
          planVersion: v.planVersion || undefined,
        }),
        { param: { id: visitId }, idempotencyKey: v._key },
      );
      if (result.ok) return c.redirect('/app/workshop?done=assigned', 303);
      const failed = failedForm(`assign-${visitId}`, v, result);
      return workshopPage(c, s, { ...failed, message: assignRefusal(result, s.session.tz) ?? failed.message });
    }),
  );

  web.post(
    '/workshop/reassign',
    staff(async (c, s) => {
      const v = await readForm(c);
      const visitId = v.visitId ?? '';
      const result = await s.api.post(
        '/visits/:id/actions/reassign_technician',
        // The body the visit page's form sends for the same action.
        REPAIR_FORMS.reassign_technician.encode(v).body,
        { param: { id: visitId }, idempotencyKey: v._key },
      );
      if (result.ok) return c.redirect('/app/workshop?done=reassign_technician', 303);
      return workshopPage(c, s, failedForm(`reassign-${visitId}`, v, result));
    }),
  );

  return web;
}
