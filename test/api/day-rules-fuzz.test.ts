import { and, eq, notInArray } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { bookingHolds, visits } from '../../db/schema.js';
import { defaultCalendar, isOpen } from '../../domain/calendar-rules.js';
import { localDate, localTime, nextDate } from '../../domain/local-time.js';
import { END_STAGES } from '../../domain/stages.js';
import { signBookingLink } from '../../runtime/booking-links.js';
import { asStaff } from '../support/auth.js';
import { seedPriceList } from '../support/catalogue.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

/*
 * The day rules of booking under fire: POST /appointments, the public slots, booking and the link's move, and the
 * desk's move, sent times in any offset a client may write (Z, -00:00, +14:00, +05:45, +23:59), near the nights
 * the clocks change, far in the past and the future, and strings that are no instant at all, by shops in zones
 * whose day is far from UTC's or whose clocks change by half an hour or over midnight. Every answer is checked
 * against what the shop's calendar day and its opening hours say, computed here from the rules alone.
 *
 * DAY_FUZZ_SEED=<seed> (printed on failure) sends the same requests again; DAY_FUZZ_SCALE multiplies the runs of each
 * property (a soak: DAY_FUZZ_SCALE=5).
 */

const SEED = Number(process.env.DAY_FUZZ_SEED ?? Date.now() % 2 ** 31);
const runs = (n: number) => n * Number(process.env.DAY_FUZZ_SCALE ?? 1);
const ZONES = [
  'Europe/Berlin',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'America/Havana',
  'UTC',
] as const;
type Zone = (typeof ZONES)[number];

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Changes of the clocks in the zones above, each a night some shop meets (Berlin's both ways, half an hour in Lord Howe, over midnight in Havana). */
const CLOCK_CHANGES = [
  '2027-03-28T01:00:00Z',
  '2027-10-31T01:00:00Z',
  '2027-04-03T15:00:00Z',
  '2027-10-02T15:30:00Z',
  '2027-03-14T05:00:00Z',
  '2027-11-07T05:00:00Z',
  '2027-03-14T03:30:00Z',
].map(Date.parse);

const OFFSETS = [
  'Z',
  '+00:00',
  '-00:00',
  '+14:00',
  '-12:00',
  '+05:45',
  '-03:30',
  '+08:00',
  '+01:00',
  '+02:00',
  '+23:59',
  '-23:59',
];
const offsetMinutes = (offset: string) =>
  offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));

/** The instant written as a client may write it: the wall clock of `offset`, with or without seconds' fractions. */
function written(at: number, offset: string, fraction: boolean): string {
  const wall = new Date(at + offsetMinutes(offset) * MINUTE).toISOString();
  return `${wall.slice(0, 19)}${fraction ? wall.slice(19, 23) : ''}${offset}`;
}

/** What no instant is: no offset, a day or an hour that does not exist, an offset past a day, a year beyond ISO's four digits. */
const NOT_INSTANTS = [
  '2027-03-28T02:30:00',
  '2027-02-30T10:00:00Z',
  '2027-03-28T24:00:00Z',
  '2027-03-28T10:00:00+24:00',
  '+275760-09-13T00:00:00Z',
  '2027-13-01T10:00:00Z',
  '2027-03-28 10:00:00Z',
  '',
];

/** An instant on a minute: soon (where the shop is open and bookings are), near a change of the clocks, or anywhere in and around 2000–2100. */
const instant = (now: number) =>
  fc.oneof(
    fc.integer({ min: 2, max: 120 * 24 * 60 }).map((m) => Math.ceil(now / MINUTE) * MINUTE + m * MINUTE),
    fc.tuple(fc.constantFrom(...CLOCK_CHANGES), fc.integer({ min: -180, max: 180 })).map(([at, m]) => at + m * MINUTE),
    fc.integer({ min: Date.UTC(1999, 11, 30) / MINUTE, max: Date.UTC(2101, 0, 2) / MINUTE }).map((m) => m * MINUTE),
  );

