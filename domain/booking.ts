import { openingIntervals, type ShopCalendar } from './calendar-rules.js';
import { localDate, localTime } from './local-time.js';
import { MS_PER_DAY } from './time-units.js';
import { z } from './zod.js';

// Online booking with capacity [S1.1 "booked by phone/web/walk-up; levels the workshop's load"]: the shop's
// capacity setting and the one rule that cuts a day into the slots a customer may still book.

/** How much the shop can take in: advisor receptions per slot, and workshop hours a day. */
export const BookingCapacity = z
  .object({
    slotMinutes: z
      .number()
      .int()
      .refine((m) => [15, 20, 30, 60].includes(m), 'must be 15, 20, 30 or 60 minutes')
      .meta({ description: 'The length of one reception slot in minutes (15, 20, 30 or 60)', example: 30 }),
    receptionsPerSlot: z
      .number()
      .int()
      // 0 is the shop's switch to stop online booking for a while (every day then reads fully booked).
      .min(0, 'must be 0 (no online bookings) or more customers per slot')
      .max(50, 'must be at most 50 customers per slot')
      .meta({ description: 'How many customers the advisors receive per slot (0 stops online booking)', example: 2 }),
    workshopHoursPerDay: z
      .number()
      .min(0)
      .max(2_000)
      .meta({ description: 'Flat-rate hours the workshop can take on per day from online bookings', example: 40 }),
  })
  .openapi('BookingCapacity');
export type BookingCapacity = z.infer<typeof BookingCapacity>;

/** While the manager has set nothing: two customers per half hour, five technicians' eight-hour day. */
export const DEFAULT_BOOKING_CAPACITY: BookingCapacity = { slotMinutes: 30, receptionsPerSlot: 2, workshopHoursPerDay: 40 };

/** How far ahead the public page books: a season, which is also how long a booking's signed link works. */
export const BOOKING_HORIZON_DAYS = 90;

/** Why a day offers no slot at all (`closed`: not open that weekday, or a holiday on the calendar); null when it offers some. */
export const DayClosedReason = z.enum(['closed', 'past', 'too_far', 'workshop_full', 'fully_booked']);
export type DayClosedReason = z.infer<typeof DayClosedReason>;

/** Appointments booked for one instant: a day's bookings as the database counts them. */
export interface BookedInstant {
  at: number;
  count: number;
}

export interface DayLoad {
  /** Bookings already in each slot, by the slot's start (epoch ms). */
  bookedAt: ReadonlyMap<number, number>;
  /** Flat-rate hours already booked online for the day. */
  workshopHours: number;
}

export interface SlotOffer {
  startsAt: number;
  endsAt: number;
  /** Places left in the slot. */
  free: number;
}

export interface DaySlots {
  date: string;
  timeZone: string;
  slotMinutes: number;
  workshopHoursLeft: number;
  /** The open slots with room, earliest first. */
  slots: SlotOffer[];
  reason: DayClosedReason | null;
}

/** Every slot of the day's opening hours on the shop's calendar, from opening to the last one that ends by closing. */
export function slotStarts(date: string, calendar: ShopCalendar, slotMinutes: number): number[] {
  const step = slotMinutes * 60_000;
  const starts: number[] = [];
  for (const [opens, closes] of openingIntervals(calendar, date))
    for (let at = opens; at + step <= closes; at += step) starts.push(at);
  return starts;
}

/**
 * The slots of a day a customer may book for `requestedHours` of work: opening hours cut into slots, without
 * the slots in the past, the full ones, and none at all once the day's workshop hours cannot take the work.
 */
export function freeSlots(
  date: string,
  input: { calendar: ShopCalendar; capacity: BookingCapacity; load: DayLoad; requestedHours: number; now: number },
): DaySlots {
  const { calendar, capacity, load, requestedHours, now } = input;
  const workshopHoursLeft = Math.max(0, capacity.workshopHoursPerDay - load.workshopHours);
  const base = { date, timeZone: calendar.timeZone, slotMinutes: capacity.slotMinutes, workshopHoursLeft };
  const starts = slotStarts(date, calendar, capacity.slotMinutes);
  const closed = (reason: DayClosedReason): DaySlots => ({ ...base, slots: [], reason });
  if (starts.length === 0) return closed('closed');
  if (date < localDate(now, calendar.timeZone) || (starts.at(-1) ?? 0) <= now) return closed('past');
  if ((starts[0] ?? 0) > now + BOOKING_HORIZON_DAYS * MS_PER_DAY) return closed('too_far');
  // A booking of no catalogue work still takes a reception place but never a workshop hour.
  if (requestedHours > 0 && requestedHours > workshopHoursLeft + 1e-9) return closed('workshop_full');
  const step = capacity.slotMinutes * 60_000;
  const slots = starts
    .filter((at) => at > now)
    .map((at) => ({ startsAt: at, endsAt: at + step, free: capacity.receptionsPerSlot - (load.bookedAt.get(at) ?? 0) }))
    .filter((s) => s.free > 0);
  return { ...base, slots, reason: slots.length ? null : 'fully_booked' };
}

/** The slot a booked instant falls in (bookings made at the desk may be at any minute). */
export const slotOf = (at: number, starts: readonly number[], slotMinutes: number) =>
  starts.find((s) => at >= s && at < s + slotMinutes * 60_000);

/**
 * Booked against capacity per hour of the day, for the appointment board: "09:00 3 / 4", its hours named in the
 * board's time zone (`timeZone`) like the bookings beside them.
 */
export function capacityPerHour(
  date: string,
  calendar: ShopCalendar,
  capacity: BookingCapacity,
  appointments: readonly BookedInstant[],
  timeZone = calendar.timeZone,
): { hour: string; booked: number; capacity: number }[] {
  const starts = slotStarts(date, calendar, capacity.slotMinutes);
  const byHour = new Map<string, { booked: number; capacity: number }>();
  for (const s of starts) {
    const hour = `${localTime(s, timeZone).slice(0, 2)}:00`;
    const entry = byHour.get(hour) ?? { booked: 0, capacity: 0 };
    entry.capacity += capacity.receptionsPerSlot;
    byHour.set(hour, entry);
  }
  for (const { at, count } of appointments) {
    const hour = `${localTime(at, timeZone).slice(0, 2)}:00`;
    const entry = byHour.get(hour) ?? { booked: 0, capacity: 0 };
    entry.booked += count;
    byHour.set(hour, entry);
  }
  return [...byHour.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hour, e]) => ({ hour, ...e }));
}
