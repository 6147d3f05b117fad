import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { outbox, tasks } from '../../db/schema.js';
import { localDate } from '../../domain/local-time.js';
import { asStaff, staffToken } from '../support/auth.js';
import { seedPriceList } from '../support/catalogue.js';
import { patchJson, postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { waitFor } from '../support/waiting.js';

// [S1.1] A booking the advisor takes by phone (POST /appointments) is confirmed to the customer with the booking's own
// signed link, as an online booking is: in the customer's language, on the shop's clock, through the outbox. A walk-in
// has no booking to confirm, and an online booking keeps its one confirmation.

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
/** A day ahead on the shop's clock, and 10:00 of it there (02:00 UTC): the zone shows in the message. */
const dayAhead = (n: number) => localDate(Date.now() + n * DAY, ZONE);
const tenOClock = (day: string) => new Date(`${day}T10:00:00+08:00`).toISOString();

let serial = 0;
const deskBooking = (appointmentAt: string, customer: Record<string, unknown> = {}) => {
  serial++;
  return {
    customer: { name: `Phone Customer ${serial}`, phone: `+49 30 556 ${String(1000 + serial)}`, ...customer },
    vehicle: { vin: `WAUZZZ8K9BA${String(200000 + serial)}`, plate: `B-DK ${serial}`, model: 'Audi A4', mileage: 61_000 },
    advisorId: 'adv-lena',
    requestedServices: ['Annual service'],
    ...(appointmentAt ? { appointmentAt } : {}),
  };
};

describe('a desk booking is confirmed with its link', () => {
  const stack = useTestStack({ timeZone: ZONE });
  let advisor: RequestingApp;
  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    await seedPriceList(stack.app);
  });

  const messagesOf = (visitId: string) => stack.database.db.select().from(outbox).where(eq(outbox.visitId, visitId));
  const confirmationOf = (visitId: string) =>
    waitFor('the booking confirmation', async () => (await messagesOf(visitId)).find((m) => m.template === 'booking_confirmed'));
  /** The visit's history once its opening is written: the commands of the step that follows it are in it then. */
  const historyPastOpening = (visitId: string) =>
    waitFor('the visit opened', async () => {
      const events = (await stack.client.workflow.getHandle(visitId).fetchHistory()).events ?? [];
      const opened = events.some((e) =>
        Buffer.from(e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data ?? '').includes('recordVisitOpened'),
      );
      return opened ? events : undefined;
    });
  const markers = (events: Awaited<ReturnType<typeof historyPastOpening>>) =>
    events.flatMap((e) => {
      const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
      return data ? [JSON.parse(Buffer.from(data).toString('utf8')).id as string] : [];
    });
  const pageAt = (url: string) => {
    const { pathname, search } = new URL(url);
    return `http://localhost${pathname}${search}`;
  };

  it('sends exactly one confirmation, in the customer’s language and on the shop’s clock, whose link moves the booking', async () => {
    const day = dayAhead(3);
    const booking = deskBooking(tenOClock(day), { language: 'zh-CN' });
    const booked = await postJson(advisor, '/appointments', booking);
    expect(booked.status).toBe(201);
    const { visitId } = await readJson(booked);

    const confirmation = await confirmationOf(visitId);
    expect(confirmation).toMatchObject({ channel: 'sms', status: 'sent' });
    expect(confirmation.payload).toMatchObject({ language: 'zh-CN', timeZone: ZONE, appointmentAt: tenOClock(day) });
    const url = confirmation.payload.bookingUrl as string;
    expect(url).toMatch(/\/app\/booking\/manage\?token=[^&]+&lang=zh-CN$/);
    const { text } = renderMessage(confirmation.template, confirmation.payload);
    expect(text).toContain('感谢您的预约');
    expect(text).toContain('10:00');
    expect(text).toContain(url);

    // The link opens the customer's page for this booking, in their language.
    const page = await stack.app.request(pageAt(url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(`（${booking.vehicle.plate}）已预约在`);

    // Another day's free times, and the move the page's form sends: the visit is moved, through its workflow.
    const later = dayAhead(4);
    const withDay = `${pageAt(url)}&date=${later}`;
    const free = await stack.app.request(withDay);
    expect(free.status).toBe(200);
    const slot = tenOClock(later);
    const freeHtml = await free.text();
    expect(freeHtml).toContain('data-move-form');
    expect(freeHtml).toContain(`value="${slot}"`);
    const moved = await stack.app.request(pageAt(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ intent: 'move', date: later, slot }).toString(),
    });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toContain('done=moved');
    const visit = await readJson(await advisor.request(`/visits/${visitId}`));
    expect(visit.state).toMatchObject({ stage: 'booked', appointmentAt: slot });

    // Still the one confirmation: the move is the customer's own, on the page that says so.
    expect((await messagesOf(visitId)).filter((m) => m.template === 'booking_confirmed')).toHaveLength(1);

    // The visit's timeline names the message for what it is, in each language: a desk booking was not booked online.
    const cookie = `sl_session=${await staffToken('manager', 'mgr-eva')}`;
    for (const [lang, words] of [
      ['en', 'booking confirmed to the customer'],
      ['zh-CN', '预约确认已发客户'],
    ]) {
      const timeline = await stack.app.request(`http://localhost/app/visits/${visitId}/timeline?lang=${lang}`, {
        headers: { cookie },
      });
      expect(timeline.status).toBe(200);
      const page = await timeline.text();
      expect(page).toContain(words);
      expect(page).not.toContain('booking_confirmed');
    }
  });

  it('a booking the desk took further ahead than the public page books gets a link that still works on its day', async () => {
    const farAhead = tenOClock(dayAhead(200));
    const booked = await postJson(advisor, '/appointments', { ...deskBooking(farAhead), confirmClosed: true });
    expect(booked.status).toBe(201);
    const { visitId } = await readJson(booked);
    const { payload } = await confirmationOf(visitId);
    expect(Date.parse(payload.linkExpiresAt as string)).toBeGreaterThan(Date.parse(farAhead));
    const token = new URL(payload.bookingUrl as string).searchParams.get('token');
    expect(await readJson(await stack.app.request(`/bookings/${token}`))).toMatchObject({ visitId, changeable: true });
  });

  it('a customer who opted out gets none sent and leaves no call for the advisor, as every message to them', async () => {
    const first = deskBooking(tenOClock(dayAhead(5)));
    const { visitId: earlier } = await readJson(await postJson(advisor, '/appointments', first));
    const customerId = (await readJson(await advisor.request(`/visits/${earlier}`))).state.customer.id;
    expect((await patchJson(advisor, `/customers/${customerId}`, { optedOut: true })).status).toBe(200);

    const again = await postJson(advisor, '/appointments', {
      ...first,
      customer: { id: customerId, name: first.customer.name, phone: first.customer.phone },
      appointmentAt: tenOClock(dayAhead(6)),
    });
    expect(again.status).toBe(201);
    const { visitId } = await readJson(again);
    expect(await confirmationOf(visitId)).toMatchObject({ status: 'suppressed' });
    const handedOver = await stack.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.visitId, visitId), eq(tasks.kind, 'delivery_failed')));
    expect(handedOver).toEqual([]);
  });

  it('a walk-in is sent no confirmation, and its visit never asks for the desk’s change', async () => {
    const walkIn = await postJson(advisor, '/visits', deskBooking(''));
    expect(walkIn.status).toBe(201);
    const { visitId } = await readJson(walkIn);
    const events = await historyPastOpening(visitId);
    expect(markers(events)).not.toContain('desk-booking-confirmed');
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify')).toEqual([]);
    expect(await messagesOf(visitId)).toEqual([]);
  });

  it('an online booking keeps its one confirmation and never asks for the desk’s change', async () => {
    const day = dayAhead(7);
    const online = await postJson(stack.app, '/booking', {
      services: [{ kind: 'package', code: 'SVC-12M' }],
      slot: tenOClock(day),
      customer: { name: 'Web Customer', phone: '+49 30 557 1000' },
      vehicle: { vin: 'WVWZZZ1JZXW300001', plate: 'B-WB 300', model: 'VW Golf' },
    });
    expect(online.status).toBe(201);
    const { visitId } = await readJson(online);
    await confirmationOf(visitId);
    const events = await historyPastOpening(visitId);
    expect(markers(events)).not.toContain('desk-booking-confirmed');
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify')).toHaveLength(1);
    expect(await messagesOf(visitId)).toHaveLength(1);
  });
});
