import { WorkflowUpdateFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visitEvents } from '../../db/schema.js';
import type { ActionActor } from '../../domain/actions.js';
import type { VisitState } from '../../domain/visit-state.js';
import { REJECTION } from '../../workflows/messages.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { act, foreman, inRepairWith, manager, qc, stateOf, workCompleted, workStarted } from '../support/visits.js';

// A technician clocks on only to the job dispatch gave them (domain/assignment-rules.ts): Ivy starting the car
// given to Omar was credited to Omar on the board and in the efficiency KPI. The foreman or the manager may record
// a step for Omar, and the history says they did it for him.

const stack = useTestStack({ technicians: true });
const omar: ActionActor = { id: 'tech-omar', role: 'technician' };
const ivy: ActionActor = { id: 'tech-ivy', role: 'technician' };
const ben: ActionActor = { id: 'tech-ben', role: 'technician' };

const post = (as: ActionActor, id: string, name: string, body: unknown) =>
  postJson(asStaff(stack.app, as.role as 'technician', as.id), `/visits/${id}/actions/${name}`, body);

const eventsOf = (id: string, type: string) =>
  stack.database.db
    .select()
    .from(visitEvents)
    .where(and(eq(visitEvents.visitId, id), eq(visitEvents.type, type)));

/** The updates a visit's history accepted, by name: a refused one leaves none. */
async function acceptedUpdates(id: string): Promise<string[]> {
  const history = await stack.client.workflow.getHandle(id).fetchHistory();
  return (history.events ?? []).flatMap((e) =>
    e.workflowExecutionUpdateAcceptedEventAttributes
      ? [e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.name ?? '']
      : [],
  );
}

