import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteException, readCalendar, writeException, writeOpeningHours } from '../../db/calendar.js';
import {
  CalendarExceptionBody,
  CalendarView,
  ExceptionDateParam,
  PromiseQuery,
  PromiseSuggestionView,
  WeekHoursChange,
} from '../../domain/calendar.js';
import { skippedHoursProblem, suggestPromise } from '../../domain/calendar-rules.js';
import { localDate } from '../../domain/local-time.js';
import { CALENDAR_EDITORS } from '../../domain/roles.js';
import { toIso } from '../../domain/time.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import type { ApiEnv } from '../deps.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { dependency } from '../unavailable.js';

// The shop's calendar [S3.4]: the one writer of opening_hours and calendar_exceptions. The service manager keeps
// it; anyone reads it (`GET /calendar`, no login: the published hours); staff ask it for a promised time.

const calendarOf = (c: Context<ApiEnv>) =>
  dependency('database', () => readCalendar(c.var.deps.database.db, c.var.settings.shopTimeZone));

const invalid = { 400: jsonResponse(ErrorBody, 'A field is invalid; the error names it') };

export const calendarRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/calendar',
      tags: ['calendar'],
      summary: 'The published opening hours per weekday and the holidays and special days ahead (no login)',
      responses: { 200: jsonResponse(CalendarView, 'The calendar, in the shop’s time zone') },
    }),
    async (c) => c.json(await calendarOf(c), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/calendar/hours',
      tags: ['calendar'],
      summary: 'Set the opening hours of one or more weekdays (null: closed that day)',
      middleware: [requireRole(...CALENDAR_EDITORS)] as const,
      request: { body: jsonBody(WeekHoursChange, 'The weekdays to change, { monday: { opensAt, closesAt } | null, … }') },
      responses: { 200: jsonResponse(CalendarView, 'The calendar as it is now'), ...invalid },
    }),
    async (c) => {
      const week = c.req.valid('json');
      await dependency('database', () => writeOpeningHours(c.var.deps.database.db, week, actingStaff(c).id));
      return c.json(await calendarOf(c), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calendar/exceptions',
      tags: ['calendar'],
      summary: 'Close a day (a holiday) or give it special hours; replaces what that day had',
      middleware: [requireRole(...CALENDAR_EDITORS)] as const,
      request: { body: jsonBody(CalendarExceptionBody, 'The day, its hours (null: closed) and why') },
      responses: { 201: jsonResponse(CalendarView, 'The calendar as it is now'), ...invalid },
    }),
    async (c) => {
      const exception = c.req.valid('json');
      // A day gone by changes nothing any more, and the calendar would not even show it.
      const today = localDate(Date.now(), c.var.settings.shopTimeZone);
      if (exception.date < today)
        throw new AppError('invalid_request', `Invalid body: date: ${exception.date} is in the past; name today or a later day`, {
          fields: [{ field: 'date', message: `${exception.date} is in the past; name today or a later day` }],
        });
      const skipped = exception.hours && skippedHoursProblem(exception.date, exception.hours, c.var.settings.shopTimeZone);
      if (skipped) {
        const field = `hours.${skipped.field}`;
        throw new AppError('invalid_request', `Invalid body: ${field}: ${skipped.message}`, {
          fields: [{ field, message: skipped.message }],
        });
      }
      await dependency('database', () => writeException(c.var.deps.database.db, exception, actingStaff(c).id));
      return c.json(await calendarOf(c), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/calendar/exceptions/{date}',
      tags: ['calendar'],
      summary: 'Remove a day’s exception: the weekday’s hours apply again',
      middleware: [requireRole(...CALENDAR_EDITORS)] as const,
      request: { params: ExceptionDateParam },
      responses: {
        200: jsonResponse(CalendarView, 'The calendar as it is now'),
        ...invalid,
        404: jsonResponse(ErrorBody, 'That day has no exception'),
      },
    }),
    async (c) => {
      const { date } = c.req.valid('param');
      const removed = await dependency('database', () => deleteException(c.var.deps.database.db, date));
      if (!removed) throw new AppError('not_found', `date: ${date} has no exception`);
      return c.json(await calendarOf(c), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calendar/promise',
      middleware: [requireReader('promise')],
      tags: ['calendar'],
      summary: 'The promised delivery time for work of this length, counted in open hours, and why it moved',
      request: { query: PromiseQuery },
      responses: { 200: jsonResponse(PromiseSuggestionView, 'The time to promise'), ...invalid },
    }),
    async (c) => {
      const { workMinutes, from } = c.req.valid('query');
      const calendar = await calendarOf(c);
      let suggestion: ReturnType<typeof suggestPromise>;
      try {
        suggestion = suggestPromise(calendar, from ? Date.parse(from) : Date.now(), workMinutes * 60_000);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        throw new AppError('invalid_request', 'workMinutes: the shop is not open long enough in the next ten years');
      }
      return c.json({ ...suggestion, promisedAt: toIso(suggestion.promisedAt) }, 200);
    },
  );
