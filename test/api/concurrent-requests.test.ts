import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { customers, visits } from '../../db/schema.js';
import { signBookingLink } from '../../runtime/booking-links.js';
import { asStaff } from '../support/auth.js';
import { seedPriceList } from '../support/catalogue.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// The same requests sent at once: each check that refuses the second of two requests sent one after the other
// refuses it as well when both arrive together (one succeeds, the others answer 409 naming the field).

const DAY = 86_400_000;
const dayAhead = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const at = (day: string, time: string) => new Date(`${day}T${time}:00Z`).toISOString();

let serial = 0;
/** A new customer and car each time, so no booking is a second one of the same car that day. */
const booking = (slot: string) => {
  serial++;
  return {
    services: [{ kind: 'labour_operation', code: 'OIL-CHANGE' }],
    slot,
    customer: { name: `Racing Customer ${serial}`, phone: `+49 40 555 ${String(1000 + serial)}` },
    vehicle: { vin: `WVWZZZ1JZYW${String(100000 + serial)}`, plate: `HH-RC ${serial}`, model: 'VW Golf' },
  };
};

const visitsOf = async (vin: string) => (await stack.database.db.select().from(visits).where(eq(visits.vin, vin))).length;

/** Exactly one answer has `ok`, every other is a 409 naming `field`; answers the refusals' errors. */
async function oneWins(answers: Response[], ok: number, field: string) {
  expect(answers.map((a) => a.status).sort()).toEqual([ok, ...Array(answers.length - 1).fill(409)].sort());
  const errors = await Promise.all(answers.filter((a) => a.status === 409).map(async (a) => (await readJson(a)).error));
  for (const error of errors) {
    expect(error.code).toBe('conflict');
    expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  }
  return errors;
}

const stack = useTestStack();
let app: RequestingApp;
beforeAll(async () => {
  app = createApp(
    { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
    { ...devSettings(), temporalCallTimeoutMs: 60_000, customerRateLimit: { limit: 10_000, windowMs: 60_000 } },
  );
  await seedPriceList(stack.app);
});

describe('online booking: moves on the link count against the slot and the day like new bookings', () => {
  const manager = () => asStaff(app, 'manager', 'mgr-eva');
  const capacity = async (receptionsPerSlot: number, workshopHoursPerDay: number) =>
    expect(
      (
        await manager().request('/booking-capacity', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ slotMinutes: 30, receptionsPerSlot, workshopHoursPerDay }),
        })
      ).status,
    ).toBe(200);
  const book = async (slot: string) => {
    const res = await postJson(app, '/booking', booking(slot));
    expect(res.status).toBe(201);
    const { visitId } = await readJson(res);
    return { visitId: visitId as string, token: (await signBookingLink(visitId, devSettings().approvalLinkKey)).token };
  };
  const move = (token: string, slot: string) => postJson(app, `/bookings/${token}/reschedule`, { slot });
  const bookedAt = async (slot: string) =>
    (
      await stack.database.db
        .select()
        .from(visits)
        .where(eq(visits.appointmentAt, new Date(slot)))
    ).length;

  it('five customers moving to the last place of a slot, from that day and another: one gets it', async () => {
    await capacity(1, 40);
    const [today, tomorrow] = [dayAhead(8), dayAhead(9)];
    const booked = [];
    for (const slot of [at(today, '08:00'), at(today, '08:30'), at(today, '09:00'), at(tomorrow, '08:00'), at(tomorrow, '08:30')])
      booked.push(await book(slot));
    const target = at(today, '10:00');
    await oneWins(await Promise.all(booked.map((b) => move(b.token, target))), 200, 'slot');
    expect(await bookedAt(target)).toBe(1);
    // The refused moves left their bookings where they were, and hold no place.
    const slots = await readJson(await app.request(`/booking/slots?date=${today}&services=labour_operation:OIL-CHANGE`));
    expect(slots.slots.map((s: { time: string }) => s.time)).not.toContain('10:00');
    expect(slots.slots.map((s: { time: string }) => s.time)).toContain('10:30');
  });

  it('moves and new bookings on the last place: one gets it', async () => {
    await capacity(1, 40);
    const day = dayAhead(10);
    const movers = [];
    for (const time of ['08:00', '08:30', '09:00']) movers.push(await book(at(day, time)));
    const target = at(day, '11:00');
    // The bookings come while the moves are under way: after their check, before the visits wrote them.
    const moves = movers.map((m) => move(m.token, target));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const bookings = movers.map(() => postJson(app, '/booking', booking(target)));
    const answers = await Promise.all([...moves, ...bookings]);
    // A move answers 200, a booking 201: whichever got in, the others are refused.
    const won = answers.find((a) => a.status !== 409)?.status ?? 409;
    await oneWins(answers, won, 'slot');
    expect([200, 201]).toContain(won);
    expect(await bookedAt(target)).toBe(1);
  });

  it('the same car booked online eight times at once on one day: one booking', async () => {
    await capacity(1, 40);
    const day = dayAhead(13);
    const same = booking(at(day, '08:00'));
    const answers = await Promise.all(
      ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((time) =>
        postJson(app, '/booking', { ...same, slot: at(day, time) }),
      ),
    );
    // The customer is told next to the car's plate; a customer's form has no "book anyway".
    await oneWins(answers, 201, 'vehicle.plate');
    expect(await visitsOf(same.vehicle.vin)).toBe(1);
  });

  it('moves into a day whose workshop hours would overflow: only what fits gets in', async () => {
    await capacity(1, 40);
    const [from, into] = [dayAhead(11), dayAhead(12)];
    const movers = [];
    for (const time of ['08:00', '08:30', '09:00']) movers.push(await book(at(from, time)));
    // 1.5 h each into 3 h: two moves fit, the third finds the day full.
    await capacity(1, 3);
    const answers = await Promise.all(movers.map((m, i) => move(m.token, at(into, ['13:00', '14:00', '15:00'][i] as string))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 409]);
    const refused = await readJson(answers.find((a) => a.status === 409) as Response);
    expect(refused.error).toMatchObject({ message: 'slot: the workshop is fully booked that day; pick another time' });
    expect(refused.error.details.fields[0].field).toBe('slot');
  });
});

