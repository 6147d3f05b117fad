import { z } from '@hono/zod-openapi';
import { and, asc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { createSelectSchema } from 'drizzle-zod';
import type { Database } from '../../db/client.js';
import { customers, tasks, visits } from '../../db/schema.js';
import { bookingCannotBeKept } from '../../db/visit-view.js';
import { localDayRange } from '../../domain/local-time.js';
import { afterTimestampKey, decodeTimestampCursor, encodeTimestampCursor, timestampKey } from './keyset.js';
import { page, pageOf, serializeDates } from './params.js';

const stamp = z.iso.datetime();

export const TaskOutcomeKind = z.enum(['reached', 'no_answer', 'rebooked', 'done']);

export const Task = createSelectSchema(tasks, {
  dueAt: stamp,
  closedAt: stamp.nullable(),
  createdAt: stamp,
  outcome: z.record(z.string(), z.unknown()).nullable(),
  params: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .nullable()
    .openapi({ description: 'The values the screens word the task from, besides its kind and visit' }),
})
  .extend({
    overdue: z.boolean().openapi({ description: 'Open and past its due time' }),
    customer: z
      .object({ name: z.string(), phone: z.string(), preferredChannel: z.string() })
      .nullable()
      .openapi({ description: 'Whom to call' }),
    plate: z.string().nullable(),
    visit: z
      .object({
        appointmentAt: stamp.nullable(),
        promisedAt: stamp.nullable(),
        cannotKeep: z.boolean().openapi({ description: 'Reached, the customer cannot keep the booked time: re-book them' }),
      })
      .nullable()
      .openapi({ description: "The task's visit: its appointment and promised time" }),
  })
  .openapi('Task');
export type Task = z.infer<typeof Task>;

export const TaskList = page(Task).openapi('TaskList');
export type TaskList = z.infer<typeof TaskList>;

export interface TaskListQuery {
  kind?: string;
  status?: 'open' | 'done';
  assigneeRole?: string;
  /** A local day, or every open task already past due. */
  due?: { day: string; timeZone: string } | 'overdue';
  limit: number;
  cursor?: string;
}

const taskColumns = {
  task: tasks,
  customerName: customers.name,
  customerPhone: customers.phone,
  preferredChannel: customers.preferredChannel,
  plate: visits.plate,
  appointmentAt: visits.appointmentAt,
  promisedAt: visits.promisedAt,
  cannotKeep: bookingCannotBeKept,
  visitId: visits.id,
};

type TaskRow = {
  task: typeof tasks.$inferSelect;
  customerName: string | null;
  customerPhone: string | null;
  preferredChannel: string | null;
  plate: string | null;
  appointmentAt: Date | null;
  promisedAt: Date | null;
  cannotKeep: boolean | null;
  visitId: string | null;
};

export function taskView(row: TaskRow, now = Date.now()): Task {
  const t = row.task;
  return {
    ...serializeDates(t),
    overdue: t.status === 'open' && t.dueAt.getTime() < now,
    customer:
      row.customerName !== null && row.customerPhone !== null
        ? { name: row.customerName, phone: row.customerPhone, preferredChannel: row.preferredChannel ?? 'phone' }
        : null,
    plate: row.plate,
    visit: row.visitId
      ? {
          appointmentAt: row.appointmentAt?.toISOString() ?? null,
          promisedAt: row.promisedAt?.toISOString() ?? null,
          cannotKeep: row.cannotKeep === true,
        }
      : null,
  };
}

/** The call list: earliest due first. */
export async function listTasks(db: Database, q: TaskListQuery): Promise<TaskList> {
  const now = new Date();
  const after = decodeTimestampCursor('tasks', q.cursor);
  const where: (SQL | undefined)[] = [];
  if (q.status) where.push(eq(tasks.status, q.status));
  if (q.kind) where.push(eq(tasks.kind, q.kind));
  if (q.assigneeRole) where.push(eq(tasks.assigneeRole, q.assigneeRole));
  if (q.due === 'overdue') where.push(eq(tasks.status, 'open'), lt(tasks.dueAt, now));
  else if (q.due) {
    const { start, end } = localDayRange(q.due.day, q.due.timeZone);
    where.push(gte(tasks.dueAt, start), lt(tasks.dueAt, end));
  }
  if (after) where.push(afterTimestampKey(tasks.dueAt, tasks.id, after.micros, after.id, 'asc'));

  const rows = await db
    .select({ ...taskColumns, key: timestampKey(tasks.dueAt) })
    .from(tasks)
    .leftJoin(customers, eq(customers.id, tasks.customerId))
    .leftJoin(visits, eq(visits.id, tasks.visitId))
    .where(and(...where))
    .orderBy(asc(tasks.dueAt), asc(tasks.id))
    .limit(q.limit + 1);
  return pageOf(
    rows,
    q.limit,
    (r) => taskView(r, now.getTime()),
    (r) => encodeTimestampCursor('tasks', r.key, r.task.id),
  );
}

export interface TaskOutcome {
  outcome: z.infer<typeof TaskOutcomeKind>;
  notes?: string;
  satisfaction?: number;
}

export type CloseResult = { kind: 'closed'; task: Task } | { kind: 'not_found' } | { kind: 'already_closed'; task: Task };

/**
 * Logs a call on the task and closes it, in one conditional update so two people logging the same call
 * cannot both win: the loser learns the task was already closed.
 */
export async function closeTaskWithOutcome(
  db: Database,
  id: string,
  outcome: TaskOutcome,
  by: { id: string; role: string },
): Promise<CloseResult> {
  const at = new Date();
  const updated = await db
    .update(tasks)
    .set({
      status: 'done',
      closedBy: by.id,
      closedAt: at,
      outcome: {
        outcome: outcome.outcome,
        ...(outcome.notes === undefined ? {} : { notes: outcome.notes }),
        ...(outcome.satisfaction === undefined ? {} : { satisfaction: outcome.satisfaction }),
        loggedBy: by.id,
        loggedByRole: by.role,
        loggedAt: at.toISOString(),
      },
    })
    .where(and(eq(tasks.id, id), eq(tasks.status, 'open')))
    .returning({ id: tasks.id });
  const [row] = await db
    .select(taskColumns)
    .from(tasks)
    .leftJoin(customers, eq(customers.id, tasks.customerId))
    .leftJoin(visits, eq(visits.id, tasks.visitId))
    .where(eq(tasks.id, id))
    .limit(1);
  if (!row) return { kind: 'not_found' };
  return updated.length > 0 ? { kind: 'closed', task: taskView(row) } : { kind: 'already_closed', task: taskView(row) };
}
