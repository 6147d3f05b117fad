import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { visits } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { seedCustomer, seedVehicle, seedVisit } from './seed.js';

describe('GET /visits', () => {
  const stack = useTestStack();
  let staff: RequestingApp;
  const ids = (body: { items: { visitId: string }[] }) => body.items.map((v) => v.visitId);
  const list = async (query: string) => {
    const res = await staff.request(`/visits?${query}`);
    expect(res.status).toBe(200);
    return readJson(res);
  };

  // Opened at these instants (newest last); two share an instant to check the tie-break.
  const t = (iso: string) => new Date(iso);
  const seeded: Record<string, string> = {};

  beforeAll(async () => {
    staff = asStaff(stack.app, 'advisor');
    const db = stack.database.db;
    const rows = [
      { name: 'a', stage: 'reception', advisorId: 'adv-lena', createdAt: t('2031-03-01T08:00:00Z') },
      { name: 'b', stage: 'in_repair', advisorId: 'adv-tom', createdAt: t('2031-03-01T09:00:00Z'), plate: 'B-XY-42' },
      { name: 'c', stage: 'in_repair', advisorId: 'adv-lena', createdAt: t('2031-03-02T10:00:00Z') },
      { name: 'd', stage: 'closed', advisorId: 'adv-lena', createdAt: t('2031-03-02T10:00:00Z') },
      // Booked long before, for 1 March: belongs to the day of its appointment.
      {
        name: 'e',
        stage: 'booked',
        kind: 'appointment',
        advisorId: 'adv-tom',
        createdAt: t('2031-02-01T12:00:00Z'),
        appointmentAt: t('2031-03-01T07:30:00Z'),
      },
    ];
    for (const { name, plate, ...fields } of rows) {
      const visit = await seedVisit(db, { ...fields, ...(plate ? { plate } : {}) });
      seeded[name] = visit.id;
    }
  });

  const sameInstant = () => [seeded.c, seeded.d].sort().reverse();

  it('lists visits from the records, newest first, with customer and vehicle', async () => {
    const body = await list('');
    expect(ids(body)).toEqual([...sameInstant(), seeded.b, seeded.a, seeded.e]);
    expect(body.nextCursor).toBeNull();
    expect(body.items[2]).toMatchObject({
      visitId: seeded.b,
      stage: 'in_repair',
      advisorId: 'adv-tom',
      kind: 'walk_in',
      vehicle: { plate: 'B-XY-42', model: 'VW Golf' },
      customer: { name: expect.stringMatching(/^Customer /) },
      createdAt: '2031-03-01T09:00:00.000Z',
    });
  });

  it('filters by stage, advisor, plate and day', async () => {
    expect(ids(await list('stage=in_repair'))).toEqual([seeded.c, seeded.b]);
    expect(ids(await list('advisor=adv-tom'))).toEqual([seeded.b, seeded.e]);
    expect(ids(await list('plate=b-xy-42'))).toEqual([seeded.b]);
    expect(ids(await list('date=2031-03-01'))).toEqual([seeded.b, seeded.a, seeded.e]);
    expect(ids(await list('date=2031-03-01&stage=booked&advisor=adv-tom'))).toEqual([seeded.e]);
    expect(ids(await list('date=2031-02-01'))).toEqual([]);
  });

  it('counts the day in the given time zone', async () => {
    // 10:00 UTC on 2 March is still 2 March in Tokyo (19:00); 08:00 UTC on 1 March is 17:00 there.
    expect(ids(await list('date=2031-03-02&tz=Asia/Tokyo'))).toEqual(sameInstant());
    // In Los Angeles (UTC−8) the 07:30 UTC appointment on 1 March is 23:30 on 28 February; 08:00 UTC is already 1 March.
    expect(ids(await list('date=2031-02-28&tz=America/Los_Angeles'))).toEqual([seeded.e]);
    expect(ids(await list('date=2031-03-01&tz=America/Los_Angeles'))).toEqual([seeded.b, seeded.a]);
  });

  it('pages with limit and cursor: every visit once, in order, even across equal timestamps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(body));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...sameInstant(), seeded.b, seeded.a, seeded.e]);
  });

  it('does not skip rows whose timestamps differ by microseconds', async () => {
    const micro = ['2031-04-01 10:00:00.000300+00', '2031-04-01 10:00:00.000200+00', '2031-04-01 10:00:00.000100+00'];
    const made: string[] = [];
    for (const at of micro)
      made.push((await seedVisit(stack.database.db, { createdAt: sql`${at}::timestamptz` as unknown as Date })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body = await list(`date=2031-04-01&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(body));
      cursor = body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(made);
  });

  it('sees a visit opened through the API', async () => {
    const res = await postJson(staff, '/visits', {
      customer: { name: 'Walk In', phone: '+49 30 999 0000' },
      vehicle: { vin: 'WVWZZZ1JZXW000999', plate: 'B-WI-9', model: 'VW Polo' },
      advisorId: 'adv-kai',
    });
    const { visitId } = await readJson(res);
    expect(ids(await list('advisor=adv-kai'))).toEqual([visitId]);
  });

  it.each([
    ['stage=repairing', 'stage'],
    ['date=2031-02-30', 'date'],
    ['tz=Nowhere', 'tz'],
    ['limit=0', 'limit'],
    ['limit=9999', 'limit'],
    ['advisor=', 'advisor'],
    ['cursor=%21%21', 'cursor'],
    [`cursor=${Buffer.from('[1.5,"x"]').toString('base64url')}`, 'cursor'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const res = await staff.request(`/visits?${query}`);
    expect(res.status).toBe(400);
    const { error } = await readJson(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain(field);
    expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('needs a staff token; any staff role may read', async () => {
    const res = await stack.app.request('/visits');
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('unauthenticated');
    expect((await stack.app.request('/visits', { headers: { authorization: 'Bearer not-a-jwt' } })).status).toBe(401);
    expect((await asStaff(stack.app, 'qc').request('/visits')).status).toBe(200);
  });
});

describe('GET /visits?q=: the front desk’s search', () => {
  const stack = useTestStack();
  let staff: RequestingApp;
  const found = async (q: string) => {
    const res = await staff.request(`/visits?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return ((await readJson(res)) as { items: { visitId: string }[] }).items.map((v) => v.visitId);
  };
  let munich: string;
  let shanghai: string;
  let other: string;

  beforeAll(async () => {
    staff = asStaff(stack.app, 'advisor');
    const db = stack.database.db;
    const lena = await seedCustomer(db, { name: 'Lena Fischer', phone: '+49 171 555 0199' });
    const li = await seedCustomer(db, { name: '李娜', phone: '+86 139 1234 5678' });
    munich = (
      await seedVisit(db, {
        customerId: lena,
        vin: await seedVehicle(db, lena, { plate: 'M-LN 8888', vin: 'WVWZZZ1JZXW000777' }),
        plate: 'M-LN 8888',
      })
    ).id;
    shanghai = (
      await seedVisit(db, { customerId: li, vin: await seedVehicle(db, li, { plate: '沪A·12345' }), plate: '沪A·12345' })
    ).id;
    other = (await seedVisit(db, { plate: 'B-XY 42' })).id;
  });

  it('finds a plate by any fragment, with or without its spaces, dashes and dots', async () => {
    for (const q of ['M-LN', 'MLN 8888', 'mln8888', 'ln 88', 'm-ln 8888']) expect(await found(q), q).toEqual([munich]);
    for (const q of ['沪A12345', '沪a·123', 'A 12345']) expect(await found(q), q).toEqual([shanghai]);
  });

  it('finds by phone number however it is written, by name, by VIN fragment and by RO number', async () => {
    expect(await found('0171 555')).toEqual([munich]); // typed with the national prefix, stored with +49
    expect(await found('171-555-0199')).toEqual([munich]);
    expect(await found('1391234')).toEqual([shanghai]);
    expect(await found('fischer')).toEqual([munich]);
    expect(await found('李')).toEqual([shanghai]);
    expect(await found('xw000777')).toEqual([munich]);
    const [row] = await stack.database.db.select({ ro: visits.roNumber }).from(visits).where(eq(visits.id, other));
    expect(await found(String(row?.ro))).toContain(other);
  });

  it('a plate typed on a Chinese keyboard is stored and found in plain letters; one hiding an invisible character is refused', async () => {
    const walkIn = (plate: string, n: number) =>
      postJson(staff, '/visits', {
        customer: { name: `Plate ${n}`, phone: `+49 30 555 71${n}0` },
        vehicle: { vin: `WVWZZZ1JZXW41000${n}`, plate, model: 'VW Golf' },
        advisorId: 'adv-lena',
        requestedServices: ['Annual service'],
      });
    const typed = await walkIn('沪Ｂ·６７８９０', 1);
    expect(typed.status).toBe(201);
    const { visitId } = await readJson(typed);
    const [row] = await stack.database.db.select({ plate: visits.plate }).from(visits).where(eq(visits.id, visitId));
    expect(row?.plate).toBe('沪B·67890');
    for (const q of ['沪B67890', '沪Ｂ６７８９０', 'ｂ 678']) expect(await found(q), q).toEqual([visitId]);
    for (const [n, plate] of [
      [2, 'M\u200BLN 1'],
      [3, 'MLN\u2060 2'],
    ] as const) {
      const refused = await walkIn(plate, n);
      expect(refused.status).toBe(400);
      expect((await readJson(refused)).error.details.fields).toEqual([
        { field: 'vehicle.plate', message: 'must not contain invisible characters such as zero-width spaces' },
      ]);
    }
  });

  it('finds a German name however its ß and umlauts are written, at the desk and in the customer files', async () => {
    const db = stack.database.db;
    const joerg = await seedCustomer(db, { name: 'Jörg Süßmeier', phone: '+49 89 1234 504' });
    const munichToo = (await seedVisit(db, { customerId: joerg, vin: await seedVehicle(db, joerg, { plate: 'M-FS 104' }) })).id;
    // Capitals write ß as SS, Swiss and English keyboards write ss, ue, oe: each found nothing.
    for (const q of ['Süßmeier', 'SÜSSMEIER', 'Suessmeier', 'süssmeier', 'joerg', 'JÖRG SÜSS'])
      expect(await found(q), q).toEqual([munichToo]);
    for (const q of ['Suessmeier', 'SÜSSMEIER']) {
      const files = (await readJson(await staff.request(`/customers?q=${encodeURIComponent(q)}`))) as { id: string }[];
      expect(
        files.map((c) => c.id),
        q,
      ).toEqual([joerg]);
    }
    expect(await found('Susmeier')).toEqual([]);
  });

  it('treats wildcards as text and refuses an empty or overlong search', async () => {
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
    expect((await staff.request('/visits?q=')).status).toBe(400);
    expect((await staff.request(`/visits?q=${'x'.repeat(101)}`)).status).toBe(400);
  });
});