describe('the front desk: a visit opened twice at once is refused as when sent one after the other', () => {
  const advisor = () => asStaff(app, 'advisor', 'adv-lena');
  const desk = (vin: string, phone = `+49 89 555 ${String(2000 + ++serial)}`) => ({
    customer: { name: `Desk Customer ${serial}`, phone },
    vehicle: { vin, plate: `M-DC ${serial}`, model: 'VW Golf' },
    advisorId: 'adv-lena',
    requestedServices: ['Annual service'],
  });
  const vin = () => `WVWZZZ1JZZW${String(100000 + ++serial)}`;

  it('the same walk-in eight times at once: one visit, the others told the car is in the shop', async () => {
    const body = desk(vin());
    const answers = await Promise.all(Array.from({ length: 8 }, () => postJson(advisor(), '/visits', body)));
    for (const refused of await oneWins(answers, 201, 'confirmDuplicate'))
      expect(refused.message).toContain('is already in the shop');
    expect(await visitsOf(body.vehicle.vin)).toBe(1);
  });

  it('the same car booked ten times at once on one day: one booking', async () => {
    const body = desk(vin());
    const day = dayAhead(20);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        postJson(advisor(), '/appointments', { ...body, appointmentAt: at(day, `${String(8 + i).padStart(2, '0')}:00`) }),
      ),
    );
    await oneWins(answers, 201, 'confirmDuplicate');
    expect(await visitsOf(body.vehicle.vin)).toBe(1);
  });

  it("a new customer's ten cars walked in at once: one customer file", async () => {
    const phone = '+49 89 555 7777';
    const answers = await Promise.all(Array.from({ length: 10 }, () => postJson(advisor(), '/visits', desk(vin(), phone))));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(await stack.database.db.select().from(customers).where(eq(customers.phone, phone))).toHaveLength(1);
  });
});

