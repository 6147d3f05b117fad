import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { outbox } from '../../db/schema.js';
import { localDate } from '../../domain/local-time.js';
import { asStaff } from '../support/auth.js';
import { seedPriceList } from '../support/catalogue.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { waitFor } from '../support/waiting.js';

// [S1.1] When the shop moves a booking (the visit's `reschedule`, by the desk), the customer is told the new day and
// time on the shop's clock, in their language, with the booking's link, through the outbox like the confirmation.
// A move the customer makes on that link is not messaged: the page that took it shows the new time.

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
const dayAhead = (n: number) => localDate(Date.now() + n * DAY, ZONE);
/** `time` on `day` of the shop's clock (UTC+8 all year in Shanghai). */
const shopTime = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();
const MONTHS = 'January February March April May June July August September October November December'.split(' ');
/** The day as a person reads it, written out here rather than by the formatter under test. */
const spelled = (day: string, language: 'en' | 'zh-CN') => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return language === 'en' ? `${date} ${MONTHS[month - 1]} ${year}` : `${year}年${month}月${date}日`;
};

let serial = 0;
const deskBooking = (appointmentAt: string, language: 'en' | 'zh-CN') => {
  serial++;
  return {
    customer: { name: `Moved Customer ${serial}`, phone: `+49 30 558 ${String(1000 + serial)}`, language },
    vehicle: { vin: `WAUZZZ8K9BA${String(300000 + serial)}`, plate: `B-MV ${serial}`, model: 'Audi A4', mileage: 42_000 },
    advisorId: 'adv-lena',
    requestedServices: ['Annual service'],
    appointmentAt,
    confirmClosed: true,
  };
};

describe('a booking the shop moves is told to the customer', () => {
  const stack = useTestStack({ timeZone: ZONE });
  let advisor: RequestingApp;
  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    await seedPriceList(stack.app);
  });

  const movesTold = async (visitId: string) =>
    (await stack.database.db.select().from(outbox).where(eq(outbox.visitId, visitId))).filter(
      (m) => m.template === 'booking_moved',
    );
  const toldOf = (visitId: string, appointmentAt: string) =>
    waitFor('the message of the move', async () =>
      (await movesTold(visitId)).find((m) => m.payload.appointmentAt === appointmentAt),
    );
  const book = async (language: 'en' | 'zh-CN') => {
    const booked = await postJson(advisor, '/appointments', deskBooking(shopTime(dayAhead(3), '10:00'), language));
    expect(booked.status, await booked.clone().text()).toBe(201);
    return (await readJson(booked)).visitId as string;
  };
  const moveByDesk = async (visitId: string, appointmentAt: string, key: string) => {
    const res = await postJson(
      advisor,
      `/visits/${visitId}/actions/reschedule`,
      { appointmentAt, confirmClosed: true },
      { 'idempotency-key': key },
    );
    expect(res.status, await res.clone().text()).toBe(200);
  };

  for (const [language, words] of [
    ['zh-CN', ['您的预约已改期', '14:30', '查看、改期或取消预约']],
    ['en', ['We have moved your booking', 'at 14:30', 'To see, move or cancel your booking']],
  ] as const)
    it(`tells the ${language} customer the new day and time once, with the booking's link`, async () => {
      const visitId = await book(language);
      const day = dayAhead(5);
      const newTime = shopTime(day, '14:30');
      await moveByDesk(visitId, newTime, `move-${visitId}`);
      // The desk's retry of the same request is the same move: still one message.
      await moveByDesk(visitId, newTime, `move-${visitId}`);

      const told = await toldOf(visitId, newTime);
      expect(told.payload).toMatchObject({ language, timeZone: ZONE });
      const url = told.payload.bookingUrl as string;
      expect(url).toMatch(new RegExp(`/app/booking/manage\\?token=[^&]+&lang=${language}$`));
      const { text } = renderMessage(told.template, told.payload);
      for (const word of [...words, spelled(day, language), url]) expect(text).toContain(word);
      // Nothing raw reaches the customer: not the instant as stored, nor the UTC hour it is (06:30).
      expect(text).not.toContain(newTime);
      expect(text).not.toContain('06:30');
      expect(await movesTold(visitId)).toHaveLength(1);
    });

  it('a move the customer makes on the link is not messaged; the shop’s next move is', async () => {
    const visitId = await book('en');
    const confirmation = await waitFor('the booking confirmation', async () =>
      (await stack.database.db.select().from(outbox).where(eq(outbox.visitId, visitId))).find(
        (m) => m.template === 'booking_confirmed',
      ),
    );
    const token = new URL(confirmation.payload.bookingUrl as string).searchParams.get('token');
    const byCustomer = shopTime(dayAhead(4), '10:00');
    const moved = await postJson(stack.app, `/bookings/${token}/reschedule`, { slot: byCustomer });
    expect(moved.status, await moved.clone().text()).toBe(200);

    // Messages leave the visit in the order it queued them: once the desk's later move is told, the customer's
    // own move would have been too.
    const byDesk = shopTime(dayAhead(6), '09:00');
    await moveByDesk(visitId, byDesk, `desk-${visitId}`);
    await toldOf(visitId, byDesk);
    expect((await movesTold(visitId)).map((m) => m.payload.appointmentAt)).toEqual([byDesk]);
  });
});
