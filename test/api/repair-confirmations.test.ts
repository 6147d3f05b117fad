import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { visitEvents } from '../../db/schema.js';
import type { VisitState } from '../../domain/visit-state.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { act, foreman, receiveAndEstimate, signature, stateOf, walkIn, workCompleted, workStarted } from '../support/visits.js';

// Repair [S1.6]: "fender covers when working in the engine bay; genuine parts and fluids; do exactly the items on the
// work order". The technician confirms the covers as the work starts and the parts and the scope once it is done,
// the way the delivery checklist is confirmed: a missing confirmation is refused naming it, and what was confirmed is
// on the visit's timeline for the service manager.

const stack = useTestStack({ technicians: true });
const technician = () => asStaff(stack.app, 'technician', 'tech-omar');
const send = (id: string, action: string, body: unknown) => postJson(technician(), `/visits/${id}/actions/${action}`, body);

async function refusedNaming(id: string, action: string, body: unknown, field: string, words: string) {
  const res = await send(id, action, body);
  expect(res.status, JSON.stringify(body)).toBe(400);
  const { error } = await readJson(res);
  expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  expect(error.message).toContain(words);
}

it('the technician confirms the fender covers to start and genuine parts and the work order to finish', async () => {
  const id = await walkIn(stack);
  const estimated = await receiveAndEstimate(stack, id);
  await act(stack, id, 'decide', {
    decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
  await expect.poll(async () => (await stateOf(stack, id)).dispatch.proposal).not.toBeNull();
  await act(stack, id, 'assign_technician', { technicianId: 'tech-omar', overrideReason: 'fixture' }, foreman);

  await refusedNaming(id, 'start_work', {}, 'checklist', 'checklist');
  await refusedNaming(id, 'start_work', { checklist: { fenderCovers: false } }, 'checklist.fenderCovers', 'fender covers');
  expect((await stateOf(stack, id)).timeline.map((e) => e.type)).not.toContain('work_started');

  const started = await send(id, 'start_work', workStarted);
  expect(started.status, await started.clone().text()).toBe(200);

  await refusedNaming(
    id,
    'complete_work',
    { checklist: { genuineParts: true } },
    'checklist.onlyWorkOrderItems',
    'exactly the items on the work order',
  );
  await refusedNaming(
    id,
    'complete_work',
    { notes: 'done', checklist: { genuineParts: false, onlyWorkOrderItems: true } },
    'checklist.genuineParts',
    'genuine parts and fluids',
  );
  expect((await stateOf(stack, id)).stage).toBe('in_repair');

  const completed = await send(id, 'complete_work', { ...workCompleted, notes: 'Oil and filter changed' });
  expect(completed.status, await completed.clone().text()).toBe(200);
  expect(((await readJson(completed)) as VisitState).stage).toBe('quality_check');

  // Both confirmations are in the visit's events, which its timeline (the manager's history of it) words.
  const events = await stack.database.db.select().from(visitEvents).where(eq(visitEvents.visitId, id));
  const entry = (type: string) => events.find((e) => e.type === type);
  expect(entry('work_started')?.data).toMatchObject(workStarted);
  expect(entry('work_completed')?.data).toMatchObject({ ...workCompleted, notes: 'Oil and filter changed' });
});