describe('a move races a booking of the same car onto one day: the car is booked once that day', () => {
  const advisor = () => asStaff(app, 'advisor', 'adv-lena');
  const car = () => {
    serial++;
    return { vin: `WVWZZZ1JZVW${String(100000 + serial)}`, plate: `K-MV ${serial}`, model: 'VW Golf' };
  };
  const deskBody = (vehicle: ReturnType<typeof car>, appointmentAt: string) => ({
    customer: { name: `Moving Customer ${serial}`, phone: `+49 221 555 ${String(3000 + serial)}` },
    vehicle,
    advisorId: 'adv-lena',
    requestedServices: ['Annual service'],
    appointmentAt,
  });
  const deskBook = (vehicle: ReturnType<typeof car>, appointmentAt: string, confirmDuplicate?: boolean) =>
    postJson(advisor(), '/appointments', { ...deskBody(vehicle, appointmentAt), confirmDuplicate });
  const booked = async (vehicle: ReturnType<typeof car>, appointmentAt: string) => {
    const res = await deskBook(vehicle, appointmentAt);
    expect(res.status).toBe(201);
    return (await readJson(res)).visitId as string;
  };
  const deskMove = (visitId: string, appointmentAt: string) =>
    postJson(advisor(), `/visits/${visitId}/actions/reschedule`, { appointmentAt });
  /** The car's open visits whose appointment is on the (UTC, the tests' shop zone) day. */
  const openOn = async (vin: string, day: string) =>
    (await stack.database.db.select().from(visits).where(eq(visits.vin, vin))).filter(
      (v) => !['cancelled', 'no_show', 'closed'].includes(v.stage) && v.appointmentAt?.toISOString().startsWith(day),
    ).length;
  /** The second request starts this long after the first: from at once to well after the move's check. */
  const LAGS = [0, 10, 25, 40, 60, 80, 100, 130];
  const lagged = (ms: number, send: () => Response | Promise<Response>) =>
    new Promise<Response>((resolve) => setTimeout(() => resolve(send()), ms));
  /** One of the two got in; the other is refused with 409 naming `field`, in words that say where the car is booked. */
  async function oneOfTwo(answers: Response[], field: string, refusal: RegExp) {
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 409),
      `answers ${statuses.join(', ')}`,
    ).toHaveLength(1);
    expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(1);
    const { error } = await readJson(answers.find((a) => a.status === 409) as Response);
    expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(error.message).toMatch(refusal);
  }

  it("a desk move and a new desk booking of the car onto that day: one gets in, the other is told it's booked", async () => {
    for (const [i, lag] of LAGS.entries()) {
      const vehicle = car();
      const [from, onto] = [dayAhead(30 + i), dayAhead(50 + i)];
      const visitId = await booked(vehicle, at(from, '09:00'));
      const answers = await Promise.all([
        deskMove(visitId, at(onto, '10:00')),
        lagged(lag, () => deskBook(vehicle, at(onto, '14:00'))),
      ]);
      const move = answers[0] as Response;
      await oneOfTwo(
        answers,
        move.status === 409 ? 'appointmentAt' : 'confirmDuplicate',
        new RegExp(`^(appointmentAt: )?K-MV \\d+ is already booked on ${onto} at (10|14):00 \\(repair order \\d+\\); `),
      );
      expect(await openOn(vehicle.vin, onto), `lag ${lag} ms`).toBe(1);
    }
  });

  it('a desk move and an online booking of the car onto that day: one gets in', async () => {
    await asStaff(app, 'manager', 'mgr-eva').request('/booking-capacity', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slotMinutes: 30, receptionsPerSlot: 4, workshopHoursPerDay: 40 }),
    });
    for (const [i, lag] of LAGS.entries()) {
      const vehicle = car();
      const [from, onto] = [dayAhead(30 + i), dayAhead(60 + i)];
      const visitId = await booked(vehicle, at(from, '09:00'));
      const answers = await Promise.all([
        deskMove(visitId, at(onto, '10:00')),
        lagged(lag, () => postJson(app, '/booking', { ...booking(at(onto, '14:00')), vehicle })),
      ]);
      const move = answers[0] as Response;
      await oneOfTwo(
        answers,
        move.status === 409 ? 'appointmentAt' : 'vehicle.plate',
        move.status === 409
          ? /is already booked on .* at 14:00 \(repair order \d+\)/
          : /^vehicle\.plate: this car is already booked that day; /,
      );
      expect(await openOn(vehicle.vin, onto), `lag ${lag} ms`).toBe(1);
    }
  });

  it('two visits of the car moved onto the same day at once: one moves, the other is told the car is booked', async () => {
    for (const [i, lag] of LAGS.entries()) {
      const vehicle = car();
      const first = await booked(vehicle, at(dayAhead(30 + i), '09:00'));
      const second = await booked(vehicle, at(dayAhead(40 + i), '09:00'));
      const onto = dayAhead(70 + i);
      const answers = await Promise.all([
        deskMove(first, at(onto, '10:00')),
        lagged(lag, () => deskMove(second, at(onto, '14:00'))),
      ]);
      await oneOfTwo(
        answers,
        'appointmentAt',
        new RegExp(
          `^appointmentAt: K-MV \\d+ is already booked on ${onto} at (10|14):00 \\(repair order \\d+\\); pick another day`,
        ),
      );
      expect(await openOn(vehicle.vin, onto), `lag ${lag} ms`).toBe(1);
    }
  });
});
