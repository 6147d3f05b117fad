import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { addDays, localDate } from '../../domain/local-time.js';
import { DayInput } from '../../domain/time.js';
import { signBookingLink } from '../../runtime/booking-links.js';
import { type ApiApp, type ApiCaller, apiCaller, must } from '../api-client.js';
import { compact, type FormValues, failedForm, readForm, text } from '../forms.js';
import { language, t } from '../i18n/index.js';
import { ApprovalMessagePage } from '../pages/approval.js';
import { BookingPage, bookingVoice } from '../pages/booking/book.js';
import { MANAGE_DONE, ManageBookingPage, type ManageDone } from '../pages/booking/manage.js';
import { type C, html, statusOf } from './screen.js';

// Online booking [S1.1]: the public booking page and the page of the booking's signed link. No login; every read and
// write goes through the API's public booking routes, which judge everything (slots, capacity, the link).

const SERVICE_FIELD = /^service\.((?:package|labour_operation):[A-Za-z0-9][A-Za-z0-9._-]{0,31})$/;

/** The services ticked on a form or in the query: `service.<kind>:<code>=true`. */
const chosenServices = (values: Record<string, string | undefined>) =>
  Object.entries(values)
    .filter(([k, v]) => v === 'true' && SERVICE_FIELD.test(k))
    .map(([k]) => k.slice('service.'.length));

const asService = (key: string) => {
  const [kind, code] = key.split(':');
  return { kind, code };
};

/** The booking link's page in the language this page is drawn in. */
const manageAddress = (token: string) => `/app/booking/manage?token=${encodeURIComponent(token)}&lang=${language()}`;

const day = (value: string | undefined) => (value && DayInput.safeParse(value).success ? value : undefined);

/** A link that does not work, has expired, or is used too often, in the customer's words. */
function linkRefusal(c: C, status: number) {
  const { phone } = c.var.settings.shop;
  const [title, message] =
    status === 410
      ? [t('booking.expiredTitle'), t('booking.expired')]
      : status === 429
        ? [t('booking.waitTitle'), t('booking.wait')]
        : [t('booking.brokenTitle'), t('booking.broken')];
  return html(c, <ApprovalMessagePage title={title} message={message} phone={phone} />, statusOf(status));
}

