import { WorkflowUpdateFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { visitEvents } from '../../db/schema.js';
import type { ActionActor } from '../../domain/actions.js';
import { REJECTION } from '../../workflows/messages.js';
import { REASSIGN_PATCH } from '../../workflows/steps/repair.js';
import { useTestStack } from '../support/stack.js';
import { act, foreman, inRepairWith, manager, stateOf, visitRow, walkIn, workCompleted, workStarted } from '../support/visits.js';

// A job in repair handed to another technician (`reassign_technician`, domain/assignment-rules.ts `reassignRefusal`):
// the foreman or the manager, to someone else on the rota with the job's skill; the work stops with the one who
// leaves and the new assignee alone takes it on.

const stack = useTestStack({ technicians: true });
const omar: ActionActor = { id: 'tech-omar', role: 'technician' };
const ivy: ActionActor = { id: 'tech-ivy', role: 'technician' };
const ivyOnRota = { name: 'Ivy', skillLevel: 3, active: true };

async function refusal(promise: Promise<unknown>): Promise<{ type?: string; message: string }> {
  const err = await promise.then(
    () => expect.unreachable('the reassignment should have been refused'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
}

async function acceptedUpdates(id: string): Promise<string[]> {
  const history = await stack.client.workflow.getHandle(id).fetchHistory();
  return (history.events ?? []).flatMap((e) =>
    e.workflowExecutionUpdateAcceptedEventAttributes
      ? [e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.name ?? '']
      : [],
  );
}

describe('reassigning a job in repair', () => {
  it('refuses the same technician, an unknown one, one off the rota, one without the skill, a technician and a visit not in repair, recording nothing', async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    const reassign = (payload: Record<string, unknown>, actor: ActionActor = foreman) =>
      refusal(act(stack, id, 'reassign_technician', payload, actor));

    expect(
      await reassign({ technicianId: 'tech-omar', technician: { name: 'Omar', skillLevel: 2, active: true } }),
    ).toMatchObject({
      type: REJECTION.invalid,
      message: 'technicianId: the job is already assigned to Omar',
    });
    // Sent past the API, which reads who it is: an id nobody has.
    expect(await reassign({ technicianId: 'tech-nobody' })).toMatchObject({
      type: REJECTION.invalid,
      message: 'technicianId: no technician has the id tech-nobody',
    });
    expect(await reassign({ technicianId: 'tech-ivy', technician: { ...ivyOnRota, active: false } })).toMatchObject({
      type: REJECTION.invalid,
      message: 'technicianId: Ivy is off the rota; choose a technician on it',
    });
    expect(await reassign({ technicianId: 'tech-ben', technician: { name: 'Ben', skillLevel: 1, active: true } })).toMatchObject({
      type: REJECTION.invalid,
      message: 'technicianId: Ben has skill 1; this job needs skill 2',
    });
    expect(await reassign({ technicianId: 'tech-ivy', technician: ivyOnRota }, omar)).toMatchObject({
      type: REJECTION.invalid,
      message: expect.stringMatching(/^actor\.role: a technician may not/),
    });

    const reception = await walkIn(stack);
    const early = await refusal(
      act(stack, reception, 'reassign_technician', { technicianId: 'tech-ivy', technician: ivyOnRota }, foreman),
    );
    expect(early).toMatchObject({
      type: REJECTION.notNow,
      message: 'reassign_technician is not accepted while the visit is reception',
    });

    expect(await acceptedUpdates(id)).not.toContain('reassign_technician');
    expect((await stateOf(stack, id)).dispatch.technicianId).toBe('tech-omar');
  });

  it('hands a started job to Ivy: the work stops, the timeline says who to whom by whom, and only Ivy works on it', async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    await act(stack, id, 'start_work', workStarted, omar);

    const after = await act(
      stack,
      id,
      'reassign_technician',
      { technicianId: 'tech-ivy', reason: 'Omar went home sick', technician: ivyOnRota },
      manager,
    );
    expect(after.stage).toBe('in_repair');
    expect(after.dispatch.technicianId).toBe('tech-ivy');
    expect(after.work.inProgress).toBe(false);

    const [event] = await stack.database.db
      .select()
      .from(visitEvents)
      .where(and(eq(visitEvents.visitId, id), eq(visitEvents.type, 'technician_reassigned')));
    expect(event?.actorId).toBe(manager.id);
    expect(event?.data).toMatchObject({
      fromTechnicianId: 'tech-omar',
      technicianId: 'tech-ivy',
      by: manager.id,
      reason: 'Omar went home sick',
      workStopped: true,
    });
    expect((await visitRow(stack, id))?.technicianId).toBe('tech-ivy');

    // Omar's job no more: he is told it is Ivy's; Ivy resumes and finishes it.
    expect(await refusal(act(stack, id, 'start_work', workStarted, omar))).toMatchObject({
      type: REJECTION.notNow,
      message: expect.stringContaining('assigned to tech-ivy'),
    });
    await act(stack, id, 'start_work', workStarted, ivy);
    expect((await act(stack, id, 'complete_work', workCompleted, ivy)).stage).toBe('quality_check');

    const history = await stack.client.workflow.getHandle(id).fetchHistory();
    const markers = (history.events ?? []).flatMap((e) => {
      const details = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
      return details ? [Buffer.from(details).toString()] : [];
    });
    expect(markers.some((m) => m.includes(REASSIGN_PATCH))).toBe(true);
  });
});
