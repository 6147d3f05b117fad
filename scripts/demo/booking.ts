import { ApiError, type ServicelaneClient } from './client.js';

// Online booking with capacity [S1.1] in the demo: customers book the first free time of a day ahead on the public
// routes (no login) until its places are taken, and the next one for that time is refused in plain words.

const DAY_MS = 86_400_000;

interface Slots {
  date: string;
  reason: string | null;
  slots: { startsAt: string; time: string; free: number }[];
}

/** Letters and digits a VIN may hold (no I, O or Q). */
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const vin = () => `WVWZZZ1K${Array.from({ length: 9 }, () => VIN_CHARS[Math.floor(Math.random() * VIN_CHARS.length)]).join('')}`;

export interface OnlineBookingOutcome {
  date: string;
  time: string;
  booked: number;
  refused: string;
}

/** Fills the first free time from five days ahead with online bookings of the 12-month service; the next is refused. */
export async function playOnlineBooking(api: ServicelaneClient): Promise<OnlineBookingOutcome> {
  const customer = api.as('customer');
  // The first day from five days ahead with a free time: a holiday on the calendar or a full day is skipped.
  let day: Slots | undefined;
  for (let ahead = 5; ahead < 20 && !day?.slots.length; ahead++) {
    const date = new Date(Date.now() + ahead * DAY_MS).toISOString().slice(0, 10);
    day = await customer.get<Slots>(`/booking/slots?date=${date}&services=package:SVC-12M`);
  }
  const slot = day?.slots[0];
  if (!day || !slot) throw new Error('no free time in the next three weeks');
  const { date } = day;
  const book = (n: number) =>
    customer.post<{ visitId: string }>('/booking', {
      services: [{ kind: 'package', code: 'SVC-12M' }],
      slot: slot.startsAt,
      customer: { name: `Online customer ${n}`, phone: `+49 30 ${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` },
      vehicle: { vin: vin(), plate: `B-OB ${n}`, model: 'VW Golf' },
    });
  for (let n = 1; n <= slot.free; n++) await book(n);
  try {
    await book(slot.free + 1);
    return { date, time: slot.time, booked: slot.free + 1, refused: 'not refused: capacity was not enforced' };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 409) throw err;
    const message = (err.body as { error?: { message?: string } }).error?.message ?? '';
    return { date, time: slot.time, booked: slot.free, refused: message };
  }
}
