import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { tasks } from '../db/schema.js';
import type { EntryDetail } from '../domain/entry-words.js';
import type { TaskAssignee, TaskKind } from '../domain/tasks.js';

export interface OpenTask {
  /** Deterministic (visit id + kind + …), so a retried activity finds the task it already made. */
  id: string;
  kind: TaskKind;
  visitId: string | null;
  customerId: string | null;
  assigneeRole: TaskAssignee;
  /** In English, for the history and old readers; screens word the task from its kind, visit and `params`. */
  title: string;
  /** What the task is worded from beyond its visit (a KPI and its figures, a refused record's subject…). */
  params?: EntryDetail;
  dueAt: string;
  /** The call attempt this opening stands for: a retry of the same attempt changes nothing. */
  attempt: number;
}

/**
 * What `openTask` answers. A visit writes its tasks as local activities, whose history marker keeps the result
 * and not the input: the id names the task, whose words the visit's history then reads from `tasks`.
 */
export interface TaskOpened {
  taskId: string;
  attempt: number;
}

/** Puts the task on the call list, or back on it (due again) for a later attempt. */
export async function putOnCallList(db: Pick<Database, 'insert'>, task: OpenTask): Promise<void> {
  await db
    .insert(tasks)
    .values({ ...task, dueAt: new Date(task.dueAt), attempts: task.attempt })
    .onConflictDoUpdate({
      target: tasks.id,
      set: { status: 'open', dueAt: new Date(task.dueAt), attempts: task.attempt, closedAt: null, closedBy: null },
      setWhere: sql`${tasks.attempts} < ${task.attempt}`,
    });
}

export function taskActivities(db: Database) {
  return {
    async openTask(task: OpenTask): Promise<TaskOpened> {
      await putOnCallList(db, task);
      return { taskId: task.id, attempt: task.attempt };
    },

    /** The workflow closes the tasks its own progress made moot (the call was logged, the customer arrived…). */
    async closeTask(input: { id: string; closedBy: string; at: string; outcome: Record<string, unknown> }): Promise<void> {
      await db
        .update(tasks)
        .set({ status: 'done', closedBy: input.closedBy, closedAt: new Date(input.at), outcome: input.outcome })
        .where(and(eq(tasks.id, input.id), eq(tasks.status, 'open')));
    },

    /** A visit that ends leaves nothing on the call list. */
    async closeOpenTasksOfVisit(input: { visitId: string; closedBy: string; at: string; outcome: Record<string, unknown> }) {
      await db
        .update(tasks)
        .set({ status: 'done', closedBy: input.closedBy, closedAt: new Date(input.at), outcome: input.outcome })
        .where(and(eq(tasks.visitId, input.visitId), eq(tasks.status, 'open')));
    },
  };
}
