import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, must } from '../api-client.js';
import { type FailedForm, failedForm, readForm } from '../forms.js';
import { CalendarPage, exceptionBody, weekBody } from '../pages/calendar/page.js';
import { type C, flashOf, param, type Staff, screenHtml, staffOnly } from './screen.js';

// The shop's calendar: opening hours, holidays and special days, kept by the service manager.

export function calendarScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'calendar');

  async function calendarPage(c: C, s: Staff, failed?: FailedForm) {
    const calendar = must(await s.api.get('/calendar'));
    return screenHtml(c, <CalendarPage session={s.session} calendar={calendar} failed={failed} flash={flashOf(c)} />, failed);
  }

  web.get(
    '/calendar',
    staff((c, s) => calendarPage(c, s)),
  );

  web.post(
    '/calendar/hours',
    staff(async (c, s) => {
      const v = await readForm(c);
      const result = await s.api.put('/calendar/hours', weekBody(v));
      if (result.ok) return c.redirect('/app/calendar?done=calendar_saved', 303);
      return calendarPage(c, s, failedForm('calendar-week', v, result));
    }),
  );

  web.post(
    '/calendar/exceptions',
    staff(async (c, s) => {
      const v = await readForm(c);
      const result = await s.api.post('/calendar/exceptions', exceptionBody(v), { idempotencyKey: v._key });
      if (result.ok) return c.redirect('/app/calendar?done=calendar_saved', 303);
      return calendarPage(c, s, failedForm('calendar-exception', v, result));
    }),
  );

  web.post(
    '/calendar/exceptions/:date/remove',
    staff(async (c, s) => {
      const result = await s.api.delete('/calendar/exceptions/:date', { param: { date: param(c, 'date') } });
      if (result.ok || result.status === 404) return c.redirect('/app/calendar?done=calendar_saved', 303);
      return calendarPage(c, s, failedForm('calendar-exception', {}, result));
    }),
  );

  return web;
}
