// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { takeHotlineCall } from '../../api/hotline-intake.js';
import { visits } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { newVisitBody, walkIn } from '../support/visits.js';

// A tow-in opens a walk-in visit, so it is held to the walk-in's rules at the desk: the advisor must be an active
// advisor on the staff list (it was stored as sent, a visit nobody's list showed), and a car already in the shop is
// not opened a second visit unless the advisor says so (confirmDuplicate), as for a walk-in.

describe('tow_in: the walk-in it opens is checked like one', () => {
  const stack = useTestStack();

  async function arrivedRescue(plate: string) {
    const deps = { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue };
    const call = await takeHotlineCall(
      deps,
      {
        callerName: 'Mara Stein',
        phone: '+49 30 5550101',
        summary: "Car won't start",
        location: 'Aral, Tempelhofer Damm 12',
        plate,
      },
      'adv-lena',
    );
    const id = call.rescueId as string;
    const advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    const etaAt = new Date(Date.now() + 3_600_000).toISOString();
    expect((await postJson(advisor, `/rescues/${id}/actions/set_out`, { crew: 'Truck 2', etaAt })).status).toBe(200);
    expect((await postJson(advisor, `/rescues/${id}/actions/arrive`, {})).status).toBe(200);
    return id;
  }

  const visitsOf = async (vin: string) =>
    (await stack.database.db.select({ n: count() }).from(visits).where(eq(visits.vin, vin)))[0]?.n;

  it('refuses an advisor who is not on the staff list with a 400 naming advisorId; nothing is opened', async () => {
    const id = await arrivedRescue('B-MS-401');
    const advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    const vehicle = { vin: 'WVWZZZ1KZAW100401', plate: 'B-MS-401', model: 'VW Polo', mileage: 88_000 };
    for (const advisorId of ['nobody-here', 'tech-omar']) {
      const res = await postJson(advisor, `/rescues/${id}/actions/tow_in`, { vehicle, advisorId });
      const body = await res.text();
      expect(res.status, body).toBe(400);
      expect(JSON.parse(body).error.message).toContain('advisorId');
    }
    expect(await visitsOf(vehicle.vin)).toBe(0);
    const rescue = await readJson(await advisor.request(`/rescues/${id}`));
    expect(rescue.record.stage).toBe('arrived');

    const towed = await postJson(advisor, `/rescues/${id}/actions/tow_in`, { vehicle, advisorId: 'adv-lena' });
    expect(towed.status).toBe(200);
    expect(await visitsOf(vehicle.vin)).toBe(1);
  });

  it('refuses a car that already has an open visit with a 409 naming it, unless confirmDuplicate', async () => {
    const body = newVisitBody('WVWZZZ1KZAW100402');
    const open = await walkIn(stack, { body });
    const id = await arrivedRescue(body.vehicle.plate);
    const advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    const towIn = { vehicle: body.vehicle, advisorId: 'adv-lena' };

    const res = await postJson(advisor, `/rescues/${id}/actions/tow_in`, towIn);
    const refused = await res.text();
    expect(res.status, refused).toBe(409);
    const { error } = JSON.parse(refused);
    expect(error.message).toContain('already in the shop');
    expect(error.details.duplicates.map((d: { visitId: string }) => d.visitId)).toEqual([open]);
    expect(await visitsOf(body.vehicle.vin)).toBe(1);
    expect((await readJson(await advisor.request(`/rescues/${id}`))).record.stage).toBe('arrived');

    const anyway = await postJson(advisor, `/rescues/${id}/actions/tow_in`, { ...towIn, confirmDuplicate: true });
    expect(anyway.status, await anyway.clone().text()).toBe(200);
    expect(await visitsOf(body.vehicle.vin)).toBe(2);
  });

  it('the same car towed in by eight rescues at once: one visit, the others told the car is in the shop', async () => {
    const vehicle = { vin: 'WVWZZZ1KZAW100403', plate: 'B-MS-403', model: 'VW Polo', mileage: 91_000 };
    const ids = await Promise.all(Array.from({ length: 8 }, () => arrivedRescue(vehicle.plate)));
    const advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    const answers = await Promise.all(
      ids.map((id) => postJson(advisor, `/rescues/${id}/actions/tow_in`, { vehicle, advisorId: 'adv-lena' })),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 200),
      statuses.join(),
    ).toHaveLength(1);
    expect(
      statuses.filter((s) => s === 409),
      statuses.join(),
    ).toHaveLength(7);
    for (const res of answers.filter((a) => a.status === 409)) {
      const { error } = await readJson(res);
      expect(error.message).toContain('B-MS-403 is already in the shop');
      expect(error.details.fields.map((f: { field: string }) => f.field)).toEqual(['confirmDuplicate']);
    }
    expect(await visitsOf(vehicle.vin)).toBe(1);
    // The refused rescues are still at the car and can tow it in once the advisor confirms a second visit.
    const stages = await Promise.all(
      ids.map(async (id) => (await readJson(await advisor.request(`/rescues/${id}`))).record.stage),
    );
    expect(stages.filter((s) => s === 'arrived')).toHaveLength(7);
    const second = ids[stages.indexOf('arrived')] as string;
    const anyway = { vehicle, advisorId: 'adv-lena', confirmDuplicate: true };
    expect((await postJson(advisor, `/rescues/${second}/actions/tow_in`, anyway)).status).toBe(200);
    expect(await visitsOf(vehicle.vin)).toBe(2);
  });

  it('tow-ins and desk walk-ins of the same car at once: one visit', async () => {
    const body = newVisitBody('WVWZZZ1KZAW100404');
    const ids = await Promise.all(Array.from({ length: 4 }, () => arrivedRescue(body.vehicle.plate)));
    const advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    const answers = await Promise.all([
      ...ids.map((id) => postJson(advisor, `/rescues/${id}/actions/tow_in`, { vehicle: body.vehicle, advisorId: 'adv-lena' })),
      ...ids.map(() => postJson(advisor, '/visits', body)),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 409),
      statuses.join(),
    ).toHaveLength(7);
    expect(await visitsOf(body.vehicle.vin)).toBe(1);
  });
});