export function bookingScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const timeZoneOf = (c: C) => c.var.settings.shopTimeZone;
  const today = (c: C) => localDate(Date.now(), timeZoneOf(c));

  const slotsFor = async (client: ApiCaller, date: string, services: string[]) => {
    const slots = await client.get('/booking/slots', { query: { date, services: services.join(',') } });
    return slots.ok ? slots.data : undefined;
  };

  const bookingPage = async (
    c: C,
    chosen: string[],
    date: string,
    failed?: ReturnType<typeof failedForm>,
    askedDayRefused = false,
  ) => {
    const client = apiCaller(api, c);
    const list = must(await client.get('/catalogue'));
    const slots = chosen.length ? await slotsFor(client, date, chosen) : undefined;
    // A day the shop does not take (a year like 2101, no date at all), which the page replaced by tomorrow, or one
    // the API will not look at, is told: never a page without times and without a word.
    const dayRefused = askedDayRefused || (chosen.length > 0 && !slots);
    return html(
      c,
      <BookingPage
        list={list}
        chosen={chosen}
        date={date}
        today={today(c)}
        slots={slots}
        failed={failed}
        dayRefused={dayRefused}
      />,
      failed ? statusOf(failed.status) : 200,
    );
  };

  web.get('/booking', (c) => {
    const asked = c.req.query('date');
    const date = day(asked);
    return bookingPage(c, chosenServices(c.req.query()), date ?? addDays(today(c), 1), undefined, !!asked && !date);
  });

  web.post('/booking', async (c) => {
    const v = await readForm(c);
    const chosen = chosenServices(v);
    const date = day(v.date) ?? addDays(today(c), 1);
    const body = {
      services: chosen.map(asService),
      slot: v.slot ?? '',
      customer: compact({
        name: text(v, 'customer.name') ?? '',
        phone: text(v, 'customer.phone') ?? '',
        email: text(v, 'customer.email'),
        language: text(v, 'customer.language'),
        preferredChannel: text(v, 'customer.preferredChannel'),
      }),
      vehicle: {
        vin: text(v, 'vehicle.vin') ?? '',
        plate: text(v, 'vehicle.plate') ?? '',
        model: text(v, 'vehicle.model') ?? '',
      },
      notes: text(v, 'notes'),
    };
    const sent = await apiCaller(api, c).post('/booking', compact(body));
    // The customer lands on their booking's own page, as its confirmation message links it: a reload or the back
    // button then reads the booking instead of booking the car again (which the API refuses as a second booking
    // that day, read as "not sent" by someone who has just booked), and the page offers to move or cancel it.
    if (sent.ok) {
      const { token } = await signBookingLink(sent.data.visitId, c.var.settings.approvalLinkKey);
      return c.redirect(`${manageAddress(token)}&done=booked`, 303);
    }
    if (sent.status === 429) return linkRefusal(c, 429);
    const failed = failedForm('booking', v, sent, bookingVoice());
    // A time taken meanwhile is told as such; the page shows the times still free. Any other refusal (the car
    // already booked that day) is told next to the field it names.
    const taken = sent.status === 409 && 'slot' in sent.fields;
    return bookingPage(c, chosen, date, taken ? { ...failed, message: t('booking.taken') } : failed);
  });

  const managePage = async (
    c: C,
    token: string,
    date: string | undefined,
    extra: { failed?: ReturnType<typeof failedForm>; done?: ManageDone } = {},
  ) => {
    const client = apiCaller(api, c);
    const booking = await client.get('/bookings/:token', { param: { token } });
    if (!booking.ok) return linkRefusal(c, booking.status);
    const services = booking.data.services.map((s) => `${s.kind}:${s.code}`);
    const [slots, list] = await Promise.all([
      date && booking.data.changeable ? slotsFor(client, date, services) : undefined,
      client.get('/catalogue'),
    ]);
    return html(
      c,
      <ManageBookingPage
        booking={booking.data}
        list={list.ok ? list.data : undefined}
        token={token}
        date={date ?? addDays(today(c), 1)}
        today={today(c)}
        slots={slots}
        phone={c.var.settings.shop.phone}
        {...extra}
      />,
      extra.failed ? statusOf(extra.failed.status) : 200,
    );
  };

  web.get('/booking/manage', (c) => {
    const done = MANAGE_DONE.find((d) => d === c.req.query('done'));
    return managePage(c, c.req.query('token') ?? '', day(c.req.query('date')), { done });
  });

  // Both forms post to the page's own address (the link). A move or a cancellation is answered by a redirect to
  // that address, so a reload or the back button reads the booking again rather than moving or cancelling it twice.
  web.post('/booking/manage', async (c) => {
    const token = c.req.query('token') ?? '';
    const v: FormValues = await readForm(c);
    const client = apiCaller(api, c);
    const moving = v.intent === 'move';
    const sent = moving
      ? await client.post('/bookings/:token/reschedule', { slot: v.slot ?? '' }, { param: { token } })
      : await client.post('/bookings/:token/cancel', compact({ reason: text(v, 'reason') }), { param: { token } });
    if (sent.ok) return c.redirect(moving ? `${manageAddress(token)}&done=moved` : manageAddress(token), 303);
    if ([401, 404, 410, 429].includes(sent.status)) return linkRefusal(c, sent.status);
    const failed = failedForm(moving ? 'move' : 'cancel', v, sent, { customer: true });
    return managePage(c, token, moving ? day(v.date) : undefined, {
      failed: moving && sent.status === 409 ? { ...failed, message: t('booking.taken') } : failed,
    });
  });

  return web;
}
