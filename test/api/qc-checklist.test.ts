import { expect, it } from 'vitest';
import type { VisitState } from '../../domain/visit-state.js';
import { asStaff } from '../support/auth.js';
import { inQualityControl, SERVICE_12M_CHECKLIST, seedPriceList } from '../support/catalogue.js';
import { patchJson, postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  assignAndStart,
  assigneeOf,
  outboxOf,
  receiveAndEstimate,
  signature,
  stateOf,
  walkIn,
  workCompleted,
  workStarted,
} from '../support/visits.js';

// Issue 18, the maintenance checklist in quality control [S1.7]: each packaged job carries its checklist, kept by the
// catalogue API in English and Chinese; quality control records every item; a failed item sends the vehicle back to
// repair with that item named to the service manager and on the timeline; a pass needs every item.

const stack = useTestStack({ technicians: true });
const manager = () => asStaff(stack.app, 'manager', 'mgr-eva');
const advisor = () => asStaff(stack.app, 'advisor', 'adv-lena');
const inspector = () => asStaff(stack.app, 'qc', 'qc-kim');

const recordQc = (id: string, body: unknown) => postJson(inspector(), `/visits/${id}/actions/record_qc`, body);
const check = (code: string, passed: boolean, note?: string) => ({
  packageCode: 'SVC-12M',
  code,
  passed,
  ...(note ? { note } : {}),
});
/** The wash every vehicle is checked on [S1.7], whatever its lines. */
const wash = (passed: boolean, note?: string) => ({ ...check('wash', passed, note), packageCode: 'every-vehicle' });

it('the service manager keeps a package checklist in English and Chinese; others read it; bad input is refused by field', async () => {
  await seedPriceList(stack.app);
  const added = await patchJson(manager(), '/catalogue/packages/SVC-12M', { checklist: SERVICE_12M_CHECKLIST });
  expect(added.status, await added.clone().text()).toBe(200);
  expect((await readJson(added)).checklist).toEqual(SERVICE_12M_CHECKLIST);

  // Changed: the list is replaced whole, in the order sent; an item left out is gone.
  const [tyres, lights, wash] = SERVICE_12M_CHECKLIST;
  const changed = await patchJson(manager(), '/catalogue/packages/SVC-12M', { checklist: [wash, tyres] });
  expect((await readJson(changed)).checklist.map((c: { code: string }) => c.code)).toEqual(['WASH', 'TYRES']);
  const translationsLeftOut = await patchJson(manager(), '/catalogue/packages/SVC-12M', {
    checklist: [{ code: 'WIPERS', description: 'Wipers clear the screen' }],
  });
  expect((await readJson(translationsLeftOut)).checklist).toEqual([
    { code: 'WIPERS', description: 'Wipers clear the screen', translations: {} },
  ]);
  expect((await patchJson(manager(), '/catalogue/packages/SVC-12M', { checklist: [] })).status).toBe(200);
  expect((await patchJson(manager(), '/catalogue/packages/SVC-12M', { checklist: [tyres, lights, wash] })).status).toBe(200);

  // Every staff member reads it with the package; the public price list does not carry it.
  const packages = await readJson(await asStaff(stack.app, 'qc').request('/catalogue/packages'));
  expect(packages.find((p: { code: string }) => p.code === 'SVC-12M').checklist).toEqual(SERVICE_12M_CHECKLIST);
  const list = await readJson(await stack.app.request('/catalogue'));
  expect(list.packages[0]).not.toHaveProperty('checklist');

  // A new package may carry its checklist from the start.
  const fresh = await postJson(manager(), '/catalogue/packages', {
    code: 'SVC-24M',
    name: '24-month service',
    items: [{ kind: 'labour', code: 'OIL-CHANGE' }],
    checklist: [{ code: 'BRAKE-FLUID', description: 'Brake fluid replaced', translations: { 'zh-CN': '已更换制动液' } }],
  });
  expect(fresh.status, await fresh.clone().text()).toBe(201);
  expect((await readJson(fresh)).checklist).toHaveLength(1);

  // Only the service manager (or an administrator) keeps it.
  expect((await patchJson(advisor(), '/catalogue/packages/SVC-12M', { checklist: [] })).status).toBe(403);

  const refused: [unknown, string][] = [
    [[tyres, { ...lights, code: 'TYRES' }], 'checklist.1.code'],
    [[{ ...tyres, code: 'has space' }], 'checklist.0.code'],
    [[{ ...tyres, description: 'Tyres\u0000' }], 'checklist.0.description'],
    [[{ ...tyres, description: '   ' }], 'checklist.0.description'],
    [[{ ...tyres, description: 'x'.repeat(301) }], 'checklist.0.description'],
    [[{ ...tyres, translations: { fr: 'Pneus' } }], 'checklist.0.translations'],
    [[{ ...tyres, extra: true }], 'checklist.0'],
    [Array.from({ length: 41 }, (_, i) => ({ code: `C${i}`, description: `Check ${i}` })), 'checklist'],
    ['TYRES', 'checklist'],
  ];
  for (const [checklist, named] of refused) {
    const res = await patchJson(manager(), '/catalogue/packages/SVC-12M', { checklist });
    expect(res.status, JSON.stringify(checklist).slice(0, 200)).toBe(400);
    expect((await readJson(res)).error.message).toContain(named);
  }
  const kept = await readJson(await manager().request('/catalogue/packages'));
  expect(kept.find((p: { code: string }) => p.code === 'SVC-12M').checklist).toEqual(SERVICE_12M_CHECKLIST);
});

