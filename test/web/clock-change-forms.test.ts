import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { visits } from '../../db/schema.js';
import { isoWeekday } from '../../domain/local-time.js';
import { staffToken } from '../support/auth.js';
import { useTestStack } from '../support/stack.js';
import { bookVisit } from '../support/visits.js';

// A Munich shop's screens on the nights the clocks change. A time typed on the last Sunday of March between 02:00
// and 03:00 does not happen: the screens placed it at 03:00, when the clocks jump past it, and booked that without a
// word to the advisor who typed 02:30. It is refused now, in the page's language, naming the field; nothing is sent
// to the API. A time the clocks go back over (02:30 on the last Sunday of October) is read the first time round, on
// summer time, as the README says, and shown as the 02:30 that was typed.

const ZONE = 'Europe/Berlin';
const YEAR = new Date().getUTCFullYear() + 1;
/** The last Sunday of a month of next year, when Europe's clocks change. */
const lastSunday = (month: string) => {
  let day = 31;
  while (isoWeekday(`${YEAR}-${month}-${day}`) !== 7) day--;
  return `${YEAR}-${month}-${day}`;
};
const FORWARD = lastSunday('03');
const BACK = lastSunday('10');

describe('times typed on the nights the clocks change', () => {
  const stack = useTestStack({ timeZone: ZONE });
  const cookie = async (language: string) =>
    `sl_session=${await staffToken('advisor', 'adv-lena')}; sl_tz=${ZONE}; sl_lang=${language}`;
  const post = async (path: string, form: Record<string, string>, language = 'en') =>
    stack.app.request(`http://localhost${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        cookie: await cookie(language),
      },
      body: new URLSearchParams(form).toString(),
    });
  const booking = (appointmentAt: string, plate: string) => ({
    _key: crypto.randomUUID(),
    kind: 'appointment',
    'customer.name': 'Lukas Huber',
    'customer.phone': '+49 89 555 0101',
    'vehicle.vin': `WBA${plate.replace(/\W/g, '').padEnd(14, '0')}`.slice(0, 17),
    'vehicle.plate': plate,
    'vehicle.model': 'BMW 320d',
    advisorId: 'adv-lena',
    requestedServices: 'Annual service',
    appointmentAt,
    confirmClosed: 'true',
  });
  const visitsOf = async (plate: string) => stack.database.db.select().from(visits).where(eq(visits.plate, plate));

  it.each([
    ['en', 'the clocks go forward from 02:00 to 03:00 that night, so this time does not happen'],
    ['zh-CN', '当晚时钟从 02:00 直接拨快到 03:00，这个时间不存在'],
  ])(
    'a booking at 02:30 on the night the clocks go forward is refused in %s, naming the field, and nothing is booked',
    async (language, words) => {
      const plate = `M-SK ${language === 'en' ? 1 : 2}`;
      const res = await post('/app/board/book', booking(`${FORWARD}T02:30`, plate), language);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toMatch(new RegExp(`data-field-error="appointmentAt"[^>]*>[^<]*${words}`));
      expect(await visitsOf(plate.toUpperCase())).toEqual([]);
    },
  );

  it('a move to such a time on the visit page is refused alike, and the booking stays where it was', async () => {
    const visitId = await bookVisit(stack, { inMs: 3 * 86_400_000 });
    const [before] = await stack.database.db.select().from(visits).where(eq(visits.id, visitId));
    const res = await post(`/app/visits/${visitId}/actions/reschedule`, {
      _key: crypto.randomUUID(),
      appointmentAt: `${FORWARD}T02:15`,
      confirmClosed: 'true',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/data-field-error="appointmentAt"[^>]*>[^<]*the clocks go forward from 02:00 to 03:00/);
    const [row] = await stack.database.db.select().from(visits).where(eq(visits.id, visitId));
    expect(row?.appointmentAt).toEqual(before?.appointmentAt);
  });

  it('a booking at 02:30 on the night the clocks go back is the first 02:30, on summer time, and the board shows 02:30', async () => {
    const res = await post('/app/board/book', booking(`${BACK}T02:30`, 'M-FB 3'));
    expect(res.status).toBe(303);
    const [row] = await visitsOf('M-FB 3');
    // 02:30 summer time (UTC+2) is 00:30 UTC; the second 02:30, on winter time, would be 01:30 UTC.
    expect(row?.appointmentAt?.toISOString()).toBe(`${BACK}T00:30:00.000Z`);
    const board = await stack.app.request(`http://localhost/app/board?date=${BACK}`, {
      headers: { cookie: await cookie('en') },
    });
    expect(board.status).toBe(200);
    const html = await board.text();
    expect(html).toContain('M-FB 3');
    expect(html).toContain('02:30');
  });

  it('a session whose browser named no zone reads the shop’s clock, not UTC, and signing in without the script keeps it', async () => {
    const token = await staffToken('advisor', 'adv-lena');
    // The board of the test before, with its 02:30 booking: UTC read it as 00:30.
    const board = await stack.app.request(`http://localhost/app/board?date=${BACK}`, {
      headers: { cookie: `sl_session=${token}; sl_lang=en` },
    });
    const html = await board.text();
    expect(html).toContain('M-FB 3');
    expect(html).toContain('02:30');
    expect(html).not.toContain('00:30');
    const signIn = await stack.app.request('http://localhost/app/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ mode: 'token', token, tz: '' }).toString(),
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('set-cookie')).toContain(`sl_tz=${encodeURIComponent(ZONE)}`);
  });
});
