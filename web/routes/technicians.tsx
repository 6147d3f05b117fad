import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, must } from '../api-client.js';
import { type FailedForm, failedForm, readForm, text } from '../forms.js';
import { TechniciansPage, technicianBody } from '../pages/technicians.js';
import { type C, flashOf, param, type Staff, screenHtml, staffOnly } from './screen.js';

// Technicians: skills and availability, kept by the foreman.

export function techniciansScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'technicians');

  async function techniciansPage(c: C, s: Staff, failed?: FailedForm) {
    const technicians = must(await s.api.get('/technicians'));
    return screenHtml(
      c,
      <TechniciansPage session={s.session} technicians={technicians} failed={failed} flash={flashOf(c)} />,
      failed,
    );
  }

  web.get(
    '/technicians',
    staff((c, s) => techniciansPage(c, s)),
  );

  web.post(
    '/technicians',
    staff(async (c, s) => {
      const v = await readForm(c);
      const result = await s.api.post(
        '/technicians',
        { id: text(v, 'id') ?? '', ...technicianBody(v) },
        { idempotencyKey: v._key },
      );
      if (result.ok) return c.redirect('/app/technicians?done=technician_added', 303);
      return techniciansPage(c, s, failedForm('technician-new', v, result));
    }),
  );

  web.post(
    '/technicians/:id',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const change = v.op === 'deactivate' ? { active: false } : v.op === 'activate' ? { active: true } : technicianBody(v);
      const result = await s.api.patch('/technicians/:id', change, { param: { id } });
      if (result.ok) return c.redirect('/app/technicians?done=technician_saved', 303);
      return techniciansPage(c, s, failedForm(`technician-${id}`, v, result));
    }),
  );

  return web;
}