it('a failed item sends the vehicle back to repair, named in the rework report and on the timeline; a pass needs every item', async () => {
  const id = await inQualityControl(stack);
  const listed = await readJson(await inspector().request(`/visits/${id}/qc-checklist`));
  expect(listed.items.map((i: { code: string; packageName: string }) => [i.packageName, i.code])).toEqual([
    ['Every vehicle', 'wash'],
    ['12-month service', 'TYRES'],
    ['12-month service', 'LIGHTS'],
    ['12-month service', 'WASH'],
  ]);
  expect(listed.items[3]).toMatchObject({
    translations: { 'zh-CN': '车辆内外清洗干净' },
    packageTranslations: { 'zh-CN': '12 个月保养' },
  });

  // An item left out: no pass, and the refusal names it; nothing is recorded.
  const missing = await recordQc(id, { passed: true, checklist: [wash(true), check('TYRES', true), check('LIGHTS', true)] });
  expect(missing.status).toBe(422);
  const { error } = await readJson(missing);
  expect(error.message).toContain('Washed clean inside and out');
  expect(error.details.fields[0].field).toBe('checklist');
  // An item this vehicle's checklist does not hold, or one recorded twice.
  const unknown = await recordQc(id, { passed: true, checklist: [check('BRAKE-FLUID', true)] });
  expect(unknown.status).toBe(422);
  expect((await readJson(unknown)).error.message).toContain('checklist.0.code');
  const twice = await recordQc(id, {
    passed: true,
    checklist: [check('TYRES', true), check('LIGHTS', true), check('WASH', true), check('TYRES', false)],
  });
  expect((await readJson(twice)).error.message).toContain('checklist.3.code');
  // A failure names what failed.
  const unnamed = await recordQc(id, { passed: false, checklist: [check('TYRES', true)] });
  expect(unnamed.status).toBe(400);
  expect((await readJson(unnamed)).error.message).toContain('failedItems');
  for (const hostile of [
    { passed: true, checklist: [{ ...check('TYRES', true), note: 'ok\u0000' }] },
    { passed: true, checklist: [{ ...check('TYRES', true), packageCode: '../SVC' }] },
    { passed: true, checklist: [{ packageCode: 'SVC-12M', code: 'TYRES', passed: 'yes' }] },
    { passed: true, checklist: 'all good' },
  ]) {
    const res = await recordQc(id, hostile);
    expect(res.status, JSON.stringify(hostile)).toBe(400);
    expect((await readJson(res)).error.message).toContain('checklist');
  }
  expect((await stateOf(stack, id)).qc).toEqual([]);

  // The inspector passes the car, but the wash failed: the car goes back, the wash named.
  const failed = await recordQc(id, {
    passed: true,
    checklist: [check('TYRES', true), check('LIGHTS', true), check('WASH', false, 'streaks on the bonnet')],
  });
  expect(failed.status, await failed.clone().text()).toBe(200);
  const back = (await readJson(failed)) as VisitState;
  expect(back).toMatchObject({ stage: 'in_repair', reworkCount: 1 });
  expect(back.qc[0]).toMatchObject({
    passed: false,
    failedChecklist: [{ code: 'WASH', description: 'Washed clean inside and out', note: 'streaks on the bonnet' }],
  });
  const entry = back.timeline.find((e) => e.type === 'qc_failed');
  expect(entry?.summary).toContain('Washed clean inside and out');
  await expect
    .poll(async () => (await outboxOf(stack, id)).find((m) => m.template === 'rework_reported'))
    .toMatchObject({
      recipient: 'manager:service-manager',
      payload: { failedChecklist: [{ code: 'WASH', description: 'Washed clean inside and out', note: 'streaks on the bonnet' }] },
    });

  // Reworked: every item recorded and passed, the car is ready.
  await act(stack, id, 'start_work', workStarted, await assigneeOf(stack, id));
  await act(stack, id, 'complete_work', workCompleted, await assigneeOf(stack, id));
  const passed = await recordQc(id, {
    passed: true,
    checklist: [wash(true), check('WASH', true), check('TYRES', true), check('LIGHTS', true, 'checked twice')],
  });
  expect(passed.status, await passed.clone().text()).toBe(200);
  expect((await readJson(passed)) as VisitState).toMatchObject({ stage: 'ready_for_pickup', reworkCount: 1 });
});

