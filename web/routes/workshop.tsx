import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import type { Workshop } from '../../api/queries/workshop.js';
import { type ApiApp, must } from '../api-client.js';
import { compact, type FailedForm, failedForm, readForm, text } from '../forms.js';
import { assignRefusal, WorkshopPage } from '../pages/workshop.js';
import { type C, flashOf, html, type Staff, staffOnly, statusOf } from './screen.js';

// The workshop board: the plan and dispatch from the board (it updates itself through web/live/).

export function workshopScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api);

  async function workshopPage(c: C, s: Staff, failed?: FailedForm) {
    const workshop = must(await s.api.get<Workshop>('/workshop', { limit: 200 }));
    return html(
      c,
      <WorkshopPage session={s.session} workshop={workshop} failed={failed} flash={flashOf(c)} />,
      failed ? statusOf(failed.status) : 200,
    );
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
        `/visits/${encodeURIComponent(visitId)}/actions/assign_technician`,
        compact({
          technicianId: v.technicianId ?? '',
          overrideReason: text(v, 'overrideReason'),
          planVersion: v.planVersion || undefined,
        }),
        { idempotencyKey: v._key },
      );
      if (result.ok) return c.redirect('/app/workshop?done=assigned', 303);
      const failed = failedForm(`assign-${visitId}`, v, result);
      return workshopPage(c, s, { ...failed, message: assignRefusal(result, s.session.tz) ?? failed.message });
    }),
  );

  return web;
}