describe('a repair is worked on by the technician it is assigned to', () => {
  it("refuses another technician's start, extra work and completion with 409 naming the assignee, and records nothing", async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    for (const [name, body] of [
      ['start_work', workStarted],
      ['complete_work', workCompleted],
      [
        'report_additional_work',
        {
          lines: [{ kind: 'labour', description: 'Oil change', quantity: 1, unitPriceCents: 5_000 }],
          promisedAt: new Date(Date.now() + 9 * 3_600_000).toISOString(),
          reason: 'Oil found dark',
        },
      ],
    ] as const) {
      const res = await post(ivy, id, name, body);
      expect(res.status, name).toBe(409);
      const { error } = await readJson(res);
      expect(error.code).toBe('conflict');
      expect(error.message).toBe('this job is assigned to Omar; ask the foreman to reassign it');
      expect(error.details).toMatchObject({ reason: 'assigned_elsewhere', assignee: { id: 'tech-omar', name: 'Omar' } });
    }
    // Sent to the workflow directly (past the API, or after a reassignment the API had not read yet), the
    // validator refuses it by the same rule, naming the id it knows; the history takes no update from it.
    const direct = await act(stack, id, 'start_work', workStarted, ivy).catch((err: unknown) => err);
    expect(direct).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (direct as WorkflowUpdateFailedError).cause as { type?: string; message?: string };
    expect(cause.type).toBe(REJECTION.notNow);
    expect(cause.message).toContain('this job is assigned to tech-omar; ask the foreman to reassign it');
    expect(await acceptedUpdates(id)).not.toContain('start_work');
    expect((await stateOf(stack, id)).work.startedAt).toBeUndefined();
    expect(await eventsOf(id, 'work_started')).toEqual([]);

    // Omar himself starts and completes it, with nothing said of anyone else.
    expect((await post(omar, id, 'start_work', workStarted)).status).toBe(200);
    const completed = await post(omar, id, 'complete_work', workCompleted);
    expect(completed.status).toBe(200);
    expect(((await readJson(completed)) as VisitState).stage).toBe('quality_check');
    const [started] = await eventsOf(id, 'work_started');
    expect(started).toMatchObject({ actorId: 'tech-omar', actorRole: 'technician' });
    expect(started?.data.forTechnician).toBeUndefined();
  });

  it('lets the foreman start and the manager complete the job for the assignee, and the history says for whom', async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    // Whom the work is done for is the API's to say, from the visit: a client naming someone is refused by name.
    const named = await post(foreman, id, 'start_work', { ...workStarted, forTechnician: 'tech-ivy' });
    expect(named.status).toBe(400);
    expect((await readJson(named)).error.details.fields).toEqual([expect.objectContaining({ field: 'forTechnician' })]);
    const started = await post(foreman, id, 'start_work', workStarted);
    expect(started.status, await started.clone().text()).toBe(200);
    const completed = await post(manager, id, 'complete_work', workCompleted);
    expect(completed.status, await completed.clone().text()).toBe(200);
    const [start] = await eventsOf(id, 'work_started');
    const [done] = await eventsOf(id, 'work_completed');
    expect(start).toMatchObject({ actorId: foreman.id, actorRole: 'foreman', data: { forTechnician: 'tech-omar' } });
    expect(done).toMatchObject({ actorId: manager.id, actorRole: 'manager', data: { forTechnician: 'tech-omar' } });
    // The same in the workflow history: the accepted update carries who sent it and for whom.
    expect(await acceptedUpdates(id)).toEqual(expect.arrayContaining(['start_work', 'complete_work']));
    // The job stays Omar's: the board and the KPI read the assignment.
    expect((await stateOf(stack, id)).dispatch.technicianId).toBe('tech-omar');
  });

  it('refuses a step the foreman sends for someone other than the assignee, straight to the workflow', async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    const refused = await act(stack, id, 'start_work', { ...workStarted, forTechnician: 'tech-ivy' }, foreman).catch(
      (err: unknown) => err,
    );
    expect(((refused as WorkflowUpdateFailedError).cause as { message?: string }).message).toContain(
      'this job is assigned to tech-omar',
    );
    expect(await acceptedUpdates(id)).not.toContain('start_work');
  });

  it('only the assignee, or the foreman or manager for them, ever advances a repair (generated sequences)', async () => {
    const actors = [omar, ivy, ben, foreman, manager, qc, { id: 'adv-lena', role: 'advisor' } as ActionActor];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('tech-omar', 'tech-ivy'),
        fc.array(fc.tuple(fc.constantFrom(...actors), fc.boolean()), { minLength: 4, maxLength: 10 }),
        async (assignee, steps) => {
          const id = await inRepairWith(stack, assignee);
          for (const [actor, rework] of steps) {
            const before = await stateOf(stack, id);
            // A car in quality control comes back for rework now and then, so the sequence goes on in repair.
            if (before.stage === 'quality_check') {
              if (!rework) break;
              await act(stack, id, 'record_qc', { passed: false, failedItems: ['wash'] }, qc);
              continue;
            }
            const name = before.work.inProgress ? 'complete_work' : 'start_work';
            const res = await post(actor, id, name, name === 'start_work' ? workStarted : workCompleted);
            // Roles that may not take the step at all (QC, the advisor) are refused by the role check first.
            const mayAct = actor.id === assignee || actor.role === 'foreman' || actor.role === 'manager';
            if (actor.role === 'technician' && actor.id !== assignee) {
              expect(res.status).toBe(409);
              expect((await readJson(res)).error.details.assignee.id).toBe(assignee);
            } else expect(res.status).toBe(mayAct ? 200 : 403);
          }
          // Every step that moved the repair on was the assignee's own, or recorded for them.
          const moves = [...(await eventsOf(id, 'work_started')), ...(await eventsOf(id, 'work_completed'))];
          for (const move of moves) {
            if (move.actorRole === 'technician') expect(move.actorId).toBe(assignee);
            else {
              expect(['foreman', 'manager']).toContain(move.actorRole);
              expect(move.data.forTechnician).toBe(assignee);
            }
          }
          expect((await stateOf(stack, id)).dispatch.technicianId).toBe(assignee);
        },
      ),
      { numRuns: Number(process.env.ASSIGNED_WORK_RUNS ?? 5) },
    );
  });
});
