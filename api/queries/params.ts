import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { isTimeZone, localDayRange } from '../../domain/local-time.js';
import { unstorableText, wholeNumberText } from '../../domain/text.js';
import { clip } from '../../domain/text-rules.js';
import { DayInput, MAX_RANGE_DAYS, MS_PER_DAY } from '../../domain/time.js';
import { AppError } from '../errors.js';
import type { ApiSettings } from '../settings.js';

/** Every list is bounded: `limit` rows per page (default 100, at most 500). */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

export const Limit = wholeNumberText(1, MAX_LIMIT)
  .default(DEFAULT_LIMIT)
  .openapi({ description: `Rows per page (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})`, example: DEFAULT_LIMIT });

export const Cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,512}$/, 'not a cursor returned by this list')
  .optional()
  .openapi({ description: 'Opaque `nextCursor` of the previous page; omit for the first page' });

/** The one schema of a day in a query: YYYY-MM-DD in the years the code handles. */
export const LocalDate = DayInput.meta({ description: 'A calendar day, YYYY-MM-DD', example: '2025-03-14' });

export const TimeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin')
  .optional()
  .openapi({
    description: "IANA time zone the day is counted in (default: the shop's, `SHOP_TIME_ZONE`)",
    example: 'Europe/Berlin',
  });

/** A range of whole days, both inclusive, counted in `tz`: what the KPI, suggestion and survey figures are read over. */
export const DayRangeQuery = z.object({
  from: LocalDate.meta({ description: 'First day of the range (in `tz`), inclusive' }),
  to: LocalDate.meta({ description: 'Last day of the range (in `tz`), inclusive' }),
  tz: TimeZone,
});

/** The zone a day is counted in: the caller's (`tz`), else the shop's, so "today" is the shop's today by default. */
export const dayZone = (tz: string | undefined, settings: Pick<ApiSettings, 'shopTimeZone'>) => tz ?? settings.shopTimeZone;

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Pass back as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  });

/** The same error shape the request validator produces, for a parameter only the handler can judge. */
export function invalidParam(field: string, message: string, where = 'query'): AppError {
  return new AppError('invalid_request', `Invalid ${where}: ${field}: ${message}`, { fields: [{ field, message }] });
}

/**
 * The instants a from–to range of local days covers, `to` inclusive; at most MAX_RANGE_DAYS, `to` not before `from`.
 * Either end may be open.
 */
export function dayRange(from: string, to: string, timeZone: string): { start: Date; end: Date };
export function dayRange(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
): { start: Date | undefined; end: Date | undefined };
export function dayRange(from: string | undefined, to: string | undefined, timeZone: string) {
  const start = from === undefined ? undefined : localDayRange(from, timeZone).start;
  const end = to === undefined ? undefined : localDayRange(to, timeZone).end;
  if (start && end) {
    if (end <= start) throw invalidParam('to', 'must not be before from');
    if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * MS_PER_DAY)
      throw invalidParam('to', `the range may span at most ${MAX_RANGE_DAYS} days`);
  }
  return { start, end };
}

/**
 * Every query value must be percent-encoded UTF-8. Hono keeps a value it cannot decode ("%zz", a lone "%", a lone
 * surrogate's "%ED%A0%80") as the raw text, so a search would look for "%ED%A0%80" instead of refusing what no
 * client meant to send; the parameter is named instead.
 */
export const wellFormedQuery: MiddlewareHandler = async (c, next) => {
  const search = new URL(c.req.url).search.slice(1);
  for (const pair of search ? search.split('&') : []) {
    const at = pair.indexOf('=');
    const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    const decoded = decodedParam(name);
    if (decoded === undefined) throw invalidParam('(parameter name)', `${clip(name, 40)} is not percent-encoded UTF-8`);
    if (decodedParam(value) === undefined) throw invalidParam(decoded, 'is not percent-encoded UTF-8');
  }
  await next();
};

function decodedParam(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/**
 * An opaque cursor: the sort key and id of the last row of the previous page, after the name of the list it pages.
 * Lists share the shape of their keys, so without the name another list's cursor (the visits' on the tasks) was
 * taken as a position there and answered a page nobody asked for.
 */
export function encodeCursor(list: string, parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([list, ...parts]), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  list: string,
  shape: readonly ('string' | 'number')[],
): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  let tagged: unknown;
  try {
    tagged = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidParam('cursor', 'not a cursor returned by this list');
  }
  if (!Array.isArray(tagged) || tagged[0] !== list) throw invalidParam('cursor', 'not a cursor returned by this list');
  const parts = tagged.slice(1);
  if (
    parts.length !== shape.length ||
    parts.some(
      (p, i) =>
        typeof p !== shape[i] ||
        (typeof p === 'string' && (p.length === 0 || p.length > 200 || unstorableText(p) !== undefined)) ||
        (typeof p === 'number' && !Number.isSafeInteger(p)),
    )
  ) {
    throw invalidParam('cursor', 'not a cursor returned by this list');
  }
  return parts as (string | number)[];
}

/** Rows fetched with limit + 1: the extra row only says whether another page exists. */
export function pageOf<R, T>(rows: readonly R[], limit: number, map: (row: R) => T, cursorOf: (row: R) => string) {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last !== undefined ? cursorOf(last) : null };
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

type Serialized<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** A row as JSON carries it: every Date column becomes its ISO string. */
export function serializeDates<T extends Record<string, unknown>>(row: T): Serialized<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
  return out as Serialized<T>;
}
