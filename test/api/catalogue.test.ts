import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, repairLines } from '../../db/schema.js';
import type { Line, VisitState } from '../../domain/visit-state.js';
import { asStaff } from '../support/auth.js';
import { OIL_CHANGE, OIL_FILTER } from '../support/catalogue.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { receiveAndDiagnose, seedTechnicians, walkIn } from '../support/visits.js';

// Issue 18, first slice: the published catalogue [S3.2], who keeps it, the public price list, and estimates built
// from it at the catalogue's price of the moment.

const HOUR = 3_600_000;
const patchJson = (app: RequestingApp, path: string, body: unknown) =>
  app.request(path, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the catalogue', () => {
  let stack: TestStack;
  let manager: RequestingApp;
  let advisor: RequestingApp;
  beforeAll(async () => {
    stack = await startTestStack();
    await seedTechnicians(stack);
    manager = asStaff(stack.app, 'manager', 'mgr-eva');
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });
  afterAll(async () => stack?.close());

  /** A visit diagnosed and waiting for its estimate. */
  const diagnosed = async () => {
    const id = await walkIn(stack);
    await receiveAndDiagnose(stack, id);
    return id;
  };
  const estimate = (id: string, lines: unknown[]) =>
    postJson(advisor, `/visits/${id}/actions/submit_estimate`, {
      lines,
      promisedAt: new Date(Date.now() + 8 * HOUR).toISOString(),
    });
  const storedLines = async (id: string): Promise<Line[]> =>
    ((await readJson(await advisor.request(`/visits/${id}`))) as { state: VisitState }).state.lines;

  it('the service manager keeps labour operations, parts and packages; others read them and may not change them', async () => {
    const oil = await postJson(manager, '/catalogue/labour-operations', OIL_CHANGE);
    expect(oil.status).toBe(201);
    expect(await readJson(oil)).toMatchObject({ code: 'OIL-CHANGE', priceCents: 13_500, active: true });
    const again = await postJson(manager, '/catalogue/labour-operations', { ...OIL_CHANGE, flatRateHours: 1 });
    expect(again.status).toBe(409);
    for (const part of [
      { ...OIL_FILTER, stockOnHand: 10 },
      { partNumber: 'BRAKE-PADS', description: 'Front brake pads (set)', unitPriceCents: 8_900, stockOnHand: 4 },
    ])
      expect((await postJson(manager, '/catalogue/parts', part)).status).toBe(201);
    const pkg = await postJson(manager, '/catalogue/packages', {
      code: 'SVC-12M',
      name: '12-month service',
      translations: { 'zh-CN': '12 个月保养' },
      items: [
        { kind: 'labour', code: 'OIL-CHANGE' },
        { kind: 'part', partNumber: 'FILTER-OIL', quantity: 1 },
      ],
    });
    expect(pkg.status).toBe(201);
    expect(await readJson(pkg)).toMatchObject({ code: 'SVC-12M', models: [], totalCents: 13_500 + 1_250 });
    expect(
      (
        await postJson(manager, '/catalogue/packages', {
          code: 'BRAKES-A4',
          name: 'Front brakes',
          models: ['Audi A4'],
          items: [{ kind: 'part', partNumber: 'BRAKE-PADS', quantity: 1 }],
        })
      ).status,
    ).toBe(201);

    // An administrator may do anything; the stock on hand is for staff only.
    expect((await patchJson(asStaff(stack.app, 'admin'), '/catalogue/parts/BRAKE-PADS', { stockOnHand: 6 })).status).toBe(200);
    const partsList = await readJson(await asStaff(stack.app, 'technician').request('/catalogue/parts'));
    expect(partsList).toEqual(
      expect.arrayContaining([expect.objectContaining({ partNumber: 'BRAKE-PADS', stockOnHand: 6, unitPriceCents: 8_900 })]),
    );
    const packages = await readJson(await advisor.request('/catalogue/packages'));
    expect(packages.map((p: { code: string }) => p.code)).toEqual(['BRAKES-A4', 'SVC-12M']);

    // Prices are the service manager's.
    const byAdvisor = await postJson(advisor, '/catalogue/parts', { partNumber: 'X-1', description: 'X', unitPriceCents: 1 });
    expect(byAdvisor.status).toBe(403);
    expect((await readJson(byAdvisor)).error.message).toContain('manager');
    expect((await patchJson(asStaff(stack.app, 'foreman'), '/catalogue/parts/BRAKE-PADS', { unitPriceCents: 1 })).status).toBe(
      403,
    );
    expect(
      (await postJson(stack.app, '/catalogue/parts', { partNumber: 'X-2', description: 'X', unitPriceCents: 1 })).status,
    ).toBe(401);
    expect((await stack.app.request('/catalogue/parts')).status).toBe(401);
  });

  it('refuses what the catalogue cannot hold, naming the field', async () => {
    const cases: [string, unknown, number, string][] = [
      [
        '/catalogue/labour-operations',
        { code: 'X', description: 'X', flatRateHours: 0, hourlyRateCents: 1, skillLevel: 1 },
        400,
        'flatRateHours',
      ],
      [
        '/catalogue/labour-operations',
        { code: 'X', description: 'X', flatRateHours: 1, hourlyRateCents: 1, skillLevel: 4 },
        400,
        'skillLevel',
      ],
      [
        '/catalogue/labour-operations',
        { code: 'X', description: 'X', flatRateHours: 10_000, hourlyRateCents: 100_000_000, skillLevel: 1 },
        400,
        'hourlyRateCents',
      ],
      ['/catalogue/parts', { partNumber: 'has space', description: 'X', unitPriceCents: 1 }, 400, 'partNumber'],
      ['/catalogue/parts', { partNumber: 'P-1', description: 'X\u0000', unitPriceCents: 1 }, 400, 'description'],
      ['/catalogue/parts', { partNumber: 'P-1', description: 'X', unitPriceCents: 2 ** 31 }, 400, 'unitPriceCents'],
      [
        '/catalogue/parts',
        { partNumber: 'P-1', description: 'X', unitPriceCents: 1, translations: { fr: 'X' } },
        400,
        'translations',
      ],
      ['/catalogue/packages', { code: 'P', name: 'P', items: [] }, 400, 'items'],
      [
        '/catalogue/packages',
        { code: 'P', name: 'P', items: [{ kind: 'part', partNumber: 'NO-SUCH-PART', quantity: 1 }] },
        422,
        'items.0.partNumber',
      ],
      ['/catalogue/packages', { code: 'P', name: 'P', items: [{ kind: 'labour', code: 'NO-SUCH-OP' }] }, 422, 'NO-SUCH-OP'],
    ];
    for (const [path, body, status, named] of cases) {
      const res = await postJson(manager, path, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await readJson(res)).error.message, JSON.stringify(body)).toContain(named);
    }
    expect((await patchJson(manager, '/catalogue/parts/NOBODY', { unitPriceCents: 1 })).status).toBe(404);
    expect((await patchJson(manager, '/catalogue/packages/NOBODY', { active: false })).status).toBe(404);
    const nothing = await patchJson(manager, '/catalogue/labour-operations/OIL-CHANGE', {});
    expect(nothing.status).toBe(400);
  });

  it('publishes the price list to anyone, without a login, and only what is on offer', async () => {
    expect(
      (await postJson(manager, '/catalogue/parts', { partNumber: 'OLD-PART', description: 'Retired', unitPriceCents: 500 }))
        .status,
    ).toBe(201);
    expect((await patchJson(manager, '/catalogue/parts/OLD-PART', { active: false })).status).toBe(200);
    const res = await stack.app.request('/catalogue');
    expect(res.status).toBe(200);
    const list = await readJson(res);
    expect(list).toMatchObject({ currency: 'EUR' });
    expect(list.labourOperations).toEqual([
      {
        code: 'OIL-CHANGE',
        description: 'Oil change',
        translations: { 'zh-CN': '更换机油' },
        flatRateHours: 1.5,
        priceCents: 13_500,
        skillLevel: 1,
      },
    ]);
    expect(list.parts.map((p: { partNumber: string }) => p.partNumber)).toEqual(['BRAKE-PADS', 'FILTER-OIL']);
    expect(list.parts[0]).not.toHaveProperty('stockOnHand');
    const service = list.packages.find((p: { code: string }) => p.code === 'SVC-12M');
    expect(service).toMatchObject({
      name: '12-month service',
      totalCents: 14_750,
      items: [
        { kind: 'labour', code: 'OIL-CHANGE', quantity: 1.5, totalCents: 13_500 },
        { kind: 'part', code: 'FILTER-OIL', quantity: 1, totalCents: 1_250 },
      ],
    });
    // The document marks it public, with its response schema.
    const doc = await readJson(await stack.app.request('/openapi.json'));
    expect(doc.paths['/catalogue'].get.security).toEqual([]);
    expect(doc.paths['/catalogue'].get.responses['200'].content['application/json'].schema).toBeDefined();
    for (const path of ['/catalogue/labour-operations/{code}', '/catalogue/parts/{partNumber}', '/catalogue/packages/{code}'])
      expect(Object.keys(doc.paths[path].patch.responses), path).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
  });

  it('builds an estimate from a package and a part at the catalogue price, keeps free lines free, and freezes the prices', async () => {
    const id = await diagnosed();
    const visit = (await readJson(await advisor.request(`/visits/${id}`))).state as VisitState;
    // The customer reads Chinese: the catalogue's lines are worded for them.
    await stack.database.db.update(customers).set({ language: 'zh-CN' }).where(eq(customers.id, visit.customer.id));
    const res = await estimate(id, [
      { kind: 'package', code: 'SVC-12M' },
      { kind: 'catalogue_part', partNumber: 'BRAKE-PADS', quantity: 2, recommended: true },
      { kind: 'labour', description: 'Check the rattle', quantity: 0.5, unitPriceCents: 8_000 },
    ]);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    const state = (await readJson(res)) as VisitState;
    expect(state.stage).toBe('awaiting_approval');
    expect(
      state.lines.map(({ kind, description, quantity, unitPriceCents, totalCents, catalogue, recommended }) => ({
        kind,
        description,
        quantity,
        unitPriceCents,
        totalCents,
        catalogue,
        recommended,
      })),
    ).toEqual([
      {
        kind: 'labour',
        description: '更换机油',
        quantity: 1.5,
        unitPriceCents: 9_000,
        totalCents: 13_500,
        catalogue: { kind: 'labour_operation', code: 'OIL-CHANGE', packageCode: 'SVC-12M' },
        recommended: false,
      },
      {
        kind: 'part',
        description: '机油滤清器',
        quantity: 1,
        unitPriceCents: 1_250,
        totalCents: 1_250,
        catalogue: { kind: 'part', code: 'FILTER-OIL', packageCode: 'SVC-12M' },
        recommended: false,
      },
      {
        kind: 'part',
        // No Chinese wording on file for this part: the English is used.
        description: 'Front brake pads (set)',
        quantity: 2,
        unitPriceCents: 8_900,
        totalCents: 17_800,
        catalogue: { kind: 'part', code: 'BRAKE-PADS' },
        recommended: true,
      },
      // A line typed by hand carries no catalogue reference.
      {
        kind: 'labour',
        description: 'Check the rattle',
        quantity: 0.5,
        unitPriceCents: 8_000,
        totalCents: 4_000,
        catalogue: undefined,
        recommended: false,
      },
    ]);
    expect(state.lines[0]).toMatchObject({ jobCode: 'OIL-CHANGE', requiredSkill: 1 });
    // Read back with the catalogue's own words, so a staff screen in English names the line in English.
    expect(state.lines.map((l) => l.catalogueWords)).toEqual([
      { description: 'Oil change', translations: { 'zh-CN': '更换机油' } },
      { description: 'Oil filter', translations: { 'zh-CN': '机油滤清器' } },
      { description: 'Front brake pads (set)', translations: {} },
      undefined,
    ]);

    // The manager raises the prices afterwards: the visit keeps the ones it was estimated at.
    expect((await patchJson(manager, '/catalogue/parts/BRAKE-PADS', { unitPriceCents: 9_900 })).status).toBe(200);
    expect((await patchJson(manager, '/catalogue/labour-operations/OIL-CHANGE', { hourlyRateCents: 10_000 })).status).toBe(200);
    const kept = await storedLines(id);
    expect(kept.map((l) => l.unitPriceCents)).toEqual([9_000, 1_250, 8_900, 8_000]);
    const rows = await stack.database.db.select().from(repairLines).where(eq(repairLines.visitId, id));
    expect(rows.map((r) => r.catalogueRef?.code ?? null).sort()).toEqual(['BRAKE-PADS', 'FILTER-OIL', 'OIL-CHANGE', null].sort());

    // The next estimate is made at the new prices.
    const next = await diagnosed();
    const priced = (await readJson(await estimate(next, [{ kind: 'package', code: 'SVC-12M' }]))) as VisitState;
    expect(priced.lines.map((l) => [l.description, l.unitPriceCents, l.totalCents])).toEqual([
      ['Oil change', 10_000, 15_000],
      ['Oil filter', 1_250, 1_250],
    ]);
  });

  it('refuses an unknown code naming it, a retired entry, and a package for another model; the visit waits as it was', async () => {
    const id = await diagnosed();
    const refused = async (lines: unknown[], status: number, ...named: string[]) => {
      const res = await estimate(id, lines);
      expect(res.status, JSON.stringify(lines)).toBe(status);
      const { error } = await readJson(res);
      for (const n of named) expect(error.message).toContain(n);
      return error;
    };
    const unknown = await refused(
      [
        { kind: 'labour', description: 'Check the rattle', quantity: 0.5, unitPriceCents: 8_000 },
        { kind: 'labour_operation', code: 'NO-SUCH-OP' },
      ],
      422,
      'lines.1.code',
      'NO-SUCH-OP',
    );
    expect(unknown.details.fields).toEqual([
      { field: 'lines.1.code', message: 'no labour operation NO-SUCH-OP in the catalogue' },
    ]);
    await refused(
      [{ kind: 'catalogue_part', partNumber: 'NO-SUCH-PART', quantity: 1 }],
      422,
      'lines.0.partNumber',
      'NO-SUCH-PART',
    );
    await refused([{ kind: 'package', code: 'NO-SUCH-PACKAGE' }], 422, 'NO-SUCH-PACKAGE');
    await refused([{ kind: 'catalogue_part', partNumber: 'OLD-PART', quantity: 1 }], 422, 'OLD-PART', 'no longer offered');
    await refused([{ kind: 'package', code: 'BRAKES-A4' }], 422, 'lines.0.code', 'Audi A4', 'VW Golf');
    await refused([{ kind: 'catalogue_part', partNumber: 'BRAKE-PADS', quantity: 0 }], 400, 'lines.0.quantity');
    // The money bounds hold the priced lines: eleven lines of 99,000.00 are more than a visit may charge.
    await refused(
      Array(11).fill({ kind: 'catalogue_part', partNumber: 'BRAKE-PADS', quantity: 10_000 }),
      400,
      'may total at most',
    );
    await refused([{ kind: 'service', code: 'SVC-12M' }], 400, 'lines.0.kind');
    expect((await readJson(await advisor.request(`/visits/${id}`))).state).toMatchObject({ stage: 'diagnosis', lines: [] });
  });
});
