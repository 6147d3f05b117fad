import { ClockTime } from './business-hours.js';
import { PROMISE_MOVES, WEEKDAYS, type Weekday } from './calendar-rules.js';
import { text, wholeNumberText } from './text.js';
import { DayInput, InstantInput, IsoDateTime } from './time.js';
import { z } from './zod.js';

// The calendar's schemas at the edge (the rules are calendar-rules.ts): what a manager sends and what GET answers.

export const OpeningHoursBody = z
  .object({ opensAt: ClockTime, closesAt: ClockTime })
  .strict()
  .refine((h) => h.opensAt < h.closesAt, { path: ['closesAt'], message: 'closing time must be after the opening time' })
  .openapi('OpeningHours', { description: 'Local wall-clock times "HH:MM" in the shop’s time zone' });

const DayHours = OpeningHoursBody.nullable().openapi({ description: 'null: closed all day' });

/** Each weekday given gets these hours (null: closed); the others keep theirs. */
export const WeekHoursChange = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, DayHours.optional()])) as Record<Weekday, z.ZodOptional<typeof DayHours>>)
  .strict()
  .refine((w) => Object.values(w).some((h) => h !== undefined), 'name at least one weekday (monday … sunday) to change')
  .openapi('WeekHoursChange');

export const CalendarExceptionBody = z
  .object({
    date: DayInput.openapi({ description: 'The local day, YYYY-MM-DD' }),
    hours: DayHours.openapi({ description: 'Special hours that day; null: closed all day (a holiday)' }),
    note: text(200).openapi({ description: 'Why: "Christmas Day", "Staff training"' }),
  })
  .strict()
  .openapi('CalendarException');

export const ExceptionDateParam = z.object({
  date: DayInput.openapi({ param: { name: 'date', in: 'path' }, description: 'The local day, YYYY-MM-DD' }),
});

export const CalendarView = z
  .object({
    timeZone: z.string().openapi({ description: 'The shop’s time zone (SHOP_TIME_ZONE), which every time here is in' }),
    week: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, DayHours])) as Record<Weekday, typeof DayHours>),
    exceptions: z.array(CalendarExceptionBody).openapi({ description: 'From yesterday on, by date' }),
  })
  .openapi('ShopCalendar');

export const PromiseQuery = z.object({
  workMinutes: wholeNumberText(0, 60 * 24 * 365).openapi({ description: 'Open-hours minutes of work the job needs' }),
  from: InstantInput.optional().openapi({ description: 'When the work can start; default now' }),
});

export const PromiseSuggestionView = z
  .object({
    promisedAt: IsoDateTime,
    moved: z.enum(PROMISE_MOVES).openapi({
      description:
        'none: the clock time; holiday: a day closed by an exception lay in the way; closed_day: a weekday the shop is closed; after_hours: past closing or before opening',
    }),
    holiday: CalendarExceptionBody.optional().openapi({ description: 'The holiday in the way, when moved is holiday' }),
  })
  .openapi('PromiseSuggestion');
