import { and, eq } from 'drizzle-orm';
import { sign } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { UNKNOWN_FIELD } from '../../api/errors.js';
import { devSettings } from '../../api/settings.js';
import { bookingHolds, customers, outbox, vehicles, visits } from '../../db/schema.js';
import { signApprovalLink } from '../../runtime/approval-links.js';
import { signBookingLink } from '../../runtime/booking-links.js';
import { asStaff } from '../support/auth.js';
import { seedPriceList } from '../support/catalogue.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { waitFor } from '../support/waiting.js';

// Issue 18, online booking [S1.1]: the shop's capacity, the free slots of a day, the customer's booking (refused when
// its slot or its day is full, also when two customers race for the last place), and the signed link of its
// confirmation to move or cancel it.

const DAY = 86_400_000;
/** A day well ahead in the shop's zone (UTC in the tests), and an instant of it. */
const dayAhead = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const at = (day: string, time: string) => new Date(`${day}T${time}:00Z`).toISOString();

let serial = 0;
/** A new customer and car each time, so no booking is a second one of the same car that day. */
const booking = (slot: string, services: unknown[] = [{ kind: 'package', code: 'SVC-12M' }], language?: string) => {
  serial++;
  return {
    services,
    slot,
    customer: { name: `Web Customer ${serial}`, phone: `+49 30 555 ${String(1000 + serial)}`, ...(language ? { language } : {}) },
    vehicle: { vin: `WVWZZZ1JZXW${String(100000 + serial)}`, plate: `B-WB ${serial}`, model: 'VW Golf' },
  };
};

