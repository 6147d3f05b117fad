import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Workshop } from '../../api/queries/workshop.js';
import { technicians, visitEvents } from '../../db/schema.js';
import type { ActionActor } from '../../domain/actions.js';
import type { VisitState } from '../../domain/visit-state.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { foreman, inRepairWith, manager, stateOf, walkIn } from '../support/visits.js';

// POST /visits/{id}/actions/reassign_technician: the shape at the edge (zod), the technician read from
// PostgreSQL, the refusals of domain/assignment-rules.ts `reassignRefusal` in words naming the field.

const stack = useTestStack({ technicians: true });
const post = (as: ActionActor, id: string, body: unknown) =>
  postJson(asStaff(stack.app, as.role as 'foreman', as.id), `/visits/${id}/actions/reassign_technician`, body);

/** The answer's status and the words of its error, with the fields it names. */
async function answer(res: Response) {
  const json = await readJson(res);
  const fields = (json.error?.details?.fields ?? []) as { field: string; message: string }[];
  return { status: res.status, message: String(json.error?.message ?? ''), fields: fields.map((f) => f.field), json };
}

describe('reassigning a job through the API', () => {
  it('answers hostile bodies with a 4xx naming the field in words, and changes nothing', async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    await stack.database.db.insert(technicians).values({ id: 'tech-kai', name: 'Kai', skillLevel: 3, active: false });
    const cases: [unknown, number, string, RegExp][] = [
      [{}, 400, 'technicianId', /technicianId/],
      [null, 400, '', /./],
      [[], 400, '', /./],
      [{ technicianId: 42 }, 400, 'technicianId', /technicianId/],
      [{ technicianId: '' }, 400, 'technicianId', /technicianId/],
      [{ technicianId: 'x'.repeat(65) }, 400, 'technicianId', /technicianId/],
      [{ technicianId: 'tech-ivy', reason: 'r'.repeat(501) }, 400, 'reason', /reason/],
      [{ technicianId: 'tech-ivy\u0000' }, 400, 'technicianId', /technicianId/],
      [{ technicianId: 'tech-nobody' }, 422, 'technicianId', /^technicianId: no technician has the id tech-nobody$/],
      [{ technicianId: 'tech-omar' }, 422, 'technicianId', /^technicianId: the job is already assigned to Omar$/],
      [{ technicianId: 'tech-kai' }, 422, 'technicianId', /^technicianId: Kai is off the rota/],
      // Who the technician is comes from the directory, never from the body: a body saying so is refused by name,
      // and Ben stays skill 1.
      [{ technicianId: 'tech-ben', technician: { name: 'Ben', skillLevel: 3, active: true } }, 400, 'technician', /technician/],
      [{ technicianId: 'tech-ben' }, 422, 'technicianId', /^technicianId: Ben has skill 1; this job needs skill 2$/],
    ];
    for (const [body, status, field, words] of cases) {
      const got = await answer(await post(foreman, id, body));
      expect(got.status, JSON.stringify(body)).toBe(status);
      expect(got.message, JSON.stringify(body)).toMatch(words);
      if (field) expect(got.fields, JSON.stringify(body)).toContain(field);
    }
    // A technician may not hand their job away; a visit not in repair is not the time.
    expect((await post({ id: 'tech-omar', role: 'technician' }, id, { technicianId: 'tech-ivy' })).status).toBe(403);
    const early = await answer(await post(foreman, await walkIn(stack), { technicianId: 'tech-ivy' }));
    expect(early.status).toBe(409);
    expect(early.message).toContain('reassign_technician is not accepted while the visit is reception');

    expect((await stateOf(stack, id)).dispatch.technicianId).toBe('tech-omar');
    const events = await stack.database.db
      .select()
      .from(visitEvents)
      .where(and(eq(visitEvents.visitId, id), eq(visitEvents.type, 'technician_reassigned')));
    expect(events).toEqual([]);
  });

  it('hands the job to Ivy for the manager, with who she is as the directory holds her', async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    const res = await post(manager, id, { technicianId: 'tech-ivy', reason: 'Omar went home sick' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await readJson(res)) as VisitState).dispatch.technicianId).toBe('tech-ivy');
    const [event] = await stack.database.db
      .select()
      .from(visitEvents)
      .where(and(eq(visitEvents.visitId, id), eq(visitEvents.type, 'technician_reassigned')));
    expect(event?.data).toMatchObject({
      fromTechnicianId: 'tech-omar',
      technicianId: 'tech-ivy',
      technicianName: 'Ivy',
      by: manager.id,
    });
  });

  it('shows the board the new assignee by name, and flags a job whose technician is off the rota today', async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    const board = async () => {
      const res = await asStaff(stack.app, 'foreman', foreman.id).request('/workshop?limit=200');
      expect(res.status).toBe(200);
      return ((await readJson(res)) as Workshop).inRepair.find((j) => j.visitId === id);
    };
    expect(await board()).toMatchObject({ technicianId: 'tech-omar', technicianName: 'Omar', assigneeOffRota: false });
    const db = stack.database.db;
    await db.update(technicians).set({ active: false }).where(eq(technicians.id, 'tech-omar'));
    try {
      expect(await board()).toMatchObject({ technicianName: 'Omar', assigneeOffRota: true, requiredSkill: 2 });
      expect((await post(foreman, id, { technicianId: 'tech-ivy' })).status).toBe(200);
      expect(await board()).toMatchObject({ technicianId: 'tech-ivy', technicianName: 'Ivy', assigneeOffRota: false });
    } finally {
      await db.update(technicians).set({ active: true }).where(eq(technicians.id, 'tech-omar'));
    }
  });
});