it('every vehicle is checked on the wash: a visit without packaged lines too, a dirty car goes back as a rework', async () => {
  const id = await walkIn(stack);
  expect(await readJson(await inspector().request(`/visits/${id}/qc-checklist`))).toEqual({
    items: [
      {
        packageCode: 'every-vehicle',
        packageName: 'Every vehicle',
        packageTranslations: { 'zh-CN': '每辆车' },
        code: 'wash',
        description: 'Wash clean inside and out: body, glass, wheels, interior, door sills',
        translations: { 'zh-CN': '内外清洗干净：车身、玻璃、轮毂、内饰、门槛' },
      },
    ],
  });
  expect((await inspector().request(`/visits/${crypto.randomUUID()}/qc-checklist`)).status).toBe(404);
  expect((await inspector().request('/visits/not-a-visit/qc-checklist')).status).toBe(400);
  expect((await stack.app.request(`/visits/${id}/qc-checklist`)).status).toBe(401);

  await repairedWithoutPackages(id);
  // A pass without the wash checked is refused, the wash named; nothing is recorded.
  const unchecked = await recordQc(id, { passed: true });
  expect(unchecked.status).toBe(422);
  const { error } = await readJson(unchecked);
  expect(error.details.fields[0].field).toBe('checklist');
  expect(error.message).toContain('Wash clean inside and out');
  expect((await stateOf(stack, id)).qc).toEqual([]);

  // The wash fails: back to repair like any failed item, reported to the service manager as a rework.
  const dirty = await recordQc(id, { passed: false, checklist: [wash(false, 'door sills dirty')] });
  expect(dirty.status, await dirty.clone().text()).toBe(200);
  expect((await readJson(dirty)) as VisitState).toMatchObject({ stage: 'in_repair', reworkCount: 1 });
  await expect
    .poll(async () => (await outboxOf(stack, id)).find((m) => m.template === 'rework_reported'))
    .toMatchObject({
      recipient: 'manager:service-manager',
      payload: { failedChecklist: [{ packageCode: 'every-vehicle', code: 'wash', note: 'door sills dirty' }] },
    });

  await act(stack, id, 'start_work', workStarted, await assigneeOf(stack, id));
  await act(stack, id, 'complete_work', workCompleted, await assigneeOf(stack, id));
  const clean = await recordQc(id, { passed: true, checklist: [wash(true)] });
  expect(clean.status, await clean.clone().text()).toBe(200);
  expect((await readJson(clean)) as VisitState).toMatchObject({ stage: 'ready_for_pickup', reworkCount: 1 });
});

it('no package may take the code of the checks every vehicle gets', async () => {
  const res = await postJson(manager(), '/catalogue/packages', {
    code: 'every-vehicle',
    name: 'Shadow',
    items: [{ kind: 'labour', code: 'OIL-CHANGE' }],
  });
  expect(res.status).toBe(400);
  expect((await readJson(res)).error.message).toContain('code');
});

/** A walk-in with typed lines only, estimated, approved, repaired and waiting for quality control. */
async function repairedWithoutPackages(id: string) {
  const estimated = await receiveAndEstimate(stack, id);
  await act(stack, id, 'decide', {
    decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
  await assignAndStart(stack, id, { technicianId: 'tech-omar', overrideReason: 'fixture' });
  await act(stack, id, 'complete_work', workCompleted, await assigneeOf(stack, id));
}
