import { and, asc, count, eq, gt, inArray, lte, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { tasks, visitEvents, visits } from '../../db/schema.js';
import { NOTICE_EVENTS, type NoticeEvent } from '../../domain/notices.js';
import type { LiveTopic } from './topics.js';
import { versionsOf } from './topics.js';

// One reader of the read model per server process, however many screens are open: every TICK_MS, while at least
// one stream is connected, it reads the version of each topic some stream watches, the visit events that may be
// someone's notice, the call-list tasks that just fell due and how many are due per assignee — a handful of
// queries in all — and hands the same reading to every stream, which picks what its staff member is shown.
//
// Why polling rather than PostgreSQL LISTEN/NOTIFY: the writers of visit_events and tasks are the activities, and a
// notification sent from each of them would be a second, hand-kept account of what changed next to the tables
// themselves; reading the tables is the one account. Per reading: the watched visits by key, the open tasks on their
// index, the workshop plan when a board is open, and one range read of `visits` for those changed in the last two
// minutes (on visits_updated_idx, so a shop with years of visits reads only the recent ones).

/** A change shows on an open page within this and one page fetch (the issue asks for 2 s). */
export const TICK_MS = 1_000;
/**
 * How far back a reading looks for notices. Events are stamped with the workflow's time and written by an
 * activity moments later; one written later than this after it happened (the database was down) is on the
 * page and the call list when it is opened, but is not announced.
 */
export const NOTICE_WINDOW_MS = 120_000;

export interface NoticeEventRow {
  id: string;
  type: NoticeEvent;
  actorId: string;
  at: Date;
  visitId: string;
  roNumber: number;
  plate: string;
  advisorId: string;
  technicianId: string | null;
}

export interface DueTaskRow {
  id: string;
  kind: string;
  assigneeRole: string;
  attempts: number;
  dueAt: Date;
  createdAt: Date;
  plate: string | null;
}

export interface Reading {
  versions: Map<LiveTopic, string>;
  events: NoticeEventRow[];
  dueTasks: DueTaskRow[];
  /** Open tasks due by now, per assignee (`tasks.assignee_role`). */
  dueByAssignee: Map<string, number>;
}

async function read(db: Database, topics: Iterable<LiveTopic>, timeZone: string): Promise<Reading> {
  const now = new Date();
  const from = new Date(now.getTime() - NOTICE_WINDOW_MS);
  const [versions, events, dueTasks, due] = await Promise.all([
    versionsOf(db, topics, timeZone),
    // A visit's `updated_at` is its latest event's time, so the visits changed in the window bound the events.
    db
      .select({
        id: visitEvents.id,
        type: visitEvents.type,
        actorId: visitEvents.actorId,
        at: visitEvents.at,
        visitId: visits.id,
        roNumber: visits.roNumber,
        plate: visits.plate,
        advisorId: visits.advisorId,
        technicianId: visits.technicianId,
      })
      .from(visits)
      .innerJoin(visitEvents, eq(visitEvents.visitId, visits.id))
      .where(and(gt(visits.updatedAt, from), gt(visitEvents.at, from), inArray(visitEvents.type, NOTICE_EVENTS)))
      .orderBy(asc(visitEvents.at)),
    db
      .select({
        id: tasks.id,
        kind: tasks.kind,
        assigneeRole: tasks.assigneeRole,
        attempts: tasks.attempts,
        dueAt: tasks.dueAt,
        createdAt: tasks.createdAt,
        plate: visits.plate,
      })
      .from(tasks)
      .leftJoin(visits, eq(visits.id, tasks.visitId))
      .where(and(eq(tasks.status, 'open'), lte(tasks.dueAt, now), or(gt(tasks.dueAt, from), gt(tasks.createdAt, from))))
      .orderBy(asc(tasks.dueAt)),
    db
      .select({ assignee: tasks.assigneeRole, n: count() })
      .from(tasks)
      .where(and(eq(tasks.status, 'open'), lte(tasks.dueAt, now)))
      .groupBy(tasks.assigneeRole),
  ]);
  return {
    versions,
    events: events as NoticeEventRow[],
    dueTasks,
    dueByAssignee: new Map(due.map((d) => [d.assignee, d.n])),
  };
}

export interface Watch {
  /** The next reading; undefined when it failed (the database is away): the stream waits for the one after. */
  next(): Promise<Reading | undefined>;
  close(): void;
}

export interface LiveHub {
  watch(topic: LiveTopic | undefined): Watch;
  /** Streams connected to this process. */
  readonly watching: number;
}

function liveHub(db: Database, timeZone: string, onError: (err: unknown) => void): LiveHub {
  /** How many streams watch each topic. */
  const topics = new Map<LiveTopic, number>();
  let watching = 0;
  let waiting: ((r: Reading | undefined) => void)[] = [];
  /** A reading is due or under way: one at a time, however many streams ask. */
  let scheduled = false;

  const tick = async () => {
    let reading: Reading | undefined;
    try {
      reading = await read(db, topics.keys(), timeZone);
    } catch (err) {
      onError(err);
    }
    const woken = waiting;
    waiting = [];
    for (const resolve of woken) resolve(reading);
    scheduled = false;
    if (watching > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // The process may stop while screens are open: the reading never holds it up.
    setTimeout(tick, TICK_MS).unref();
  };

  return {
    get watching() {
      return watching;
    },
    watch(topic) {
      watching++;
      if (topic) topics.set(topic, (topics.get(topic) ?? 0) + 1);
      schedule();
      let closed = false;
      return {
        next: () => new Promise((resolve) => waiting.push(resolve)),
        close() {
          if (closed) return;
          closed = true;
          watching--;
          if (topic) {
            const left = (topics.get(topic) ?? 1) - 1;
            if (left > 0) topics.set(topic, left);
            else topics.delete(topic);
          }
        },
      };
    },
  };
}

const hubs = new WeakMap<Database, LiveHub>();

/**
 * The process's hub for this database (tests run several stacks in one process, each with its own); `timeZone` is
 * the shop's, which the workshop plan's calendar is in.
 */
export function hubOf(db: Database, timeZone: string, onError: (err: unknown) => void): LiveHub {
  let hub = hubs.get(db);
  if (!hub) {
    hub = liveHub(db, timeZone, onError);
    hubs.set(db, hub);
  }
  return hub;
}
