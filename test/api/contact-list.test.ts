import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { MOST_SERVICE_POINTS } from '../../domain/contact-list.js';
import { asStaff } from '../support/auth.js';
import { patchJson, postJson, type RequestingApp, readJson } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';

// [S3.5] The nationwide contact list: the service manager keeps the group's service points and their numbers, anyone
// reads the published list, and the hotline asks it for the points nearest a stranded caller.

const fieldsOf = async (res: Response) =>
  ((await readJson(res)).error.details?.fields ?? []).map((f: { field: string }) => f.field);

const wuhanEast = {
  name: 'Servicelane Wuhan East',
  region: 'Hubei',
  city: 'Wuhan',
  address: '88 Luoyu Road',
  phone: '027 8765 4321',
  open24h: true,
  rescue: true,
};

describe('the nationwide contact list', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApp>;
  let manager: RequestingApp;
  let advisor: RequestingApp;
  beforeAll(async () => {
    stack = await startTestStack();
    // A shop in China: national numbers are read with China's plan.
    app = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), shopCountry: 'CN' },
    );
    manager = asStaff(app, 'manager', 'mgr-eva');
    advisor = asStaff(app, 'advisor', 'adv-lena');
  });
  afterAll(async () => stack?.close());

  it('only the service manager (or an admin) adds and changes points; every staff member and anyone reads them', async () => {
    const refused = await postJson(advisor, '/contact-list/points', wuhanEast);
    expect(refused.status).toBe(403);
    expect((await postJson(asStaff(app, 'foreman', 'fm-1'), '/contact-list/points', wuhanEast)).status).toBe(403);
    const added = await postJson(manager, '/contact-list/points', wuhanEast);
    expect(added.status).toBe(201);
    const point = await readJson(added);
    expect(point).toMatchObject({ ...wuhanEast, active: true });
    expect((await patchJson(advisor, `/contact-list/points/${point.id}`, { phone: '027 1111 2222' })).status).toBe(403);
    const admin = asStaff(app, 'admin', 'adm-1');
    expect(
      (await postJson(admin, '/contact-list/points', { ...wuhanEast, name: 'Servicelane Hankou', open24h: false })).status,
    ).toBe(201);

    // Anyone, without a token, reads the published list; staff read the whole file.
    const published = await readJson(await app.request('/contact-list'));
    expect(published.points.map((p: { name: string }) => p.name)).toEqual(['Servicelane Hankou', 'Servicelane Wuhan East']);
    expect(published.points[0]).not.toHaveProperty('active');
    expect((await app.request('/contact-list/points')).status).toBe(401);
    expect((await advisor.request('/contact-list/points')).status).toBe(200);
  });

  it('refuses hostile input with a 400 naming the field, and writes nothing', async () => {
    const before = (await readJson(await advisor.request('/contact-list/points'))).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...wuhanEast, name: '' }, 'name'],
      [{ ...wuhanEast, name: 'x'.repeat(201) }, 'name'],
      [{ ...wuhanEast, city: 'Wu\u0000han' }, 'city'],
      [{ ...wuhanEast, region: '\u200b' }, 'region'],
      [{ ...wuhanEast, address: 'a\u202eb' }, 'address'],
      [{ ...wuhanEast, phone: 'call us' }, 'phone'],
      // The shape of a number, but not one in China (the shop's country), nor anywhere with the code +0.
      [{ ...wuhanEast, phone: '138 12' }, 'phone'],
      [{ ...wuhanEast, phone: '+0 123 456 789' }, 'phone'],
      [{ ...wuhanEast, open24h: 'yes' }, 'open24h'],
      [{ ...wuhanEast, name: 'Wuhan West', sneaky: true }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await postJson(manager, '/contact-list/points', { ...body, name: body.name ?? `p-${randomUUID()}` });
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(await fieldsOf(res)).toContain(field);
    }
    const { city: _, ...noCity } = wuhanEast;
    expect(await fieldsOf(await postJson(manager, '/contact-list/points', noCity))).toContain('city');
    expect((await readJson(await advisor.request('/contact-list/points'))).length).toBe(before);

    const [point] = await readJson(await advisor.request('/contact-list/points'));
    expect((await patchJson(manager, `/contact-list/points/${point.id}`, {})).status).toBe(400);
    expect(await fieldsOf(await patchJson(manager, `/contact-list/points/${point.id}`, { phone: '12' }))).toContain('phone');
    expect((await patchJson(manager, '/contact-list/points/not-an-id', { active: false })).status).toBe(400);
    expect((await patchJson(manager, `/contact-list/points/${randomUUID()}`, { active: false })).status).toBe(404);
    expect((await app.request('/contact-list?near=a%00b')).status).toBe(400);
    expect((await app.request(`/contact-list?near=${'x'.repeat(201)}`)).status).toBe(400);
  });

  it('one name per city: a second point of the same name there is refused with 409 naming it, on adding or renaming', async () => {
    const again = await postJson(manager, '/contact-list/points', { ...wuhanEast, phone: '+86 27 5555 6666' });
    expect(again.status).toBe(409);
    expect(await fieldsOf(again)).toEqual(['name']);
    // The same name in another city is another point.
    const other = await postJson(manager, '/contact-list/points', {
      ...wuhanEast,
      region: 'Guangdong',
      city: 'Guangzhou',
      phone: '020 8888 9999',
    });
    expect(other.status).toBe(201);
    const { id } = await readJson(other);
    const renamed = await patchJson(manager, `/contact-list/points/${id}`, { region: 'Hubei', city: 'Wuhan' });
    expect(renamed.status).toBe(409);
    expect(await fieldsOf(renamed)).toEqual(['name']);
    // The same name told apart only by case, spacing, punctuation or full-width letters is the same point to a caller,
    // in the same city written the same way; nothing of it is written.
    const held = (await readJson(await advisor.request('/contact-list/points'))).length;
    for (const look of [
      { name: 'servicelane wuhan east' },
      { name: 'Servicelane  Wuhan-East' },
      { name: 'Ｓｅｒｖｉｃｅｌａｎｅ Ｗｕｈａｎ Ｅａｓｔ' },
      { city: 'WUHAN', region: 'hubei' },
    ]) {
      const twin = await postJson(manager, '/contact-list/points', { ...wuhanEast, ...look });
      expect(twin.status, JSON.stringify(look)).toBe(409);
      expect(await fieldsOf(twin)).toEqual(['name']);
    }
    expect((await patchJson(manager, `/contact-list/points/${id}`, { name: 'SERVICELANE WUHAN EAST' })).status).toBe(200);
    const twinByRename = await patchJson(manager, `/contact-list/points/${id}`, { region: 'HUBEI', city: 'wuhan' });
    expect(twinByRename.status).toBe(409);
    expect((await readJson(await advisor.request('/contact-list/points'))).length).toBe(held);
    // Two managers adding the same point at once: one is added, the other told.
    const name = 'Servicelane Optics Valley';
    const racing = await Promise.all(
      [1, 2].map(() => postJson(manager, '/contact-list/points', { ...wuhanEast, name }, { 'idempotency-key': randomUUID() })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('a point taken off the list leaves the published list and stays on file; put back, it is listed again', async () => {
    const [hankou] = (await readJson(await advisor.request('/contact-list/points'))).filter(
      (p: { name: string }) => p.name === 'Servicelane Hankou',
    );
    const off = await patchJson(manager, `/contact-list/points/${hankou.id}`, { active: false });
    expect(await readJson(off)).toMatchObject({ id: hankou.id, active: false });
    const names = async () => (await readJson(await app.request('/contact-list'))).points.map((p: { name: string }) => p.name);
    expect(await names()).not.toContain('Servicelane Hankou');
    expect((await readJson(await advisor.request('/contact-list/points'))).map((p: { id: string }) => p.id)).toContain(hankou.id);
    await patchJson(manager, `/contact-list/points/${hankou.id}`, { active: true });
    expect(await names()).toContain('Servicelane Hankou');
  });

  it('names the points nearest where a caller is: the city named first, then its region, around the clock first', async () => {
    await postJson(manager, '/contact-list/points', {
      name: 'Servicelane Yichang',
      region: 'Hubei',
      city: 'Yichang',
      address: '1 Yiling Avenue',
      phone: '0717 666 7777',
      open24h: true,
      rescue: false,
    });
    await postJson(manager, '/contact-list/points', {
      name: '服务站 长沙',
      region: '湖南省',
      city: '长沙',
      address: '岳麓区 1 号',
      phone: '0731 8888 6666',
      open24h: true,
      rescue: true,
    });
    const near = async (place: string) =>
      (await readJson(await app.request(`/contact-list?near=${encodeURIComponent(place)}`))).nearest.map(
        (p: { name: string }) => p.name,
      );
    expect(await near('G4 expressway near Wuhan, Hubei')).toEqual([
      'Servicelane Optics Valley',
      'Servicelane Wuhan East',
      'Servicelane Hankou',
      'Servicelane Yichang',
    ]);
    expect(await near('somewhere in HUBEI province')).toEqual([
      'Servicelane Optics Valley',
      'Servicelane Wuhan East',
      'Servicelane Yichang',
      'Servicelane Hankou',
    ]);
    expect(await near('湖南省长沙市 京港澳高速')).toEqual(['服务站 长沙']);
    // A place the list has no point in names none: the hotline reads the list by region instead.
    expect(await near('Lhasa')).toEqual([]);
    expect((await readJson(await app.request('/contact-list'))).nearest).toEqual([]);
  });

  it(`holds at most ${MOST_SERVICE_POINTS} points`, async () => {
    const { servicePoints } = await import('../../db/schema.js');
    const held = (await readJson(await advisor.request('/contact-list/points'))).length;
    await stack.database.db.insert(servicePoints).values(
      Array.from({ length: MOST_SERVICE_POINTS - held }, (_, i) => ({
        id: randomUUID(),
        name: `Point ${i}`,
        region: 'Test',
        city: 'Test',
        address: '-',
        phone: '010 1234 5678',
        updatedBy: 'seed',
      })),
    );
    const full = await postJson(manager, '/contact-list/points', { ...wuhanEast, name: 'One too many' });
    expect(full.status).toBe(422);
    expect(await fieldsOf(full)).toEqual(['name']);
  });
});
