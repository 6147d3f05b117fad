import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { decodeCursor, encodeCursor } from './params.js';

/**
 * A timestamp column as integer microseconds since the epoch, so a cursor built from it compares exactly
 * (a JS Date would drop the microseconds of `now()` defaults and skip rows) and can be checked as a plain
 * integer before it reaches the database.
 */
export const timestampKey = (column: PgColumn) => sql<string>`(extract(epoch from ${column}) * 1000000)::bigint::text`;

/** Rows strictly after (micros, id) in the list's order: `(column, id) > (…)` ascending, `<` descending. */
export function afterTimestampKey(column: PgColumn, id: PgColumn, micros: number, lastId: string, order: 'asc' | 'desc'): SQL {
  const at = sql`(timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond')`;
  return order === 'asc' ? sql`(${column}, ${id}) > (${at}, ${lastId})` : sql`(${column}, ${id}) < (${at}, ${lastId})`;
}

export interface TimestampCursor {
  micros: number;
  id: string;
}

/** `list` names the list the cursor pages, which takes no other list's cursor. */
export const encodeTimestampCursor = (list: string, micros: string, id: string) => encodeCursor(list, [Number(micros), id]);

export function decodeTimestampCursor(list: string, cursor: string | undefined): TimestampCursor | undefined {
  const parts = decodeCursor(cursor, list, ['number', 'string']);
  if (!parts) return undefined;
  const [micros, id] = parts as [number, string];
  return { micros, id };
}
