import { beforeAll, describe, expect, it } from 'vitest';
import { averageDailyKm, nextMaintenanceDue } from '../../domain/maintenance.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  advisor,
  newVisitBody,
  receiveAndEstimate,
  repairAndDeliver,
  seedTechnicians,
  signature,
  stateOf,
  tasksOf,
  waitForStage,
  walkIn,
} from '../support/visits.js';
import { seedCustomer, seedDeclined, seedServiceHistory, seedVehicle, seedVisit } from './seed.js';

describe('the customer file: GET /customers/:id and GET /vehicles/:vin', () => {
  const stack = useTestStack();
  let staff: RequestingApp;
  let customerId: string;
  let golf: string;
  let polo: string;
  const readings = [
    { at: '2029-01-10T10:00:00.000Z', mileage: 30_000 },
    { at: '2030-01-10T10:00:00.000Z', mileage: 42_000 },
    { at: '2031-01-10T10:00:00.000Z', mileage: 54_000 },
  ];

  beforeAll(async () => {
    staff = asStaff(stack.app, 'advisor');
    const db = stack.database.db;
    customerId = await seedCustomer(db, { name: 'Lena Fischer', phone: '+49 30 700 1234', email: 'lena@example.com' });
    golf = await seedVehicle(db, customerId, { plate: 'B-LF-1', model: 'VW Golf', year: 2018 });
    polo = await seedVehicle(db, customerId, { plate: 'B-LF-2', model: 'VW Polo' });
    for (const [i, r] of readings.entries()) {
      const visit = await seedVisit(db, { customerId, vin: golf, stage: 'closed', deliveredAt: new Date(r.at) });
      await seedServiceHistory(db, visit, {
        at: new Date(r.at),
        mileage: r.mileage,
        roNumber: 100 + i,
        description: `Service ${i + 1}`,
      });
      if (i === 1) {
        await seedDeclined(db, visit, { lineId: `declined-open-${i}`, description: 'Brake fluid', declinedAt: new Date(r.at) });
        await seedDeclined(db, visit, { lineId: `declined-taken-${i}`, description: 'Wipers', status: 'accepted' });
      }
    }
    await seedVisit(db, { customerId, vin: golf, stage: 'in_repair', promisedAt: new Date('2031-06-01T16:00:00Z') });
  });

  it('shows the customer with every vehicle, its history (newest first), open declined work and next service', async () => {
    const res = await staff.request(`/customers/${customerId}`);
    expect(res.status).toBe(200);
    const file = await readJson(res);
    expect(file.customer).toMatchObject({ id: customerId, name: 'Lena Fischer', email: 'lena@example.com' });
    expect(file.vehicles.map((v: { vehicle: { vin: string } }) => v.vehicle.vin).sort()).toEqual([golf, polo].sort());

    const golfFile = file.vehicles.find((v: { vehicle: { vin: string } }) => v.vehicle.vin === golf);
    expect(golfFile.vehicle).toMatchObject({ plate: 'B-LF-1', model: 'VW Golf', year: 2018 });
    expect(golfFile.serviceHistory.map((h: { description: string }) => h.description)).toEqual([
      'Service 3',
      'Service 2',
      'Service 1',
    ]);
    expect(golfFile.serviceHistory[0]).toMatchObject({ mileage: 54_000, roNumber: 102, at: readings[2]?.at });
    expect(golfFile.declinedRecommendations).toEqual([
      expect.objectContaining({ lineId: 'declined-open-1', description: 'Brake fluid', totalCents: 3_600 }),
    ]);
    expect(golfFile.openVisits).toEqual([
      expect.objectContaining({ stage: 'in_repair', promisedAt: '2031-06-01T16:00:00.000Z' }),
    ]);

    // No workflow to ask: computed from the readings with the same rule the workflow uses.
    const expected = nextMaintenanceDue({
      lastServiceAt: readings[2]?.at as string,
      lastMileage: 54_000,
      averageDailyKm: averageDailyKm(readings),
    });
    expect(golfFile.nextMaintenance).toEqual({ ...expected, source: 'service_history', visitId: expect.any(String) });

    const poloFile = file.vehicles.find((v: { vehicle: { vin: string } }) => v.vehicle.vin === polo);
    expect(poloFile).toMatchObject({ serviceHistory: [], declinedRecommendations: [], openVisits: [], nextMaintenance: null });
  });

  it('bounds the history with limit', async () => {
    const file = await readJson(await staff.request(`/customers/${customerId}?limit=1`));
    expect(file.vehicles).toHaveLength(1);
    expect(file.vehicles[0].serviceHistory.length).toBeLessThanOrEqual(1);
  });

  it('shows a vehicle’s file with its owner, found by VIN in any case', async () => {
    const res = await staff.request(`/vehicles/${golf.toLowerCase()}`);
    expect(res.status).toBe(200);
    const file = await readJson(res);
    expect(file.customer).toMatchObject({ id: customerId, name: 'Lena Fischer' });
    expect(file.vehicle.vin).toBe(golf);
    expect(file.serviceHistory).toHaveLength(3);
    expect(file.nextMaintenance.source).toBe('service_history');
  });

  it('takes the next service from the last delivered visit’s workflow when it has one', async () => {
    await seedTechnicians(stack);
    const body = newVisitBody();
    const visitId = await walkIn(stack, { body });
    const estimated = await receiveAndEstimate(stack, visitId);
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await repairAndDeliver(stack, visitId);
    await expect.poll(async () => (await tasksOf(stack, visitId)).map((t) => t.kind)).toContain('follow_up_call');
    await act(stack, visitId, 'record_follow_up', { reached: true, satisfaction: 5 }, advisor);
    await waitForStage(stack, visitId, 'closed');
    const { nextMaintenance: told } = await stateOf(stack, visitId);
    expect(told).toBeDefined();

    const file = await readJson(await staff.request(`/vehicles/${body.vehicle.vin}`));
    expect(file.nextMaintenance).toEqual({ ...told, source: 'workflow', visitId });
    expect(file.serviceHistory).toEqual([expect.objectContaining({ visitId, mileage: 52_000 })]);
  });

  it('answers 404 for an unknown customer or vehicle', async () => {
    const customer = await staff.request('/customers/00000000-0000-4000-8000-000000000000');
    expect(customer.status).toBe(404);
    expect((await readJson(customer)).error.code).toBe('not_found');
    const vehicle = await staff.request('/vehicles/WVWZZZ1JZXW999999');
    expect(vehicle.status).toBe(404);
    expect((await readJson(vehicle)).error.code).toBe('not_found');
  });

  it.each([
    ['/customers/not-a-uuid', 'id'],
    ['/vehicles/SHORTVIN', 'vin'],
    ['/vehicles/WVWZZZ1JZXW00000O', 'vin'],
    [`/customers/00000000-0000-4000-8000-000000000000?limit=0`, 'limit'],
  ])('answers 400 naming the parameter for %s', async (path, field) => {
    const res = await staff.request(path);
    expect(res.status).toBe(400);
    const { error } = await readJson(res);
    expect(error.code).toBe('invalid_request');
    expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('needs a staff token, of the front desk', async () => {
    for (const path of [`/customers/${customerId}`, `/vehicles/${golf}`]) {
      const res = await stack.app.request(path);
      expect(res.status).toBe(401);
      expect((await readJson(res)).error.code).toBe('unauthenticated');
    }
    // The file holds the owner's contact data: the front desk's, not the workshop's [S7].
    expect((await asStaff(stack.app, 'technician').request(`/vehicles/${golf}`)).status).toBe(403);
    expect((await asStaff(stack.app, 'advisor').request(`/vehicles/${golf}`)).status).toBe(200);
  });
});

describe('booking a returning customer', () => {
  const stack = useTestStack();

  it('keeps every stored field the new booking leaves blank, and the visit carries the file as merged', async () => {
    const staff = asStaff(stack.app, 'advisor');
    const first = newVisitBody();
    first.customer = { ...first.customer, email: 'kai@example.com', address: 'Hauptstr. 1, Berlin', preferredChannel: 'email' };
    first.vehicle = { ...first.vehicle, year: 2019, mileage: 40_000 };
    // 10:00 in the shop's zone (UTC) some days ahead: inside its opening hours, whenever the test runs.
    const at = (days: number) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T10:00:00Z`;
    expect((await postJson(staff, '/appointments', { ...first, appointmentAt: at(2) })).status).toBe(201);

    // The same phone and VIN with only what the form requires: nothing on file may be blanked.
    const again = {
      customer: { name: first.customer.name, phone: first.customer.phone },
      vehicle: { vin: first.vehicle.vin, plate: first.vehicle.plate, model: first.vehicle.model },
      advisorId: first.advisorId,
      appointmentAt: at(3),
    };
    const res = await postJson(staff, '/appointments', again);
    expect(res.status).toBe(201);
    const { visitId } = (await readJson(res)) as { visitId: string };

    const vehicle = (await readJson(await staff.request(`/vehicles/${first.vehicle.vin}`))) as {
      vehicle: { year: number | null; mileage: number | null };
      customer: { id: string };
    };
    expect(vehicle.vehicle).toMatchObject({ year: 2019, mileage: 40_000 });
    const file = (await readJson(await staff.request(`/customers/${vehicle.customer.id}`))) as {
      customer: Record<string, unknown>;
    };
    expect(file.customer).toMatchObject({ email: 'kai@example.com', address: 'Hauptstr. 1, Berlin', preferredChannel: 'email' });
    // The second visit's messages still reach the stored e-mail address.
    expect((await stateOf(stack, visitId)).customer.email).toBe('kai@example.com');
  });
});