/** A time as a client sends it: an instant in some offset, or a string that is none. */
const sent = (now: number) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(instant(now), fc.constantFrom(...OFFSETS), fc.boolean()).map(([at, o, f]) => written(at, o, f)),
    },
    { weight: 1, arbitrary: fc.constantFrom(...NOT_INSTANTS) },
  );

/** The instant a sent string names when the API must take it: ISO 8601 with an offset, in the years 2000–2100 (UTC). */
function takenInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at) || new Date(Date.parse(`${text.slice(0, 19)}Z`)).toISOString().slice(0, 19) !== text.slice(0, 19))
    return undefined;
  const year = new Date(at).getUTCFullYear();
  return year >= 2000 && year <= 2100 ? at : undefined;
}

const fieldsOf = (body: { error?: { details?: { fields?: { field: string }[] } } }) =>
  (body.error?.details?.fields ?? []).map((f) => f.field);

describe('the day rules of booking, fuzzed across zones, offsets and the nights the clocks change', () => {
  const stack = useTestStack();
  const apps = new Map<Zone, { desk: RequestingApp; app: RequestingApp }>();
  const vins = ['WVWZZZ1JZXW900001', 'WVWZZZ1JZXW900002', 'WVWZZZ1JZXW900003'];
  beforeAll(async () => {
    for (const zone of ZONES) {
      const app = createApp(
        { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
        {
          ...devSettings(),
          shopTimeZone: zone,
          temporalCallTimeoutMs: 30_000,
          customerRateLimit: { limit: 100_000, windowMs: 60_000 },
        },
      );
      apps.set(zone, { app, desk: asStaff(app, 'advisor', 'adv-lena') });
    }
    await seedPriceList(stack.app);
  });
  const of = (zone: Zone) => apps.get(zone) as { desk: RequestingApp; app: RequestingApp };

  /** The car's open bookings on the shop's day of `at`, other than `except`. */
  async function sameDay(vin: string, at: number, zone: Zone, except?: string) {
    const rows = await stack.database.db
      .select({ id: visits.id, at: visits.appointmentAt })
      .from(visits)
      .where(and(eq(visits.vin, vin), notInArray(visits.stage, [...END_STAGES])));
    return rows.filter((r) => r.at && r.id !== except && localDate(r.at.getTime(), zone) === localDate(at, zone));
  }

  it('POST /appointments: the day of a second booking and the hours are the shop’s, whatever the offset; never a 5xx', async () => {
    const now = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ZONES),
        sent(now),
        fc.constantFrom(...vins),
        fc.boolean(),
        fc.boolean(),
        async (zone, appointmentAt, vin, confirmClosed, confirmDuplicate) => {
          const at = takenInstant(appointmentAt);
          const before = at === undefined ? [] : await sameDay(vin, at, zone);
          const res = await postJson(of(zone).desk, '/appointments', {
            customer: { name: 'Fuzz Kunde', phone: '+49 30 555 0123' },
            vehicle: { vin, plate: `B-FZ ${vin.slice(-1)}`, model: 'VW Golf' },
            advisorId: 'adv-lena',
            requestedServices: ['Annual service'],
            appointmentAt,
            confirmClosed,
            confirmDuplicate,
          });
          const body = await readJson(res);
          const what = `${zone} ${appointmentAt} → ${res.status} ${JSON.stringify(body).slice(0, 300)}`;
          const closed = at !== undefined && !isOpen(defaultCalendar(zone), at);
          if (at === undefined || at <= Date.now()) {
            expect(res.status, what).toBe(400);
            expect(fieldsOf(body), what).toEqual(['appointmentAt']);
            return;
          }
          if (closed && !confirmClosed) {
            expect(res.status, what).toBe(409);
            expect(fieldsOf(body), what).toEqual(['confirmClosed']);
            return;
          }
          if (before.length > 0 && !confirmDuplicate) {
            expect(res.status, what).toBe(409);
            expect(fieldsOf(body), what).toEqual(['confirmDuplicate']);
            const first = before.sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0))[0]?.at?.getTime() ?? 0;
            expect(body.error.message, what).toContain(`on ${localDate(at, zone)} at ${localTime(first, zone)} (repair order`);
            return;
          }
          expect(res.status, what).toBe(201);
          const [row] = await stack.database.db.select().from(visits).where(eq(visits.id, body.visitId));
          expect(row?.appointmentAt?.getTime(), what).toBe(at);
        },
      ),
      { numRuns: runs(80), seed: SEED },
    );
  });

  it('the public page: slots are instants of their own day in the shop’s clock, and only a slot it offers books or moves', async () => {
    const now = Date.now();
    const today = (zone: Zone) => localDate(now, zone);
    const dayArb = fc.oneof(
      fc.integer({ min: -2, max: 95 }).map((n) => (zone: Zone) => {
        let day = today(zone);
        for (let i = 0; i < n; i++) day = nextDate(day);
        return n < 0 ? '2026-01-01' : day;
      }),
      fc
        .constantFrom('2027-03-28', '2027-10-31', '2026-10-25', '1999-12-31', '2101-01-01', '2027-02-30', '2027-3-1')
        .map((d) => () => d),
    );
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ZONES),
        dayArb,
        fc.nat(),
        fc.oneof(sent(now), fc.constant('offered')),
        fc.constantFrom(...OFFSETS),
        fc.oneof(sent(now), fc.constant('offered')),
        async (zone, dayOf, pick, slotText, offset, moveText) => {
          const { app } = of(zone);
          const date = dayOf(zone);
          const res = await app.request(`/booking/slots?date=${date}&services=package:SVC-12M`);
          const what = `${zone} ${date} ${slotText}`;
          expect([200, 400], what).toContain(res.status);
          if (res.status === 400) {
            expect(fieldsOf(await readJson(res)), what).toEqual(['date']);
            return;
          }
          const day = await readJson(res);
          const starts: number[] = day.slots.map((s: { startsAt: string }) => Date.parse(s.startsAt));
          expect(new Set(starts).size, what).toBe(starts.length);
          expect(
            [...starts].sort((a, b) => a - b),
            what,
          ).toEqual(starts);
          for (const [i, s] of day.slots.entries()) {
            expect(localDate(starts[i] ?? 0, zone), what).toBe(date);
            expect(s.time, what).toBe(localTime(starts[i] ?? 0, zone));
            expect(isOpen(defaultCalendar(zone), starts[i] ?? 0), what).toBe(true);
          }
          const offered = starts.length ? starts[pick % starts.length] : undefined;
          const slot = slotText === 'offered' ? (offered === undefined ? undefined : written(offered, offset, false)) : slotText;
          if (slot === undefined) return;
          serial++;
          const booked = await postJson(app, '/booking', {
            services: [{ kind: 'package', code: 'SVC-12M' }],
            slot,
            customer: { name: `Web Fuzz ${serial}`, phone: `+49 30 556 ${String(1000 + serial)}` },
            vehicle: { vin: `WVWZZZ1JZXW${String(910000 + serial)}`, plate: `B-WF ${serial}`, model: 'VW Golf' },
          });
          const answer = await readJson(booked);
          const at = takenInstant(slot);
          const bookable = at !== undefined && starts.includes(at);
          expect([201, 400, 409], `${what} ${JSON.stringify(answer).slice(0, 300)}`).toContain(booked.status);
          // A slot the page offered may have filled since; one it never offered (of this day) never books.
          if (booked.status === 201) {
            expect(at, what).toBeDefined();
            if (localDate(at ?? 0, zone) === date) expect(bookable, what).toBe(true);
          } else expect(fieldsOf(answer).length, what).toBeGreaterThan(0);
          if (booked.status !== 201) return;
          // The link moves it to another time as sent: only to a slot of its day, never leaving a hold behind.
          const { token } = await signBookingLink(answer.visitId, devSettings().approvalLinkKey);
          const target = moveText === 'offered' ? written(starts[(pick + 1) % starts.length] ?? 0, offset, true) : moveText;
          const moved = await postJson(app, `/bookings/${token}/reschedule`, { slot: target });
          const movedAnswer = await readJson(moved);
          expect([200, 400, 409], `${what} → ${target} ${JSON.stringify(movedAnswer).slice(0, 300)}`).toContain(moved.status);
          const to = takenInstant(target);
          if (moved.status === 200)
            expect(to !== undefined && isOpen(defaultCalendar(zone), to), `${what} → ${target}`).toBe(true);
          else
            expect(
              fieldsOf(movedAnswer).length + (movedAnswer.error.details?.stage ? 1 : 0),
              `${what} → ${target}`,
            ).toBeGreaterThan(0);
          const view = await readJson(await app.request(`/bookings/${token}`));
          expect(Date.parse(view.appointmentAt), what).toBe(moved.status === 200 ? to : at);
          expect(await stack.database.db.select().from(bookingHolds).where(eq(bookingHolds.visitId, answer.visitId))).toEqual([]);
        },
      ),
      { numRuns: runs(60), seed: SEED },
    );
  });

  it('the desk’s move: refused onto the car’s other booking day of the shop, else moved as sent or refused naming the field', async () => {
    const now = Date.now();
    // One car, two bookings a few days apart in each zone, both moved at random.
    const booked = new Map<Zone, string[]>();
    for (const zone of ZONES) {
      const ids: string[] = [];
      for (const days of [3, 6]) {
        const at = Math.ceil((now + days * DAY) / MINUTE) * MINUTE;
        const res = await postJson(of(zone).desk, '/appointments', {
          customer: { name: 'Move Fuzz', phone: '+49 30 555 0456' },
          vehicle: { vin: `WVWZZZ1JZXW92000${ZONES.indexOf(zone)}`, plate: 'B-MF 1', model: 'VW Golf' },
          advisorId: 'adv-lena',
          requestedServices: ['Annual service'],
          appointmentAt: new Date(at).toISOString(),
          confirmClosed: true,
          confirmDuplicate: true,
        });
        expect(res.status).toBe(201);
        ids.push((await readJson(res)).visitId);
      }
      booked.set(zone, ids);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ZONES),
        fc.nat(1),
        sent(now),
        fc.boolean(),
        async (zone, which, appointmentAt, confirmClosed) => {
          const { desk } = of(zone);
          const visitId = booked.get(zone)?.[which] ?? '';
          const [row] = await stack.database.db.select().from(visits).where(eq(visits.id, visitId));
          const at = takenInstant(appointmentAt);
          const others = at === undefined ? [] : await sameDay(row?.vin ?? '', at, zone, visitId);
          const res = await postJson(desk, `/visits/${visitId}/actions/reschedule`, { appointmentAt, confirmClosed });
          const body = await readJson(res);
          const what = `${zone} ${appointmentAt} → ${res.status} ${JSON.stringify(body).slice(0, 300)}`;
          expect([200, 400, 409, 422], what).toContain(res.status);
          const [after] = await stack.database.db.select().from(visits).where(eq(visits.id, visitId));
          if (res.status === 200) {
            expect(at, what).toBeDefined();
            expect(others, what).toEqual([]);
            expect(after?.appointmentAt?.getTime(), what).toBe(at);
            return;
          }
          expect(after?.appointmentAt?.getTime(), what).toBe(row?.appointmentAt?.getTime());
          if (at === undefined) expect(fieldsOf(body), what).toEqual(['appointmentAt']);
          else if (others.length > 0) expect(fieldsOf(body), what).toEqual(['appointmentAt']);
        },
      ),
      { numRuns: runs(60), seed: SEED },
    );
  });
});
