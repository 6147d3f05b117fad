import { Client, Connection } from '@temporalio/client';
import { count, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { customers, vehicles, visits } from '../../db/schema.js';
import { VisitStageKey } from '../../workflows/search-attributes.js';
import { asStaff } from '../support/auth.js';
import { patchJson, postJson, readJson } from '../support/http.js';
import { type TestStack, useTestStack } from '../support/stack.js';

const walkIn = {
  customer: { name: 'Ana Pereira', phone: '+351 21 123 4567', email: 'ana@example.com' },
  vehicle: { vin: 'wvwzzz1jzxw000001', plate: 'aa-12-bb', model: 'VW Golf', mileage: 48210 },
  advisorId: 'adv-lena',
  requestedServices: ['Brake noise front left'],
};

const post = (stack: TestStack, path: string, body: unknown) => postJson(asStaff(stack.app, 'advisor'), path, body);
const get = (stack: TestStack, path: string) => asStaff(stack.app, 'advisor').request(path);

describe('the thin slice: POST /visits → visit workflow → GET /visits/:id', () => {
  const stack = useTestStack();

  it('opens a walk-in: writes the rows, starts the workflow, answers from the read model', async () => {
    const res = await post(stack, '/visits', walkIn);
    expect(res.status).toBe(201);
    const { visitId, stage } = await readJson(res);
    expect(stage).toBe('reception');

    const description = await stack.client.workflow.getHandle(visitId).describe();
    expect(description.type).toBe('visit');
    expect(description.taskQueue).toBe(stack.taskQueue);
    expect(description.typedSearchAttributes.get(VisitStageKey)).toBe('reception');

    const view = await get(stack, `/visits/${visitId}`);
    expect(view.status).toBe(200);
    const body = await readJson(view);
    expect(body.record).toMatchObject({ id: visitId, stage: 'reception', plate: 'AA-12-BB', vin: 'WVWZZZ1JZXW000001' });
    expect(body.state).toMatchObject({ visitId, stage: 'reception', vehicle: { model: 'VW Golf' } });
  });

  it('finds the visit with a list query on the search attributes', async () => {
    const res = await post(stack, '/visits', {
      ...walkIn,
      vehicle: { ...walkIn.vehicle, vin: 'WVWZZZ1JZXW000002', plate: 'ZZ-99-QQ' },
    });
    expect(res.status).toBe(201);
    const { visitId } = await readJson(res);
    await expect
      .poll(async () => {
        const ids: string[] = [];
        for await (const wf of stack.client.workflow.list({ query: `VehiclePlate = 'ZZ-99-QQ'` })) ids.push(wf.workflowId);
        return ids;
      })
      .toContain(visitId);
  });

  it('a returning customer is found by phone and keeps one customer file', async () => {
    const before = await stack.database.db.select({ n: count() }).from(customers);
    const res = await post(stack, '/visits', {
      ...walkIn,
      vehicle: { ...walkIn.vehicle, vin: 'WVWZZZ1JZXW000003', plate: 'AA-13-BB' },
    });
    expect(res.status).toBe(201);
    const after = await stack.database.db.select({ n: count() }).from(customers);
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('finds the returning customer by the number however it is written, and keeps the file’s spelling', async () => {
    const spellings = ['+49 30 6241343', '+49306241343', '+49 (30) 624-1343', '0049 30 6241343', ' +49-30-6241343'];
    for (const [i, phone] of spellings.entries()) {
      const res = await post(stack, '/visits', {
        ...walkIn,
        customer: { ...walkIn.customer, phone },
        vehicle: { ...walkIn.vehicle, vin: `WVWZZZ1JZXW10000${i}`, plate: `PH-${i}` },
      });
      expect(res.status).toBe(201);
    }
    const files = await stack.database.db.select().from(customers).where(like(customers.phone, '%624%'));
    expect(files.map((f) => f.phone)).toEqual(['+49 30 6241343']);
    // A national number is its own: the country it dials from is not known.
    const national = await post(stack, '/visits', {
      ...walkIn,
      customer: { ...walkIn.customer, phone: '030 6241343' },
      vehicle: { ...walkIn.vehicle, vin: 'WVWZZZ1JZXW100009', plate: 'PH-9' },
    });
    expect(national.status).toBe(201);
    expect(await stack.database.db.select().from(customers).where(like(customers.phone, '%624%'))).toHaveLength(2);
  });

  it('with the shop’s country set, a number at the desk and on the booking page is one file; an impossible one is refused', async () => {
    const shanghai = asStaff(
      createApp(
        { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
        { ...devSettings(), temporalCallTimeoutMs: 60_000, shopCountry: 'CN' },
      ),
      'advisor',
    );
    const liWei = (phone: string, i: number) => ({
      ...walkIn,
      customer: { name: 'Li Wei', phone },
      vehicle: { ...walkIn.vehicle, vin: `LSVZZZ1JZXW20000${i}`, plate: `沪A-1234${i}` },
    });
    for (const [i, phone] of ['138 1234 5678', '+86 138 1234 5678', '0086 138-1234-5678'].entries())
      expect((await postJson(shanghai, '/visits', liWei(phone, i))).status).toBe(201);
    const files = await stack.database.db.select().from(customers).where(eq(customers.phoneKey, '8613812345678'));
    expect(files.map((f) => f.phone)).toEqual(['138 1234 5678']);
    // The desk finds the file by the number in either form.
    const found = await readJson(await shanghai.request(`/customers?q=${encodeURIComponent('+86 138 1234 5678')}`));
    expect(found.map((c: { id: string }) => c.id)).toEqual([files[0]?.id]);

    const before = (await stack.database.db.select({ n: count() }).from(customers))[0]?.n;
    const impossible = await postJson(shanghai, '/visits', liWei('138 12', 5));
    expect(impossible.status).toBe(400);
    const { error } = await readJson(impossible);
    expect(error.message).toBe('Invalid body: customer.phone: 138 12 is not a phone number in China');
    expect(error.details.fields.map((f: { field: string }) => f.field)).toEqual(['customer.phone']);
    expect((await stack.database.db.select({ n: count() }).from(customers))[0]?.n).toBe(before);
    const edit = await patchJson(shanghai, `/customers/${files[0]?.id}`, { phone: '+49 1111111111111111' });
    expect(edit.status).toBe(400);
    expect((await readJson(edit)).error.message).toContain('phone: +49 1111111111111111 is not a phone number in Germany');

    // Longer than any number of the country: the library reads no number at all, and it must be refused all the same.
    for (const [i, phone, where] of [
      [6, '11111111111111111111111', 'in China'],
      [7, '+49 1111111111111111111', 'in Germany'],
      [8, '+1 1111111111111111111', 'with the country code +1'],
    ] as const) {
      const tooLong = await postJson(shanghai, '/visits', liWei(phone, i));
      expect(tooLong.status, phone).toBe(400);
      expect((await readJson(tooLong)).error.message).toBe(
        `Invalid body: customer.phone: ${phone} is not a phone number ${where}`,
      );
    }
    expect((await stack.database.db.select({ n: count() }).from(customers))[0]?.n).toBe(before);
  });

  it('refuses a second walk-in of a car already in the shop, naming its repair order, unless the advisor confirms', async () => {
    const car = { ...walkIn, vehicle: { ...walkIn.vehicle, vin: 'WVWZZZ1JZXW000004', plate: 'DU-PL-1' } };
    const first = await readJson(await post(stack, '/visits', car));
    const [row] = await stack.database.db.select({ ro: visits.roNumber }).from(visits).where(eq(visits.id, first.visitId));
    const visitsBefore = (await stack.database.db.select({ n: count() }).from(visits))[0]?.n;

    const again = await post(stack, '/visits', car);
    expect(again.status).toBe(409);
    const { error } = await readJson(again);
    expect(error.message).toContain(`DU-PL-1 is already in the shop (repair order ${row?.ro})`);
    expect(error.details.fields.map((f: { field: string }) => f.field)).toEqual(['confirmDuplicate']);
    expect(error.details.duplicates).toMatchObject([{ visitId: first.visitId, stage: 'reception' }]);
    expect((await stack.database.db.select({ n: count() }).from(visits))[0]?.n).toBe(visitsBefore);

    expect((await post(stack, '/visits', { ...car, confirmDuplicate: true })).status).toBe(201);
  });

  it('points a walk-in of a car booked for about now to its booking', async () => {
    const car = { ...walkIn, vehicle: { ...walkIn.vehicle, vin: 'WVWZZZ1JZXW000005', plate: 'DU-PL-2' } };
    // Booked for about now, at whatever hour the test runs: the advisor confirms one outside the opening hours.
    const booked = await post(stack, '/appointments', {
      ...car,
      appointmentAt: new Date(Date.now() + 3_600_000).toISOString(),
      confirmClosed: true,
    });
    expect(booked.status).toBe(201);
    const again = await post(stack, '/visits', car);
    expect(again.status).toBe(409);
    expect((await readJson(again)).error.message).toContain('DU-PL-2 is booked for about now');
    // A booking days away is another visit: the walk-in is opened.
    const later = { ...walkIn, vehicle: { ...walkIn.vehicle, vin: 'WVWZZZ1JZXW000006', plate: 'DU-PL-3' } };
    await post(stack, '/appointments', {
      ...later,
      appointmentAt: `${new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)}T10:00:00Z`,
    });
    expect((await post(stack, '/visits', later)).status).toBe(201);
  });

  it.each([
    [{ ...walkIn, customer: { ...walkIn.customer, phone: 'call me' } }, 'customer.phone'],
    [{ ...walkIn, vehicle: { ...walkIn.vehicle, vin: 'SHORTVIN' } }, 'vehicle.vin'],
    [{ ...walkIn, advisorId: '' }, 'advisorId'],
    [{ customer: walkIn.customer }, 'vehicle'],
  ])('rejects bad input with a 400 naming the field and writes nothing (%#)', async (body, field) => {
    const counts = async () =>
      Promise.all([customers, vehicles, visits].map(async (t) => (await stack.database.db.select({ n: count() }).from(t))[0]?.n));
    const before = await counts();
    const res = await post(stack, '/visits', body);
    expect(res.status).toBe(400);
    const { error } = await readJson(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain(field);
    expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('rejects a body that is not JSON with a 400', async () => {
    const res = await asStaff(stack.app, 'advisor').request('/visits', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.code).toBe('invalid_request');
  });

  it('answers 404 for an unknown visit and 400 for a malformed id', async () => {
    expect((await get(stack, '/visits/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get(stack, '/visits/not-a-uuid')).status).toBe(400);
  });

  it('reports health 200 when both are up', async () => {
    const res = await stack.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ status: 'ok', temporal: 'up', database: 'up' });
  });

  it('answers 503 and writes nothing when Temporal is unreachable', async () => {
    const deadConnection = await Connection.connect({ address: '127.0.0.1:1', connectTimeout: '500ms' }).catch(() => null);
    const lazy = deadConnection ?? Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '500ms' });
    // The request's deadline (1 s here) ends the wait, not the client's own retries (about 25 s of back-off).
    const app = createApp(
      { database: stack.database, temporal: new Client({ connection: lazy }), taskQueue: stack.taskQueue },
      { ...devSettings(), temporalCallTimeoutMs: 1_000 },
    );
    const before = (await stack.database.db.select({ n: count() }).from(visits))[0]?.n;

    const health = await app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await readJson(health)).toMatchObject({ temporal: 'down', database: 'up' });

    const started = Date.now();
    const res = await postJson(asStaff(app, 'advisor'), '/visits', {
      ...walkIn,
      vehicle: { ...walkIn.vehicle, vin: 'WVWZZZ1JZXW000777' },
    });
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await readJson(res)).error.code).toBe('unavailable');
    expect((await stack.database.db.select({ n: count() }).from(visits))[0]?.n).toBe(before);
  });
});
