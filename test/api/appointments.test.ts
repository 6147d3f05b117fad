import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { visits } from '../../db/schema.js';
import { localDate, localDayRange } from '../../domain/local-time.js';
import { VisitStageKey } from '../../workflows/search-attributes.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { seedCustomer, seedTask, seedVehicle, seedVisit } from './seed.js';

const DAY = 86_400_000;

const booking = (appointmentAt: string) => ({
  customer: { name: 'Jonas Weber', phone: '+49 30 555 0101' },
  vehicle: { vin: 'WAUZZZ8K9BA000123', plate: 'b-jw-101', model: 'Audi A4', mileage: 61_000 },
  advisorId: 'adv-lena',
  requestedServices: ['Annual service'],
  appointmentAt,
});

describe('appointments', () => {
  const stack = useTestStack();
  let staff: RequestingApp;
  const get = (path: string) => staff.request(path);
  const visitCount = async () => (await stack.database.db.select({ n: count() }).from(visits))[0]?.n;

  beforeAll(async () => {
    staff = asStaff(stack.app, 'advisor');
  });

  it('counts "today" in the shop’s zone unless the caller names another: at every hour one of these two differs from UTC', async () => {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const app = createApp(
        { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
        { ...devSettings(), shopTimeZone: zone },
      );
      const board = await readJson(await asStaff(app, 'advisor').request('/appointments'));
      expect(board.date, zone).toBe(localDate(Date.now(), zone));
      const theirs = await readJson(await asStaff(app, 'advisor').request('/appointments?tz=UTC'));
      expect(theirs.date).toBe(localDate(Date.now(), 'UTC'));
    }
  });

  describe('POST /appointments', () => {
    it('books: 201, a booked visit row and a running workflow', async () => {
      // 10:00 in the shop's zone (UTC): inside its opening hours, whenever the test runs.
      const at = `${new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10)}T10:00:00.000Z`;
      const res = await postJson(staff, '/appointments', booking(at));
      expect(res.status).toBe(201);
      const body = await readJson(res);
      expect(body).toEqual({ visitId: expect.any(String), stage: 'booked' });

      const [row] = await stack.database.db.select().from(visits).where(eq(visits.id, body.visitId));
      expect(row).toMatchObject({ kind: 'appointment', stage: 'booked', plate: 'B-JW-101', priorityReason: 'appointment' });
      expect(row?.appointmentAt?.toISOString()).toBe(at);
      const description = await stack.client.workflow.getHandle(body.visitId).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.typedSearchAttributes.get(VisitStageKey)).toBe('booked');
    });

    it.each([
      ['in the past', new Date(Date.now() - 60_000).toISOString()],
      ['not a date', 'tomorrow at nine'],
      ['without an offset', '2031-01-01T09:00:00'],
      ['after 2100 in UTC though written in 2100', '2100-12-31T23:59:59.999-01:00'],
    ])('refuses an appointment time %s with a 400 naming appointmentAt, writing nothing', async (_what, at) => {
      const before = await visitCount();
      const res = await postJson(staff, '/appointments', booking(at));
      expect(res.status).toBe(400);
      const { error } = await readJson(res);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('appointmentAt');
      expect(error.details.fields.map((f: { field: string }) => f.field)).toContain('appointmentAt');
      expect(await visitCount()).toBe(before);
    });

    it('refuses a booking without a time, naming appointmentAt', async () => {
      const { appointmentAt: _, ...body } = booking('');
      const res = await postJson(staff, '/appointments', body);
      expect(res.status).toBe(400);
      expect((await readJson(res)).error.details.fields.map((f: { field: string }) => f.field)).toContain('appointmentAt');
    });

    it('names the customer field that is wrong', async () => {
      const body = booking(new Date(Date.now() + DAY).toISOString());
      const res = await postJson(staff, '/appointments', { ...body, customer: { ...body.customer, phone: 'ring me' } });
      expect(res.status).toBe(400);
      expect((await readJson(res)).error.message).toContain('customer.phone');
    });

    it('refuses a time the shop is closed, naming confirmClosed, unless the advisor confirms it', async () => {
      const manager = asStaff(stack.app, 'manager');
      // Christmas Day 2031 is a Thursday; the weekdays keep the default hours, 08:00–18:00 in the shop's zone (UTC).
      expect(
        (await postJson(manager, '/calendar/exceptions', { date: '2031-12-25', hours: null, note: 'Christmas Day' })).status,
      ).toBe(201);
      const car = (vin: string, appointmentAt: string) => ({
        ...booking(appointmentAt),
        vehicle: { ...booking('').vehicle, vin },
      });
      try {
        const before = await visitCount();
        const holiday = await postJson(staff, '/appointments', car('WAUZZZ8K9BA000201', '2031-12-25T10:00:00Z'));
        expect(holiday.status).toBe(409);
        const closedDay = (await readJson(holiday)).error;
        expect(closedDay.details.fields).toEqual([
          {
            field: 'confirmClosed',
            message:
              'the shop is closed on 2031-12-25 (Christmas Day); tick "book anyway" (confirmClosed: true) to book it all the same',
          },
        ]);
        const evening = await postJson(staff, '/appointments', car('WAUZZZ8K9BA000202', '2031-12-26T18:30:00Z'));
        expect(evening.status).toBe(409);
        expect((await readJson(evening)).error.details.fields).toEqual([
          {
            field: 'confirmClosed',
            message:
              '18:30 is outside the opening hours on 2031-12-26 (08:00–18:00, UTC); tick "book anyway" (confirmClosed: true) to book it all the same',
          },
        ]);
        expect(await visitCount()).toBe(before);
        // Inside the hours no question is asked; a special the advisor arranged is booked once confirmed.
        expect((await postJson(staff, '/appointments', car('WAUZZZ8K9BA000203', '2031-12-26T17:30:00Z'))).status).toBe(201);
        const special = { ...car('WAUZZZ8K9BA000201', '2031-12-25T10:00:00Z'), confirmClosed: true };
        expect((await postJson(staff, '/appointments', special)).status).toBe(201);
      } finally {
        await manager.request('/calendar/exceptions/2031-12-25', { method: 'DELETE' });
      }
    });
  });

  describe("the same day is the shop's calendar day, whatever offset the time is sent in", () => {
    // Shanghai (UTC+8): its Wednesday 10 March 2032 runs from 16:00 UTC on the Tuesday to 16:00 UTC on the Wednesday.
    let shanghai: RequestingApp;
    beforeAll(() => {
      shanghai = asStaff(
        createApp(
          { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
          { ...devSettings(), shopTimeZone: 'Asia/Shanghai' },
        ),
        'advisor',
      );
    });
    const car = (appointmentAt: string, extra: object = {}) => ({
      ...booking(appointmentAt),
      vehicle: { ...booking('').vehicle, vin: 'LSVAU2180N2000301', plate: '沪A-30101' },
      confirmClosed: true,
      ...extra,
    });

    it('books the evening before and the morning after; refuses the same Shanghai day at its Shanghai time', async () => {
      expect((await postJson(shanghai, '/appointments', car('2032-03-10T09:00:00+08:00'))).status).toBe(201);
      // 01:30 at +14 is 19:30 on the Tuesday in Shanghai; 20:00 UTC is 04:00 on the Thursday: other days.
      for (const other of ['2032-03-10T01:30:00+14:00', '2032-03-10T20:00:00Z'])
        expect((await postJson(shanghai, '/appointments', car(other))).status, other).toBe(201);
      const before = await visitCount();
      // 23:30 UTC on the Tuesday is 07:30 on the Wednesday in Shanghai.
      const refused = await postJson(shanghai, '/appointments', car('2032-03-09T23:30:00Z'));
      expect(refused.status).toBe(409);
      const { error } = await readJson(refused);
      expect(error.details.fields).toEqual([
        {
          field: 'confirmDuplicate',
          message: expect.stringMatching(
            /^沪A-30101 is already booked on 2032-03-10 at 09:00 \(repair order \d+\); tick "book anyway"/,
          ),
        },
      ]);
      expect(error.details.duplicates).toHaveLength(1);
      expect(await visitCount()).toBe(before);
      expect((await postJson(shanghai, '/appointments', car('2032-03-09T23:30:00Z', { confirmDuplicate: true }))).status).toBe(
        201,
      );
    });
  });

  describe('a box the desk ticks is asked only when nothing it cannot lift stands in the way', () => {
    it('a number on another file is refused first, then the closed hour, then the second booking that day', async () => {
      const db = stack.database.db;
      const taken = '+49 30 555 0999';
      await seedCustomer(db, { phone: taken, name: 'Other Owner' });
      const customerId = await seedCustomer(db, { phone: '+49 30 555 0998', name: 'Ida Brandt' });
      const vin = await seedVehicle(db, customerId, { plate: 'B-IB 1' });
      const at = '2032-03-12T19:00:00Z';
      const body = (phone: string, extra: object = {}) => ({
        ...booking(at),
        customer: { id: customerId, name: 'Ida Brandt', phone },
        vehicle: { ...booking(at).vehicle, vin, plate: 'B-IB 1' },
        ...extra,
      });
      expect((await postJson(staff, '/appointments', { ...body('+49 30 555 0998'), confirmClosed: true })).status).toBe(201);
      const before = await visitCount();
      const fieldsOf = async (sent: object) => {
        const res = await postJson(staff, '/appointments', sent);
        expect(res.status).toBe(409);
        return (await readJson(res)).error.details.fields.map((f: { field: string }) => f.field);
      };
      // Closed at 19:00 and a second booking that day, with a number another file has: the number, ticked or not.
      expect(await fieldsOf(body(taken))).toEqual(['customer.phone']);
      expect(await fieldsOf(body(taken, { confirmClosed: true, confirmDuplicate: true }))).toEqual(['customer.phone']);
      // The number fixed, each box in turn; the boxes book it.
      expect(await fieldsOf(body('+49 30 555 0998'))).toEqual(['confirmClosed']);
      expect(await fieldsOf(body('+49 30 555 0998', { confirmClosed: true }))).toEqual(['confirmDuplicate']);
      expect(await visitCount()).toBe(before);
      const booked = await postJson(
        staff,
        '/appointments',
        body('+49 30 555 0998', { confirmClosed: true, confirmDuplicate: true }),
      );
      expect(booked.status).toBe(201);
    });
  });

  describe('GET /appointments', () => {
    const date = '2031-05-12';
    const tz = 'Europe/Berlin';
    let early: string;
    let late: string;
    let middle: string;

    beforeAll(async () => {
      const db = stack.database.db;
      const { start } = localDayRange(date, tz); // 00:00 in Berlin = 22:00 UTC the day before (summer time)
      const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);
      const customerId = await seedCustomer(db, { name: 'Mia Schulz', phone: '+49 30 111 2222' });
      const vin = await seedVehicle(db, customerId, { plate: 'B-MS-1', model: 'BMW 320d' });
      late = (
        await seedVisit(db, {
          kind: 'appointment',
          stage: 'booked',
          appointmentAt: at(16),
          customerName: 'Late Larsen',
          advisorId: 'adv-tom',
        })
      ).id;
      early = (
        await seedVisit(db, {
          kind: 'appointment',
          stage: 'reception',
          appointmentAt: at(0.5),
          customerId,
          vin,
          confirmed: true,
          arrivedAt: at(0.4),
        })
      ).id;
      middle = (await seedVisit(db, { kind: 'appointment', stage: 'booked', appointmentAt: at(9.5), customerName: 'Mid Meyer' }))
        .id;
      // Either side of the Berlin day: 23:59 the day before and 00:00 the day after.
      await seedVisit(db, { kind: 'appointment', stage: 'booked', appointmentAt: at(-0.02) });
      await seedVisit(db, { kind: 'appointment', stage: 'booked', appointmentAt: at(24) });
      await seedTask(db, { visitId: middle, kind: 'confirmation_call', status: 'open', attempts: 2 });
      await seedTask(db, { visitId: late, kind: 'confirmation_call', status: 'done', attempts: 2 });
      await seedTask(db, { visitId: late, kind: 'confirmation_escalation', status: 'open' });
    });

    it('shows the day’s bookings in time order with customer, vehicle, advisor, confirmation and arrival', async () => {
      const res = await get(`/appointments?date=${date}&tz=${encodeURIComponent(tz)}`);
      expect(res.status).toBe(200);
      const board = await readJson(res);
      expect(board).toMatchObject({ date, timeZone: tz, nextCursor: null });
      expect(board.items.map((e: { visitId: string }) => e.visitId)).toEqual([early, middle, late]);
      expect(board.items[0]).toMatchObject({
        time: '00:30',
        customer: { name: 'Mia Schulz', phone: '+49 30 111 2222' },
        vehicle: { plate: 'B-MS-1', model: 'BMW 320d' },
        advisorId: 'adv-lena',
        confirmation: { status: 'confirmed', calls: 0 },
        arrived: true,
        stage: 'reception',
      });
      expect(board.items[1]).toMatchObject({ time: '09:30', confirmation: { status: 'call_due', calls: 2 }, arrived: false });
      expect(board.items[2]).toMatchObject({
        time: '16:00',
        customer: { name: 'Late Larsen' },
        advisorId: 'adv-tom',
        confirmation: { status: 'not_reached' },
      });
    });

    it('counts the day in UTC unless told otherwise', async () => {
      const board = await readJson(await get(`/appointments?date=${date}`));
      // 00:00–24:00 UTC holds the 09:30 and 16:00 Berlin bookings and the next Berlin day's midnight one.
      expect(board.timeZone).toBe('UTC');
      expect(board.items.map((e: { time: string }) => e.time)).toEqual(['07:30', '14:00', '22:00']);
    });

    it('filters by advisor', async () => {
      const board = await readJson(await get(`/appointments?date=${date}&tz=${tz}&advisor=adv-tom`));
      expect(board.items.map((e: { visitId: string }) => e.visitId)).toEqual([late]);
    });

    it('pages with limit and cursor, every booking exactly once', async () => {
      const first = await readJson(await get(`/appointments?date=${date}&tz=${tz}&limit=2`));
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await readJson(await get(`/appointments?date=${date}&tz=${tz}&limit=2&cursor=${first.nextCursor}`));
      expect(second.nextCursor).toBeNull();
      expect([...first.items, ...second.items].map((e: { visitId: string }) => e.visitId)).toEqual([early, middle, late]);
    });

    it('says when the shop is closed that day, and counts its bookings against no capacity', async () => {
      expect((await readJson(await get(`/appointments?date=${date}&tz=${tz}`))).closed).toBeNull();
      const manager = asStaff(stack.app, 'manager');
      expect((await postJson(manager, '/calendar/exceptions', { date, hours: null, note: 'Whit Monday' })).status).toBe(201);
      try {
        const board = await readJson(await get(`/appointments?date=${date}&tz=UTC`));
        expect(board.closed).toEqual({ note: 'Whit Monday' });
        expect(board.capacity.length).toBeGreaterThan(0);
        expect(board.capacity.every((h: { capacity: number }) => h.capacity === 0)).toBe(true);
      } finally {
        await manager.request(`/calendar/exceptions/${date}`, { method: 'DELETE' });
      }
    });

    it('defaults to today', async () => {
      const before = new Date().toISOString().slice(0, 10);
      const res = await get('/appointments');
      const after = new Date().toISOString().slice(0, 10);
      expect(res.status).toBe(200);
      expect([before, after]).toContain((await readJson(res)).date);
    });

    it.each([
      ['date=2031-13-01', 'date'],
      ['date=12.05.2031', 'date'],
      ['tz=Mars/Olympus', 'tz'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
    ])('answers 400 naming the parameter for %s', async (query, field) => {
      const res = await get(`/appointments?${query}`);
      expect(res.status).toBe(400);
      const { error } = await readJson(res);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain(field);
      expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    });
  });

  describe('authentication', () => {
    it('needs a staff token to read the board or book', async () => {
      expect((await stack.app.request('/appointments')).status).toBe(401);
      const res = await postJson(stack.app, '/appointments', booking(new Date(Date.now() + DAY).toISOString()));
      expect(res.status).toBe(401);
      expect((await readJson(res)).error.code).toBe('unauthenticated');
    });

    it('lets the desk and the foreman read the board, but only the front desk book', async () => {
      // The board holds the customers' numbers: the foreman plans from it, the rest of the workshop does not read it.
      expect((await asStaff(stack.app, 'foreman').request('/appointments')).status).toBe(200);
      expect((await asStaff(stack.app, 'technician').request('/appointments')).status).toBe(403);
      const before = await visitCount();
      const res = await postJson(
        asStaff(stack.app, 'foreman'),
        '/appointments',
        booking(new Date(Date.now() + DAY).toISOString()),
      );
      expect(res.status).toBe(403);
      expect((await readJson(res)).error.code).toBe('forbidden');
      expect(await visitCount()).toBe(before);
    });
  });
});