describe('online booking with capacity', () => {
  const stack = useTestStack();
  let app: RequestingApp;
  let manager: RequestingApp;
  const day = dayAhead(3);
  beforeAll(async () => {
    // The customer limit is shown below on its own app; this one lets the suite make its many public requests.
    app = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), temporalCallTimeoutMs: 60_000, customerRateLimit: { limit: 10_000, windowMs: 60_000 } },
    );
    manager = asStaff(app, 'manager', 'mgr-eva');
    await seedPriceList(stack.app);
  });

  const put = (who: RequestingApp, body: unknown) =>
    who.request('/booking-capacity', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const slotsOf = async (date: string, services = 'package:SVC-12M') =>
    readJson(await app.request(`/booking/slots?date=${date}&services=${encodeURIComponent(services)}`));
  const bookingUrl = (visitId: string) =>
    waitFor('the booking confirmation', async () => {
      const [row] = await stack.database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.visitId, visitId), eq(outbox.template, 'booking_confirmed')));
      return row?.payload.bookingUrl as string | undefined;
    });
  const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

  it('the manager sets the capacity; until then the defaults apply, and other roles only read it', async () => {
    expect(await readJson(await asStaff(app, 'advisor').request('/booking-capacity'))).toMatchObject({
      slotMinutes: 30,
      receptionsPerSlot: 2,
      workshopHoursPerDay: 40,
      updatedBy: null,
    });
    expect((await put(asStaff(app, 'advisor'), { slotMinutes: 30, receptionsPerSlot: 1, workshopHoursPerDay: 3 })).status).toBe(
      403,
    );
    const bad = await put(manager, { slotMinutes: 25, receptionsPerSlot: -1, workshopHoursPerDay: 3 });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'slotMinutes',
      'receptionsPerSlot',
    ]);
    const set = await put(manager, { slotMinutes: 30, receptionsPerSlot: 1, workshopHoursPerDay: 3 });
    expect(set.status).toBe(200);
    expect(await readJson(set)).toMatchObject({ receptionsPerSlot: 1, workshopHoursPerDay: 3, updatedBy: 'mgr-eva' });
  });

  it('lists the free slots of a day without login: opening hours cut into slots, with the work asked for in hours', async () => {
    const day0 = await slotsOf(day);
    expect(day0).toMatchObject({ date: day, timeZone: 'UTC', slotMinutes: 30, requestedHours: 1.5, reason: null });
    expect(day0.slots).toHaveLength(20);
    expect(day0.slots[0]).toEqual({ startsAt: at(day, '08:00'), time: '08:00', free: 1 });
    expect(day0.slots.at(-1).time).toBe('17:30');
    const yesterday = await slotsOf(dayAhead(-1));
    expect(yesterday).toMatchObject({ reason: 'past', slots: [] });
  });

  it('takes the opening hours from the shop calendar: shorter hours give fewer slots, a holiday none', async () => {
    const short = dayAhead(7);
    const holiday = dayAhead(8);
    expect(
      (
        await postJson(manager, '/calendar/exceptions', {
          date: short,
          hours: { opensAt: '09:00', closesAt: '12:00' },
          note: 'Inventory',
        })
      ).status,
    ).toBe(201);
    expect((await postJson(manager, '/calendar/exceptions', { date: holiday, hours: null, note: 'Holiday' })).status).toBe(201);
    const fewer = await slotsOf(short);
    expect(fewer.slots.map((s: { time: string }) => s.time)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(await slotsOf(holiday)).toMatchObject({ reason: 'closed', slots: [] });
    // A misspelt field is named, not dropped with what the customer typed in it.
    const asked = booking(at(short, '09:00'));
    const misspelt = await postJson(app, '/booking', { ...asked, customer: { ...asked.customer, emial: 'anna@example.com' } });
    expect(misspelt.status).toBe(400);
    expect((await readJson(misspelt)).error.details.fields).toEqual([{ field: 'customer.emial', message: UNKNOWN_FIELD }]);
    const refused = await postJson(app, '/booking', booking(at(holiday, '09:00')));
    expect(refused.status).toBe(400);
    expect((await readJson(refused)).error.details.fields[0]).toEqual({
      field: 'slot',
      message: 'the shop is closed that day (see GET /calendar)',
    });
  });

  it('books a slot as a normal visit with its confirmation link; a full slot is refused in plain words', async () => {
    const first = await postJson(app, '/booking', booking(at(day, '08:00')));
    expect(first.status).toBe(201);
    const created = await readJson(first);
    expect(created).toMatchObject({ stage: 'booked', appointmentAt: at(day, '08:00'), requestedServices: ['12-month service'] });
    // The same visit workflow as a desk booking: its row, its advisor from the directory, its booked stage.
    const visit = await readJson(await asStaff(app, 'advisor').request(`/visits/${created.visitId}`));
    expect(visit.state).toMatchObject({ stage: 'booked', appointmentAt: at(day, '08:00') });
    expect(visit.state.advisorId).toMatch(/^adv-/);
    expect(await bookingUrl(created.visitId)).toContain('/app/booking/manage?token=');
    // The picked package is the visit's job, whose parts the day-before step reserves.
    const [started] = (await stack.client.workflow.getHandle(created.visitId).fetchHistory()).events ?? [];
    const payload = started?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    expect(JSON.parse(Buffer.from(payload ?? '').toString('utf8'))).toMatchObject({ requestedJobs: ['SVC-12M'] });

    const full = await postJson(app, '/booking', booking(at(day, '08:00')));
    expect(full.status).toBe(409);
    expect((await readJson(full)).error).toMatchObject({
      code: 'conflict',
      message: 'slot: that time is fully booked; pick another time',
      details: { reason: 'fully_booked' },
    });
    expect((await slotsOf(day)).slots.map((s: { time: string }) => s.time)).not.toContain('08:00');

    // The appointment board shows booked against capacity per hour.
    const board = await readJson(await asStaff(app, 'advisor').request(`/appointments?date=${day}&tz=UTC`));
    expect(board.capacity.find((h: { hour: string }) => h.hour === '08:00')).toEqual({ hour: '08:00', booked: 1, capacity: 2 });
  });

  it('two customers on the last place: exactly one gets it', async () => {
    const answers = await Promise.all([
      postJson(app, '/booking', booking(at(day, '09:00'))),
      postJson(app, '/booking', booking(at(day, '09:00'))),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const rows = await stack.database.db
      .select()
      .from(visits)
      .where(eq(visits.appointmentAt, new Date(at(day, '09:00'))));
    expect(rows).toHaveLength(1);
  });

  it('refuses the same car twice on one day in words the customer can act on, telling nothing of that booking', async () => {
    const later = dayAhead(10);
    const first = booking(at(later, '08:00'));
    const created = await readJson(await postJson(app, '/booking', first));
    // Someone else types the same car (its VIN) for later that day.
    const again = { ...booking(at(later, '14:00')), vehicle: first.vehicle };
    const refused = await postJson(app, '/booking', again);
    expect(refused.status).toBe(409);
    const error = (await readJson(refused)).error;
    expect(error.details).toEqual({
      fields: [
        {
          field: 'vehicle.plate',
          message:
            'this car is already booked that day; to move or cancel that booking, use the link in its confirmation message',
        },
      ],
    });
    const said = JSON.stringify(error);
    for (const secret of [created.visitId, '08:00', first.customer.name, 'confirmDuplicate', 'repair order'])
      expect(said).not.toContain(secret);
    // Another day is no second booking.
    expect((await postJson(app, '/booking', { ...booking(at(dayAhead(11), '14:00')), vehicle: first.vehicle })).status).toBe(201);
  });

  it('a booking from the public page opens files but never changes one on record: anyone can type a number or a VIN', async () => {
    const owner = booking(at(dayAhead(12), '08:00'));
    const first = await readJson(
      await postJson(app, '/booking', { ...owner, customer: { ...owner.customer, email: 'anna@example.com' } }),
    );
    const [before] = await stack.database.db.select().from(visits).where(eq(visits.id, first.visitId));
    const fileOf = async () =>
      (
        await stack.database.db
          .select()
          .from(customers)
          .where(eq(customers.id, before?.customerId ?? ''))
      )[0];
    const carOf = async () => (await stack.database.db.select().from(vehicles).where(eq(vehicles.vin, owner.vehicle.vin)))[0];
    const file = await fileOf();
    const car = await carOf();
    // A stranger books with the owner's number, written another way, and their own name, address and channel.
    const phone = owner.customer.phone.replace('+49 ', '0049').replaceAll(' ', '-');
    const stranger = {
      ...booking(at(dayAhead(13), '08:00')),
      customer: { name: 'Mallory', phone, email: 'mallory@evil.example', preferredChannel: 'email' },
    };
    const taken = await postJson(app, '/booking', stranger);
    expect(taken.status, JSON.stringify(await readJson(taken.clone()))).toBe(201);
    expect(await fileOf()).toEqual(file);
    // Another books the owner's car (its VIN) under a new number and another plate: the car stays the owner's, plate and all.
    const carTaken = await postJson(app, '/booking', {
      ...booking(at(dayAhead(14), '08:00')),
      vehicle: { ...owner.vehicle, plate: 'EVIL 1' },
    });
    expect(carTaken.status, JSON.stringify(await readJson(carTaken.clone()))).toBe(201);
    expect(await carOf()).toEqual(car);
    expect(car?.customerId).toBe(before?.customerId);
  });

  it('the same day is the shop’s own day, not the UTC one: in Los Angeles 17:00 is already tomorrow in UTC', async () => {
    const losAngeles = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      {
        ...devSettings(),
        temporalCallTimeoutMs: 60_000,
        customerRateLimit: { limit: 10_000, windowMs: 60_000 },
        shopTimeZone: 'America/Los_Angeles',
      },
    );
    const [today, tomorrow, later] = [dayAhead(20), dayAhead(21), dayAhead(22)];
    /** The start of the slot at `time` on `date` in the shop's zone. */
    const slotAt = async (date: string, time: string): Promise<string> => {
      const day = await readJson(await losAngeles.request(`/booking/slots?date=${date}&services=package:SVC-12M`));
      return day.slots.find((s: { time: string }) => s.time === time).startsAt;
    };
    // Two local days, one UTC day (17:00 is 01:00 UTC the next day): no second booking.
    const car = booking(await slotAt(today, '17:00'));
    expect((await postJson(losAngeles, '/booking', car)).status).toBe(201);
    const nextMorning = { ...booking(await slotAt(tomorrow, '09:00')), vehicle: car.vehicle };
    expect((await postJson(losAngeles, '/booking', nextMorning)).status).toBe(201);
    // One local day, two UTC days: a second booking all the same.
    const other = booking(await slotAt(later, '09:00'));
    expect((await postJson(losAngeles, '/booking', other)).status).toBe(201);
    const again = await postJson(losAngeles, '/booking', { ...booking(await slotAt(later, '17:00')), vehicle: other.vehicle });
    expect(again.status).toBe(409);
    expect((await readJson(again)).error.details.fields[0].field).toBe('vehicle.plate');
  });

  it('a day whose workshop hours are booked offers no slot for more work, and refuses it', async () => {
    // 1.5 h at 08:00 and 1.5 h at 09:00 fill the 3 workshop hours of the day.
    expect(await slotsOf(day)).toMatchObject({ reason: 'workshop_full', slots: [], workshopHoursLeft: 0 });
    const refused = await postJson(app, '/booking', booking(at(day, '10:00')));
    expect(refused.status).toBe(409);
    expect((await readJson(refused)).error.message).toBe('slot: the workshop is fully booked that day; pick another time');
  });

  it('refuses hostile input naming the field, never a 5xx', async () => {
    const later = dayAhead(4);
    const cases: [unknown, number, string][] = [
      [booking(at(later, '08:10')), 400, 'slot'],
      [booking(at(dayAhead(-2), '08:00')), 400, 'slot'],
      [booking(at(later, '06:00')), 400, 'slot'],
      [booking(at(later, '08:00'), [{ kind: 'package', code: 'NOPE' }]), 422, 'services.0.code'],
      [booking(at(later, '08:00'), []), 400, 'services'],
      [{ ...booking(at(later, '08:00')), vehicle: { vin: 'IOQ', plate: 'X', model: 'Y' } }, 400, 'vehicle.vin'],
      [{ ...booking(at(later, '08:00')), customer: { name: 'A\u0000B', phone: '+49 30 1234567' } }, 400, 'customer.name'],
    ];
    for (const [body, status, field] of cases) {
      const res = await postJson(app, '/booking', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const fields = (await readJson(res)).error.details.fields.map((f: { field: string }) => f.field);
      expect(fields).toContain(field);
    }
    const query = await app.request(`/booking/slots?date=${later}&services=drop%20table`);
    expect(query.status).toBe(400);
    expect((await readJson(query)).error.details.fields[0].field).toBe('services');
    expect((await app.request('/booking/slots?date=2999-01-01')).status).toBe(400);
  });

  it('the confirmation link moves the booking to another free slot and cancels it, through the visit workflow', async () => {
    const later = dayAhead(5);
    const created = await readJson(await postJson(app, '/booking', booking(at(later, '11:00'), undefined, 'zh-CN')));
    const url = await bookingUrl(created.visitId);
    expect(url).toContain('&lang=zh-CN');
    const token = tokenOf(url);
    expect(await readJson(await app.request(`/bookings/${token}`))).toMatchObject({
      visitId: created.visitId,
      stage: 'booked',
      changeable: true,
      appointmentAt: at(later, '11:00'),
      workshopHours: 1.5,
      language: 'zh-CN',
    });

    // Another customer takes 12:00; the link cannot move there, but to 13:00.
    expect(
      (await postJson(app, '/booking', booking(at(later, '12:00'), [{ kind: 'labour_operation', code: 'OIL-CHANGE' }]))).status,
    ).toBe(201);
    const taken = await postJson(app, `/bookings/${token}/reschedule`, { slot: at(later, '12:00') });
    expect(taken.status).toBe(409);
    const moved = await postJson(app, `/bookings/${token}/reschedule`, { slot: at(later, '13:00') });
    expect(moved.status).toBe(200);
    expect(await readJson(moved)).toMatchObject({ appointmentAt: at(later, '13:00'), changeable: true });
    const timeline = await readJson(await asStaff(app, 'manager').request(`/visits/${created.visitId}`));
    expect(timeline.state.appointmentAt).toBe(at(later, '13:00'));

    const cancelled = await postJson(app, `/bookings/${token}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(await readJson(cancelled)).toMatchObject({ stage: 'cancelled', changeable: false });
    // Its place is free again, and the link can change nothing any more.
    expect((await slotsOf(later)).slots.map((s: { time: string }) => s.time)).toContain('13:00');
    const again = await postJson(app, `/bookings/${token}/reschedule`, { slot: at(later, '14:00') });
    expect(again.status).toBe(409);
    expect((await readJson(again)).error.message).toBe(
      'This booking can no longer be changed online; please call the service desk',
    );
  });

  it('a move onto a day the car is booked already is refused like that second booking, telling nothing of it', async () => {
    const [first, second] = [dayAhead(15), dayAhead(16)];
    const car = booking(at(first, '08:00'));
    const booked = await readJson(await postJson(app, '/booking', car));
    const other = await readJson(await postJson(app, '/booking', { ...booking(at(second, '08:00')), vehicle: car.vehicle }));
    const otherToken = tokenOf(await bookingUrl(other.visitId));
    const holdsBefore = await stack.database.db.select({ id: bookingHolds.id }).from(bookingHolds);
    const refused = await postJson(app, `/bookings/${otherToken}/reschedule`, { slot: at(first, '14:00') });
    expect(refused.status).toBe(409);
    const error = (await readJson(refused)).error;
    expect(error.details).toEqual({
      fields: [
        {
          field: 'slot',
          message:
            'this car is already booked that day; to move or cancel that booking, use the link in its confirmation message',
        },
      ],
    });
    for (const secret of [booked.visitId, '08:00', car.customer.name, 'repair order'])
      expect(JSON.stringify(error)).not.toContain(secret);
    // Nothing held, nothing moved.
    expect(await stack.database.db.select({ id: bookingHolds.id }).from(bookingHolds)).toEqual(holdsBefore);
    expect((await readJson(await app.request(`/bookings/${otherToken}`))).appointmentAt).toBe(at(second, '08:00'));
    // A booking moved within its own day is no second booking of itself.
    const token = tokenOf(await bookingUrl(booked.visitId));
    expect((await postJson(app, `/bookings/${token}/reschedule`, { slot: at(first, '10:00') })).status).toBe(200);
  });

  it('a move to a closed day or hour is refused; a move deletes the holds that expired (left by requests that died)', async () => {
    const later = dayAhead(9);
    const created = await readJson(await postJson(app, '/booking', booking(at(later, '08:00'))));
    const token = tokenOf(await bookingUrl(created.visitId));
    // Two holds left by moves whose requests died: one ran out, one still counts.
    const stale = { visitId: created.visitId, at: new Date(at(later, '15:00')), workshopHours: 1.5 };
    await stack.database.db.insert(bookingHolds).values([
      { ...stale, id: 'died-long-ago', expiresAt: new Date(Date.now() - 60_000) },
      { ...stale, id: 'still-running', expiresAt: new Date(Date.now() + 600_000) },
    ]);
    // A hostile client moving to the holiday (set above) or an hour the shop is closed is refused, holding nothing.
    for (const closed of [at(dayAhead(8), '10:00'), at(later, '19:00')]) {
      const refused = await postJson(app, `/bookings/${token}/reschedule`, { slot: closed });
      expect(refused.status).toBe(400);
      expect((await readJson(refused)).error.details.fields.map((f: { field: string }) => f.field)).toEqual(['slot']);
    }
    expect((await postJson(app, `/bookings/${token}/reschedule`, { slot: at(later, '10:00') })).status).toBe(200);
    const left = await stack.database.db.select({ id: bookingHolds.id }).from(bookingHolds);
    expect(left.map((h) => h.id)).not.toContain('died-long-ago');
    expect(left.map((h) => h.id)).toContain('still-running');
  });

  it('refuses a forged, expired or borrowed link', async () => {
    const created = await readJson(await postJson(app, '/booking', booking(at(dayAhead(6), '08:00'))));
    const forged = await sign(
      { purpose: 'booking', visitId: created.visitId, jti: 'x', exp: 4_000_000_000 },
      'not-the-key',
      'HS256',
    );
    expect((await app.request(`/bookings/${forged}`)).status).toBe(401);
    const expired = await signBookingLink(created.visitId, devSettings().approvalLinkKey, -60);
    const gone = await app.request(`/bookings/${expired.token}`);
    expect(gone.status).toBe(410);
    expect((await readJson(gone)).error.message).toBe(
      'This booking link has expired; call the service desk to change your booking',
    );
    // An approval link is no booking link, even for the same visit.
    const approval = await signApprovalLink({ visitId: created.visitId, approvalId: 'a' }, devSettings().approvalLinkKey, 600);
    expect((await postJson(app, `/bookings/${approval.token}/cancel`, {})).status).toBe(401);
    expect((await app.request(`/bookings/${created.visitId}`)).status).toBe(401);
  });

  it('is rate-limited per client address like the other public routes', async () => {
    const limited = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), customerRateLimit: { limit: 2, windowMs: 60_000 } },
    );
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await limited.request(`/booking/slots?date=${day}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
