import { createRoute, z } from '@hono/zod-openapi';
import { FRONT_DESK_ROLES, readsAll, StaffRole } from '../../domain/roles.js';
import { TaskKind } from '../../domain/tasks.js';
import { multilineText, text } from '../../domain/text.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { Cursor, dayZone, Limit, LocalDate, TimeZone } from '../queries/params.js';
import { closeTaskWithOutcome, listTasks, Task, TaskList, TaskOutcomeKind } from '../queries/tasks.js';
import { dependency } from '../unavailable.js';

const TaskListQuery = z.object({
  kind: z.enum(TaskKind).optional().openapi({ description: 'Only tasks of this kind' }),
  due: z
    .union([z.literal('overdue'), LocalDate], { error: 'expected a day (YYYY-MM-DD) or "overdue"' })
    .optional()
    .openapi({ description: 'Due on this day (in `tz`), or `overdue`: open and past due' }),
  tz: TimeZone,
  status: z.enum(['open', 'done', 'all']).default('open').openapi({ description: 'Default: open' }),
  assigneeRole: z
    .enum([...StaffRole.options, 'supervisor'])
    .optional()
    .openapi({ description: 'Only tasks for this role' }),
  limit: Limit,
  cursor: Cursor,
});

const TaskId = z.object({
  id: text(200).meta({ param: { name: 'id', in: 'path' } }),
});

const TaskOutcomeBody = z
  .object({
    outcome: TaskOutcomeKind,
    notes: multilineText(2000).optional(),
    satisfaction: z.number().int().min(1).max(5).optional().openapi({ description: '1–5, when the customer was reached' }),
  })
  .refine((b) => b.satisfaction === undefined || b.outcome !== 'no_answer', {
    path: ['satisfaction'],
    message: 'a call nobody answered has no satisfaction score',
  })
  .openapi('TaskOutcome');

export const taskRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/tasks',
      middleware: [requireReader('tasks')],
      tags: ['call list'],
      summary:
        'The call list: every kind of task (confirmations, no-shows, follow-ups, undelivered messages, complaints, alerts…), earliest due first; for the front desk (advisor, manager) all of it, for anyone else the tasks for their own role',
      request: { query: TaskListQuery },
      responses: {
        200: jsonResponse(TaskList, 'A page of tasks, earliest due first'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        403: jsonResponse(ErrorBody, 'Anyone but an advisor or a manager reads only the tasks for their own role'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { role } = actingStaff(c);
      // The call list holds customers' numbers: anyone but the front desk reads only the tasks for their own role.
      const whole = readsAll(role, 'tasks');
      if (!whole && q.assigneeRole !== undefined && q.assigneeRole !== role)
        throw new AppError(
          'forbidden',
          `A ${role} may read only the tasks for their own role on the call list, not those for another`,
        );
      const tz = dayZone(q.tz, c.var.settings);
      const list = await dependency('database', () =>
        listTasks(c.var.deps.database.db, {
          kind: q.kind,
          status: q.status === 'all' ? undefined : q.status,
          assigneeRole: whole ? q.assigneeRole : role,
          due: q.due === undefined || q.due === 'overdue' ? q.due : { day: q.due, timeZone: tz },
          limit: q.limit,
          cursor: q.cursor,
        }),
      );
      return c.json(list, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/outcome',
      tags: ['call list'],
      summary: 'Log the call: the task is closed with its outcome, who logged it and when (advisor or manager)',
      middleware: [requireRole(...FRONT_DESK_ROLES)] as const,
      description:
        'Only logs the call. A result that changes the visit (a confirmation, a follow-up call’s satisfaction) is an action on the visit: `POST /visits/{id}/actions/…`, which also closes its own tasks.',
      request: { params: TaskId, body: jsonBody(TaskOutcomeBody, 'What came of the call') },
      responses: {
        200: jsonResponse(Task, 'The task, closed'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        403: jsonResponse(ErrorBody, 'Only an advisor or a manager logs calls'),
        404: jsonResponse(ErrorBody, 'No task has this id'),
        409: jsonResponse(ErrorBody, 'The task is already closed'),
        503: jsonResponse(ErrorBody, 'The database is unreachable; nothing was written'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const result = await dependency('database', () => closeTaskWithOutcome(c.var.deps.database.db, id, body, actingStaff(c)));
      if (result.kind === 'not_found') throw new AppError('not_found', `No task with id ${id}`);
      if (result.kind === 'already_closed') {
        throw new AppError('conflict', `Task ${id} is already closed`, {
          closedBy: result.task.closedBy,
          closedAt: result.task.closedAt,
        });
      }
      return c.json(result.task, 200);
    },
  );
