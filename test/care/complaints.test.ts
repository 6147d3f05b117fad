// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_FIELD } from '../../api/errors.js';
import { openComplaint } from '../../api/open-complaint.js';
import { complaints } from '../../db/care-schema.js';
import { visits } from '../../db/schema.js';
import type { ComplaintState } from '../../domain/complaints.js';
import { complaintStateQuery } from '../../workflows/care-messages.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { type TestStack, useTestStack } from '../support/stack.js';
import {
  act,
  estimateLines,
  newVisitBody,
  outboxRow,
  receiveAndEstimate,
  repairAndDeliver,
  signature,
  taskRow,
  walkIn,
} from '../support/visits.js';

const HOUR = 3_600_000;
const complaintRow = async (stack: TestStack, id: string) =>
  (await stack.database.db.select().from(complaints).where(eq(complaints.id, id)))[0];

describe('complaints: SLA clocks and escalation to the service manager', () => {
  const stack = useTestStack({ technicians: true });
  let manager: RequestingApp;
  let advisor: RequestingApp;
  const deps = () => ({ database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue });
  const step = (id: string, name: string, body: unknown, as = manager) => postJson(as, `/complaints/${id}/actions/${name}`, body);

  beforeAll(async () => {
    manager = asStaff(stack.app, 'manager', 'mgr-ute');
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });

  it('nobody answers in time: the first-response clock runs out and the manager takes over', async () => {
    const opened = await openComplaint(
      deps(),
      { description: 'The car was returned dirty inside', plate: 'B-CX-1', source: 'api' },
      { policy: { firstResponseMs: 1_500, resolutionMs: 100 * HOUR, businessHours: null } },
    );
    const id = opened.complaintId;
    await expect
      .poll(() => taskRow(stack, `${id}:assign`))
      .toMatchObject({ kind: 'complaint_assignment', assigneeRole: 'manager' });

    const escalation = `${id}:escalation:first_response`;
    await expect
      .poll(() => taskRow(stack, escalation), { interval: 200 })
      .toMatchObject({ kind: 'complaint_escalation', assigneeRole: 'manager', status: 'open' });
    await expect
      .poll(() => outboxRow(stack, `${id}:sla-missed:first_response`))
      .toMatchObject({ channel: 'staff', recipient: 'manager:service-manager', template: 'complaint_sla_missed' });
    await expect.poll(async () => (await complaintRow(stack, id))?.firstResponseEscalatedAt).toBeInstanceOf(Date);

    // Late, but answered: the owner is named, both the assignment and the escalation leave the call list.
    const res = await step(id, 'assign', { assigneeId: 'adv-lena', acknowledgement: 'Called, apologised, car wash offered' });
    expect(res.status).toBe(200);
    const state: ComplaintState = await readJson(res);
    expect(state.stage).toBe('assigned');
    expect(state.escalated.first_response).toBeDefined();
    expect(Date.parse(state.firstResponseAt ?? '')).toBeGreaterThan(Date.parse(state.firstResponseDueAt));
    await expect.poll(async () => (await taskRow(stack, escalation))?.status).toBe('done');
    expect((await taskRow(stack, `${id}:assign`))?.status).toBe('done');
  });

  it('answered in time but not resolved in time: resolution escalates; the steps then run to closing', async () => {
    const opened = await openComplaint(
      deps(),
      { description: 'Charged for a part I declined', plate: 'B-CX-2', source: 'call_list' },
      { policy: { firstResponseMs: 60_000, resolutionMs: 2_500, businessHours: null } },
    );
    const id = opened.complaintId;
    // Only someone working here can own it.
    for (const nobody of ['nobody-here', '\u0000']) {
      const refused = await step(id, 'assign', { assigneeId: nobody, acknowledgement: 'Looking into the invoice' });
      expect(refused.status).toBe(400);
      expect((await readJson(refused)).error.message).toContain('assigneeId');
    }
    // A key the step does not take is named, not dropped: a misspelt field would lose what the person wrote.
    const misspelt = await step(id, 'assign', { assigneeId: 'adv-lena', acknowledgement: 'Looking', acknowledgment: 'Looking' });
    expect(misspelt.status).toBe(400);
    expect((await readJson(misspelt)).error.details.fields).toEqual([{ field: 'acknowledgment', message: UNKNOWN_FIELD }]);
    expect((await step(id, 'assign', { assigneeId: 'adv-lena', acknowledgement: 'Looking into the invoice' })).status).toBe(200);
    // Out of order: the outcome cannot be closed before it is reported.
    const early = await step(id, 'close', { customerAccepted: true });
    expect(early.status).toBe(409);
    // A technician may not handle complaints.
    expect((await step(id, 'propose_solution', { solution: 'x' }, asStaff(stack.app, 'technician'))).status).toBe(403);

    await expect
      .poll(() => taskRow(stack, `${id}:escalation:resolution`), { interval: 200 })
      .toMatchObject({ kind: 'complaint_escalation', status: 'open' });
    expect(await taskRow(stack, `${id}:escalation:first_response`)).toBeUndefined();

    expect((await step(id, 'propose_solution', { solution: 'Refund the declined part' }, advisor)).status).toBe(200);
    expect((await step(id, 'carry_out', { notes: 'Refund of 89.00 issued' }, advisor)).status).toBe(200);
    const reported = await step(
      id,
      'report_outcome',
      { explanation: 'The part was billed by mistake', remedy: 'Refund and a free wash', channel: 'phone' },
      advisor,
    );
    expect(reported.status).toBe(200);
    await expect.poll(async () => (await taskRow(stack, `${id}:escalation:resolution`))?.status).toBe('done');
    const closed = await step(id, 'close', { customerAccepted: true, notes: 'Customer thanked us' });
    expect(closed.status).toBe(200);

    const result: ComplaintState = await stack.client.workflow.getHandle(id).result();
    expect(result.stage).toBe('closed');
    expect(result.timeline.map((e) => e.type)).toEqual([
      'received',
      'assigned',
      'sla_missed',
      'solution_proposed',
      'carried_out',
      'outcome_reported',
      'closed',
    ]);
    const row = await complaintRow(stack, id);
    expect(row).toMatchObject({
      stage: 'closed',
      customerAccepted: true,
      assigneeId: 'adv-lena',
      solution: 'Refund the declined part',
    });
    expect(row?.resolutionEscalatedAt).toBeInstanceOf(Date);

    const list = await readJson(await manager.request('/complaints?status=all'));
    const listed = list.items.find((c: { complaintId: string }) => c.complaintId === id);
    expect(listed).toMatchObject({ stage: 'closed', escalated: true, source: 'call_list' });
    const detail = await readJson(await manager.request(`/complaints/${id}`));
    expect(detail.state.stage).toBe('closed');
  });

  it("a complaint by plate alone finds the car's owner however the caller spaced or dashed the plate", async () => {
    const body = newVisitBody();
    const letters = body.vehicle.vin.slice(-4);
    body.vehicle.plate = `M-LN ${letters}`;
    const visitId = await walkIn(stack, { body });
    const [visit] = await stack.database.db.select().from(visits).where(eq(visits.id, visitId));
    const created = await postJson(advisor, '/complaints', { description: 'Scratch on the door', plate: `mln${letters}` });
    expect(created.status).toBe(201);
    const { complaintId } = await readJson(created);
    await expect
      .poll(() => complaintRow(stack, complaintId))
      .toMatchObject({ plate: `M-LN ${letters}`, customerId: visit?.customerId });
  });

  it('a dissatisfied 3-day follow-up opens a complaint linked to its visit', async () => {
    const body = newVisitBody();
    const visitId = await walkIn(stack, { body });
    const estimated = await receiveAndEstimate(stack, visitId, estimateLines.slice(0, 1));
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await repairAndDeliver(stack, visitId);
    await act(stack, visitId, 'record_follow_up', { reached: true, satisfaction: 2, comments: 'Noise is still there' });

    const id = `complaint-${visitId}`;
    await expect
      .poll(() => complaintRow(stack, id))
      .toMatchObject({ source: 'follow_up', visitId, satisfaction: 2, plate: body.vehicle.plate, stage: 'received' });
    const state = await stack.client.workflow.getHandle(id).query(complaintStateQuery);
    expect(state.customer?.name).toBe(body.customer.name);
    expect(state.description).toBe('Noise is still there');
    // Production clocks: 4 open hours to answer, 30 to resolve.
    expect(Date.parse(state.resolutionDueAt)).toBeGreaterThan(Date.parse(state.firstResponseDueAt));

    const created = await postJson(advisor, '/complaints', { description: 'Also unhappy about the wait', visitId });
    expect(created.status).toBe(201);
    const unknown = await postJson(advisor, '/complaints', {
      description: 'x',
      visitId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(422);
  });
});
