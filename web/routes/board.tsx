import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { localDate } from '../../domain/local-time.js';
import { mayRead } from '../../domain/roles.js';
import { type ApiApp, must } from '../api-client.js';
import { demoTimers } from '../demo-timers.js';
import { fromLocalInput } from '../format.js';
import { compact, type FailedForm, failedForm, lines, num, readForm, skippedTimeRefusal, text } from '../forms.js';
import { liveMark } from '../live/topics.js';
import { BoardPage } from '../pages/board/page.js';
import { type C, flashOf, type Staff, screenHtml, staffOnly } from './screen.js';

// The appointment board: the day's bookings and walk-ins, and the booking form.

export function boardScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'board');

  async function boardPage(c: C, s: Staff, opts: { day?: string; failed?: FailedForm; highlight?: string } = {}) {
    const tz = s.session.tz;
    const today = localDate(Date.now(), tz);
    const requested = opts.day ?? c.req.query('date');
    // A day in the shape of one goes to the API, which refuses one it does not take (2026-13-45, 9999-12-31) in
    // words on the error page; anything else is no day at all, and the board shows today.
    const day = requested && /^\d{4}-\d{2}-\d{2}$/.test(requested) ? requested : today;
    // The booking form's look-up reads the customers' files: only for those who may (the foreman plans, not books).
    const readsFiles = mayRead(s.session.staff.role, 'customerFiles');
    const lookupQ = readsFiles ? c.req.query('lookup')?.trim() : undefined;
    const customerId = readsFiles ? c.req.query('customer') : undefined;
    const live = await liveMark(c.var.deps.database.db, `board:${day}`, c.var.settings.shopTimeZone);
    const [board, calendar, visits, members, matches, file] = await Promise.all([
      s.api.get('/appointments', { query: { date: day, tz, limit: 500 } }),
      s.api.get('/calendar'),
      s.api.get('/visits', { query: { date: day, tz, limit: 500 } }),
      s.api.get('/staff'),
      lookupQ ? s.api.get('/customers', { query: { q: lookupQ, limit: 20 } }) : undefined,
      customerId ? s.api.get('/customers/:id', { param: { id: customerId }, query: { limit: 1 } }) : undefined,
    ]);
    return screenHtml(
      c,
      <BoardPage
        session={s.session}
        day={day}
        today={today}
        board={must(board)}
        calendar={must(calendar)}
        walkIns={must(visits).items.filter((v) => v.kind === 'walk_in')}
        failed={opts.failed}
        flash={flashOf(c)}
        highlight={opts.highlight ?? c.req.query('visit')}
        demoTimers={c.var.settings.policyOverrides}
        staff={members.ok ? members.data : []}
        lookup={lookupQ ? { q: lookupQ, matches: matches?.ok ? matches.data : [] } : undefined}
        prefill={file?.ok ? { file: file.data, vin: c.req.query('vin') } : undefined}
        live={live}
      />,
      opts.failed,
    );
  }

  web.get(
    '/board',
    staff((c, s) => boardPage(c, s)),
  );

  web.post(
    '/board/book',
    staff(async (c, s) => {
      const v = await readForm(c);
      const walkIn = v.kind === 'walk_in';
      const appointmentAt = walkIn ? undefined : fromLocalInput(v.appointmentAt ?? '', s.session.tz);
      const body = compact({
        customer: compact({
          id: text(v, 'customer.id'),
          name: text(v, 'customer.name') ?? '',
          phone: text(v, 'customer.phone') ?? '',
          email: text(v, 'customer.email'),
          preferredChannel: v['customer.preferredChannel'] || undefined,
        }),
        vehicle: compact({
          vin: text(v, 'vehicle.vin') ?? '',
          plate: text(v, 'vehicle.plate') ?? '',
          model: text(v, 'vehicle.model') ?? '',
          year: num(v, 'vehicle.year'),
          mileage: num(v, 'vehicle.mileage'),
        }),
        advisorId: text(v, 'advisorId') ?? '',
        requestedServices: lines(v, 'requestedServices'),
        priorityReason: v.priorityReason || undefined,
        appointmentAt,
        confirmDuplicate: v.confirmDuplicate === 'true' ? true : undefined,
        confirmClosed: !walkIn && v.confirmClosed === 'true' ? true : undefined,
        policy: v.timers === 'demo' ? demoTimers(appointmentAt) : undefined,
      });
      const created =
        (walkIn ? undefined : skippedTimeRefusal(v, s.session.tz)) ??
        (await s.api.post(walkIn ? '/visits' : '/appointments', body, { idempotencyKey: v._key }));
      if (!created.ok) return boardPage(c, s, { day: v.day, failed: failedForm('book', v, created) });
      if (walkIn) return c.redirect(`/app/visits/${created.data.visitId}?done=walk_in`, 303);
      const day = localDate(Date.parse(appointmentAt ?? ''), s.session.tz);
      return c.redirect(`/app/board?date=${day}&done=booked&visit=${created.data.visitId}`, 303);
    }),
  );

  return web;
}
