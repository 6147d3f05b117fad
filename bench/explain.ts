import { type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { appointmentBoard } from '../api/queries/appointments.js';
import { listVisits } from '../api/queries/visit-list.js';
import type { Database, DatabaseHandle } from '../db/client.js';
import { defaultCalendar } from '../domain/calendar-rules.js';
import type { Stage } from '../domain/stages.js';
import { rowsOf } from './parked.js';
import type { PlanReport } from './protocol.js';

interface Captured {
  query: string;
  params: unknown[];
}

/**
 * The API's own query functions run against a second drizzle instance over the same connection, whose logger
 * keeps the SQL and parameters they send; each is then run again as EXPLAIN ANALYZE through drizzle.
 */
async function capture(handle: DatabaseHandle, run: (db: Database) => Promise<unknown>): Promise<Captured[]> {
  const captured: Captured[] = [];
  const logger: Logger = { logQuery: (query, params) => captured.push({ query, params }) };
  const client = (handle.db as unknown as { $client: never }).$client;
  const db = (handle.kind === 'pglite'
    ? drizzlePglite(client, { logger })
    : drizzlePostgres(client, { logger })) as unknown as Database;
  await run(db);
  return captured;
}

/** `$1`… placeholders back into drizzle parameters, so EXPLAIN sends exactly the values the API sent. */
function withParams(prefix: string, { query, params }: Captured): SQL {
  const chunks: SQL[] = [sql.raw(prefix)];
  let last = 0;
  for (const match of query.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(query.slice(last, match.index)));
    chunks.push(sql`${params[Number(match[1]) - 1]}`);
    last = (match.index ?? 0) + match[0].length;
  }
  chunks.push(sql.raw(query.slice(last)));
  return sql.join(chunks);
}

async function explain(handle: DatabaseHandle, name: string, captured: Captured): Promise<PlanReport> {
  const result = await handle.db.execute(withParams('explain (analyze, buffers) ', captured));
  const plan = rowsOf(result).map((row) => String(Object.values(row)[0]));
  const text = plan.join('\n');
  return {
    name,
    sql: captured.query,
    plan,
    usesIndex: /Index (Only )?Scan|Bitmap Index Scan/.test(text),
    seqScanOnVisits: /Seq Scan on visits/.test(text),
  };
}

/** The plans behind GET /appointments?date= and GET /visits?stage=, as the API builds them (default page size). */
export async function explainListQueries(handle: DatabaseHandle, date: string, stages: string[]): Promise<PlanReport[]> {
  const reports: PlanReport[] = [];
  const board = await capture(handle, (db) =>
    appointmentBoard(db, { date, timeZone: 'UTC', limit: 100, calendar: async () => defaultCalendar('UTC') }),
  );
  for (const [i, q] of board.entries())
    reports.push(
      await explain(
        handle,
        i === 0
          ? `GET /appointments?date=${date}: the page, with its calls and campaigns`
          : `GET /appointments?date=${date}: the day's capacity and bookings`,
        q,
      ),
    );
  for (const stage of stages) {
    const list = await capture(handle, (db) => listVisits(db, { stage: stage as Stage, timeZone: 'UTC', limit: 100 }));
    for (const q of list) reports.push(await explain(handle, `GET /visits?stage=${stage}`, q));
  }
  return reports;
}
