import { createHash } from 'node:crypto';
import { and, eq, gte, inArray, lt, max, or, sql } from 'drizzle-orm';
import { workshopBoard } from '../../api/queries/workshop.js';
import { customerSurveys } from '../../db/care-schema.js';
import type { Database } from '../../db/client.js';
import { customers, tasks, vehicles, visitEvents, visits } from '../../db/schema.js';
import { DayInput } from '../../domain/time.js';
import { z } from '../../domain/zod.js';
import type { ApiCaller, ApiResult } from '../api-client.js';

// What a live page shows, named so its stream can tell when it changed (web/live/hub.ts). A topic's version is
// read from the read model with a query on an index (the visit by its key, the call list by the open-tasks index;
// the workshop's is the board's own `boardVersion`), never from Temporal: a version that differs from the one the
// page was drawn with makes the page fetch itself again (web/static/app.js).

export type LiveTopic = 'calls' | 'workshop' | `visit:${string}` | `board:${string}`;

/** The `topic` a page's stream names: hostile input like any other, so only these shapes and a real visit id. */
export const LiveTopicParam = z.union([
  z.enum(['calls', 'workshop']),
  z
    .string()
    .regex(/^visit:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
    .transform((topic) => topic as `visit:${string}`),
  z
    .string()
    .regex(/^board:\d{4}-\d{2}-\d{2}$/)
    .transform((topic) => topic as `board:${string}`),
]);

/** A page that refreshes itself: what it shows and the version it was drawn from. */
export interface LiveMark {
  topic: LiveTopic;
  version: string;
}

const digest = (parts: unknown) => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
const ms = (d: Date | null | undefined) => d?.getTime() ?? null;

/**
 * The visits' versions: anything their page shows from the visit (row and events, hence lines, forms and
 * consents, which are written in the same transaction as an event) and the customer's and vehicle's files.
 */
async function visitVersions(db: Database, ids: string[]): Promise<Map<LiveTopic, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: visits.id,
      updatedAt: visits.updatedAt,
      needsAttention: visits.needsAttention,
      seq: sql<number | null>`(select max(${visitEvents.seq}) from ${visitEvents} where ${visitEvents.visitId} = ${visits.id})`,
      customer: customers.updatedAt,
      vehicle: vehicles.updatedAt,
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .innerJoin(vehicles, eq(vehicles.vin, visits.vin))
    .where(inArray(visits.id, ids));
  return new Map(
    rows.map((r) => [
      `visit:${r.id}` as const,
      digest([r.seq, ms(r.updatedAt), r.needsAttention, ms(r.customer), ms(r.vehicle)]),
    ]),
  );
}

/** The call list's version: its open tasks (a call put back is due again: `attempts` and `due_at` move), the
 * estimates waiting for the customer it lists too, and the newest survey answer (a low one is a call back to make). */
async function callsVersion(db: Database): Promise<string> {
  const [open, waiting, [surveys]] = await Promise.all([
    db
      .select({ id: tasks.id, attempts: tasks.attempts, dueAt: tasks.dueAt })
      .from(tasks)
      .where(eq(tasks.status, 'open'))
      .orderBy(tasks.id),
    db
      .select({ id: visits.id, since: visits.awaitingCustomerSince, decided: visits.customerDecidedAt })
      .from(visits)
      .where(eq(visits.stage, 'awaiting_approval'))
      .orderBy(visits.id),
    db.select({ newest: max(customerSurveys.submittedAt) }).from(customerSurveys),
  ]);
  return digest([
    open.map((t) => [t.id, t.attempts, ms(t.dueAt)]),
    waiting.map((v) => [v.id, ms(v.since), ms(v.decided)]),
    ms(surveys?.newest),
  ]);
}

const DAY_MS = 86_400_000;

/**
 * The appointment board's version for a day: the visits booked for it or opened on it. The day is the staff
 * member's, so the range is one day wider on each side in UTC: a change next to it refreshes the board once more.
 */
async function boardVersion(db: Database, day: string): Promise<string | undefined> {
  // A day outside the years the shop takes (an address typed by hand) has no board: the database has no year 10000.
  if (!DayInput.safeParse(day).success) return undefined;
  const start = Date.parse(`${day}T00:00:00Z`);
  const from = new Date(start - DAY_MS);
  const to = new Date(start + 2 * DAY_MS);
  const rows = await db
    .select({ id: visits.id, updatedAt: visits.updatedAt })
    .from(visits)
    .where(
      or(
        and(gte(visits.appointmentAt, from), lt(visits.appointmentAt, to)),
        and(gte(visits.createdAt, from), lt(visits.createdAt, to)),
      ),
    )
    .orderBy(visits.id);
  return digest(rows.map((r) => [r.id, ms(r.updatedAt)]));
}

/** The current version of each topic; a visit that does not exist has none. */
/** `timeZone`: the shop's, which the workshop plan's calendar is in. */
export async function versionsOf(db: Database, topics: Iterable<LiveTopic>, timeZone: string): Promise<Map<LiveTopic, string>> {
  const wanted = new Set(topics);
  const visitIds = [...wanted].flatMap((t) => (t.startsWith('visit:') ? [t.slice('visit:'.length)] : []));
  const [visitsNow, calls, workshop] = await Promise.all([
    visitVersions(db, visitIds),
    wanted.has('calls') ? callsVersion(db) : undefined,
    wanted.has('workshop') ? workshopBoard(db, 1, timeZone).then((b) => b.boardVersion) : undefined,
  ]);
  if (calls !== undefined) visitsNow.set('calls', calls);
  if (workshop !== undefined) visitsNow.set('workshop', workshop);
  const boards = [...wanted].filter((t): t is `board:${string}` => t.startsWith('board:'));
  for (const [topic, version] of await Promise.all(
    boards.map(async (topic) => [topic, await boardVersion(db, topic.slice('board:'.length))] as const),
  ))
    if (version !== undefined) visitsNow.set(topic, version);
  return visitsNow;
}

/** The mark a page is drawn with; read before the page's data, so a change in between refreshes it once more. */
export async function liveMark(db: Database, topic: LiveTopic, timeZone: string): Promise<LiveMark> {
  return { topic, version: (await versionsOf(db, [topic], timeZone)).get(topic) ?? '' };
}

/**
 * A stream answers only someone who may open its page: the request the page itself makes first, with the staff
 * member's token, so the API judges the token and the role exactly as for the page.
 */
export function mayWatch(api: ApiCaller, topic: LiveTopic | undefined): Promise<ApiResult<unknown>> {
  if (topic === undefined) return api.get('/me/language');
  if (topic === 'calls') return api.get('/tasks', { query: { limit: 1 } });
  if (topic === 'workshop') return api.get('/workshop', { query: { limit: 1 } });
  if (topic.startsWith('board:')) return api.get('/appointments', { query: { date: topic.slice('board:'.length), limit: 1 } });
  return api.get('/visits/:id', { param: { id: topic.slice('visit:'.length) } });
}
