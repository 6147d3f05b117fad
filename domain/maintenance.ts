import { addLocalDays, addLocalMonths } from './local-time.js';
import { IsoDateTime, MS_PER_DAY, toEpochMs, toIso } from './time.js';
import { z } from './zod.js';

// Seed [S1] step 8 and step 10: at delivery the customer is told roughly when and at what mileage
// the next service falls due, and reminders are sent from the same figure. `planNextService` is that figure: the
// pickup records it (activities/reminder.ts), and the delivery form shows it before, worked out as of now.

export const DEFAULT_SERVICE_INTERVAL = Object.freeze({ months: 12, km: 15_000 });

/**
 * Longer than any maker's interval (long-life services run 24–36 months, 30,000–50,000 km): beyond it the due
 * date and mileage would leave the years and readings the rest of the system accepts.
 */
export const MAX_SERVICE_INTERVAL = Object.freeze({ months: 60, km: 100_000 });

export const ServiceInterval = z.object({
  months: z.number().int().positive().max(MAX_SERVICE_INTERVAL.months).default(DEFAULT_SERVICE_INTERVAL.months),
  km: z.number().int().positive().max(MAX_SERVICE_INTERVAL.km).default(DEFAULT_SERVICE_INTERVAL.km),
});
export type ServiceInterval = z.infer<typeof ServiceInterval>;

export const MileageReading = z.object({
  at: IsoDateTime,
  mileage: z.number().nonnegative(),
});
export type MileageReading = z.infer<typeof MileageReading>;

/**
 * km per day between the oldest and newest readings. Null when there is too little history to
 * extrapolate from; never negative, because a lower later reading means a replaced or
 * mis-keyed odometer rather than negative driving.
 */
export function averageDailyKm(history: readonly MileageReading[]): number | null {
  if (history.length < 2) return null;
  const readings = history.map((r) => {
    const { mileage } = MileageReading.parse(r);
    return { ms: toEpochMs(r.at), mileage };
  });
  const byTime = (a: (typeof readings)[number], b: (typeof readings)[number]) => a.ms - b.ms || a.mileage - b.mileage;
  readings.sort(byTime);
  const oldest = readings[0];
  const newest = readings[readings.length - 1];
  if (oldest === undefined || newest === undefined) return null;
  const days = (newest.ms - oldest.ms) / MS_PER_DAY;
  if (days < 1) return null;
  return Math.max(0, (newest.mileage - oldest.mileage) / days);
}

export const NextMaintenanceInput = z.object({
  lastServiceAt: IsoDateTime,
  lastMileage: z.number().nonnegative(),
  interval: ServiceInterval.prefault({}),
  /** From averageDailyKm; null or omitted when unknown. */
  averageDailyKm: z.number().nonnegative().nullable().default(null),
  /** The shop's zone (`SHOP_TIME_ZONE`): the months are counted on its calendar, so the due day is the one it reads. */
  timeZone: z.string().default('UTC'),
});
export type NextMaintenanceInput = z.input<typeof NextMaintenanceInput>;

export const MaintenanceDue = z.object({
  dueAt: IsoDateTime,
  /**
   * Odometer reading expected when the service falls due; never beyond the distance limit.
   * Without usage data it is the distance limit itself.
   */
  dueMileage: z.number().nonnegative(),
  /** Which limit is reached first. */
  basis: z.enum(['time', 'distance']),
});
export type MaintenanceDue = z.infer<typeof MaintenanceDue>;

/** Whichever of the time and distance limits comes first; a tie is reported as 'time'. */
export function nextMaintenanceDue(input: NextMaintenanceInput): MaintenanceDue {
  const { lastServiceAt, lastMileage, interval, averageDailyKm: kmPerDay, timeZone } = NextMaintenanceInput.parse(input);
  const startMs = toEpochMs(lastServiceAt);
  const timeDueMs = addLocalMonths(startMs, interval.months, timeZone);
  const mileageLimit = lastMileage + interval.km;

  if (kmPerDay === null) {
    return { dueAt: toIso(timeDueMs), dueMileage: mileageLimit, basis: 'time' };
  }
  if (kmPerDay > 0 && startMs + (interval.km / kmPerDay) * MS_PER_DAY < timeDueMs) {
    // Whole calendar days on the shop's clock, the last before the limit is reached, at the hour of the handover: the
    // reminder 14 days before goes out at an hour the shop kept, not where a fraction of a day lands (21:00, 03:12).
    const distanceDueMs = addLocalDays(startMs, Math.floor(interval.km / kmPerDay), timeZone);
    return { dueAt: toIso(distanceDueMs), dueMileage: mileageLimit, basis: 'distance' };
  }
  const projected = Math.round(lastMileage + (kmPerDay * (timeDueMs - startMs)) / MS_PER_DAY);
  return {
    dueAt: toIso(timeDueMs),
    dueMileage: Math.min(mileageLimit, projected),
    basis: 'time',
  };
}

export interface NextServiceInput {
  /** The odometer readings in the vehicle's service history, oldest or newest first. */
  history: readonly MileageReading[];
  /** When the car is handed over: the next service is counted from it. */
  deliveredAt: string;
  /** This visit's reading (at arrival); null when it has none. */
  mileage: number | null;
  interval: ServiceInterval;
  /** The shop's zone (`SHOP_TIME_ZONE`). */
  timeZone: string;
}

/**
 * The next service of a vehicle handed over at `deliveredAt`: this visit's reading joins its history to judge how
 * far it is driven per day. Null when the vehicle has no reading at all, this visit's nor an earlier one's: there
 * is no mileage to count the interval's kilometres from.
 */
export function planNextService(input: NextServiceInput): MaintenanceDue | null {
  const readings = [...input.history];
  if (input.mileage !== null) readings.push({ at: input.deliveredAt, mileage: input.mileage });
  const lastMileage = input.mileage ?? readings.at(-1)?.mileage;
  if (lastMileage === undefined) return null;
  return nextMaintenanceDue({
    lastServiceAt: input.deliveredAt,
    lastMileage,
    interval: input.interval,
    averageDailyKm: averageDailyKm(readings),
    timeZone: input.timeZone,
  });
}
