import type { Database } from '../db/client.js';
import type { EntryDetail } from '../domain/entry-words.js';
import type { CareTaskKind, TaskAssignee } from '../domain/tasks.js';
import { putOnCallList } from './tasks.js';

export interface CareTask {
  /** Deterministic, so a retried activity finds the task it already made. */
  id: string;
  kind: CareTaskKind;
  visitId?: string | null;
  customerId?: string | null;
  assigneeRole: TaskAssignee;
  title: string;
  params?: EntryDetail;
  dueAt: string;
  attempt?: number;
}

/** Same table and rules as the visit's tasks: a retry of the same attempt changes nothing. */
export const openCareTask = (db: Pick<Database, 'insert'>, task: CareTask): Promise<void> =>
  putOnCallList(db, { ...task, visitId: task.visitId ?? null, customerId: task.customerId ?? null, attempt: task.attempt ?? 1 });

export function careTaskActivities(db: Database) {
  return {
    /** Puts complaint, rescue, delivery, alert and incident work on the call list. */
    openCareTask: (task: CareTask) => openCareTask(db, task),
  };
}
