import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, must } from '../api-client.js';
import { type FailedForm, failedForm, readForm, text } from '../forms.js';
import { StaffPage } from '../pages/staff.js';
import { type C, flashOf, param, type Staff, screenHtml, staffOnly } from './screen.js';

// The staff directory (admin).

export function staffScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'staff');

  async function staffPage(c: C, s: Staff, failed?: FailedForm) {
    const members = must(await s.api.get('/staff'));
    return screenHtml(c, <StaffPage session={s.session} members={members} failed={failed} flash={flashOf(c)} />, failed);
  }

  web.get(
    '/staff',
    staff((c, s) => staffPage(c, s)),
  );

  web.post(
    '/staff',
    staff(async (c, s) => {
      const v = await readForm(c);
      const body = { id: text(v, 'id') ?? '', name: text(v, 'name') ?? '', role: v.role ?? '' };
      const result = await s.api.post('/staff', body, { idempotencyKey: v._key });
      if (result.ok) return c.redirect('/app/staff?done=staff_saved', 303);
      return staffPage(c, s, failedForm('staff-new', v, result));
    }),
  );

  web.post(
    '/staff/:id',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const change =
        v.op === 'deactivate'
          ? { active: false }
          : v.op === 'activate'
            ? { active: true }
            : { name: text(v, 'name') ?? '', role: v.role ?? '' };
      const result = await s.api.patch('/staff/:id', change, { param: { id } });
      if (result.ok) return c.redirect('/app/staff?done=staff_saved', 303);
      return staffPage(c, s, failedForm(`staff-${id}`, v, result));
    }),
  );

  return web;
}
