// Catalogue entries the tests enter through the API (test/api/catalogue.test.ts, the price list's screens).

import { expect } from 'vitest';
import type { createApp } from '../../api/app.js';
import type { VisitState } from '../../domain/visit-state.js';
import { asStaff } from './auth.js';
import { postJson, readJson } from './http.js';
import type { TestStack } from './stack.js';
import {
  act,
  assigneeOf,
  foreman,
  receiveAndDiagnose,
  signature,
  stateOf,
  walkIn,
  workCompleted,
  workStarted,
} from './visits.js';

type App = ReturnType<typeof createApp>;

export const OIL_CHANGE = {
  code: 'OIL-CHANGE',
  description: 'Oil change',
  translations: { 'zh-CN': '更换机油' },
  flatRateHours: 1.5,
  hourlyRateCents: 9_000,
  skillLevel: 1,
};

export const OIL_FILTER = {
  partNumber: 'FILTER-OIL',
  description: 'Oil filter',
  translations: { 'zh-CN': '机油滤清器' },
  unitPriceCents: 1_250,
};

/** The 12-month service for one model: the oil change and two oil filters. */
export const SERVICE_12M = {
  code: 'SVC-12M',
  name: '12-month service',
  translations: { 'zh-CN': '12 个月保养' },
  models: ['VW Golf'],
  items: [
    { kind: 'labour', code: 'OIL-CHANGE' },
    { kind: 'part', partNumber: 'FILTER-OIL', quantity: 2 },
  ],
};

/** A small published price list, entered by the service manager through the API. */
export async function seedPriceList(app: App): Promise<void> {
  const manager = asStaff(app, 'manager', 'mgr-eva');
  for (const [path, body] of [
    ['/catalogue/labour-operations', OIL_CHANGE],
    ['/catalogue/parts', OIL_FILTER],
    ['/catalogue/packages', SERVICE_12M],
  ] as const) {
    const res = await postJson(manager, path, body);
    if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  }
}

/** The manager's booking capacity for online booking: half-hour slots, `receptionsPerSlot` customers in each. */
export async function setBookingCapacity(app: App, receptionsPerSlot: number): Promise<void> {
  const res = await asStaff(app, 'manager', 'mgr-eva').request('/booking-capacity', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ slotMinutes: 30, receptionsPerSlot, workshopHoursPerDay: 40 }),
  });
  if (res.status !== 200) throw new Error(`capacity answered ${res.status}: ${await res.text()}`);
}

/** The 12-month service's maintenance checklist [S1.7], as the service manager keeps it (test/api/qc-checklist.test.ts). */
export const SERVICE_12M_CHECKLIST = [
  { code: 'TYRES', description: 'Tyre pressures set to the door sticker', translations: { 'zh-CN': '按车门标签调整胎压' } },
  { code: 'LIGHTS', description: 'All lights work', translations: { 'zh-CN': '所有灯光正常' } },
  { code: 'WASH', description: 'Washed clean inside and out', translations: { 'zh-CN': '车辆内外清洗干净' } },
];

/**
 * A visit estimated through the API from the 12-month service and a typed line, approved, repaired and waiting for
 * quality control (the package's checklist is the service manager's to set first).
 */
export async function inQualityControl(stack: TestStack): Promise<string> {
  const advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  const id = await walkIn(stack);
  await receiveAndDiagnose(stack, id);
  const estimated = await postJson(advisor, `/visits/${id}/actions/submit_estimate`, {
    lines: [
      { kind: 'package', code: 'SVC-12M' },
      { kind: 'labour', description: 'Check the rattle', quantity: 0.5, unitPriceCents: 8_000 },
    ],
    promisedAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
  });
  expect(estimated.status, await estimated.clone().text()).toBe(200);
  const { lines } = (await readJson(estimated)) as VisitState;
  const decided = await postJson(advisor, `/visits/${id}/actions/decide`, {
    decisions: lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
  expect(decided.status, await decided.clone().text()).toBe(200);
  await expect.poll(async () => (await stateOf(stack, id)).dispatch.proposal).not.toBeNull();
  const proposed = (await stateOf(stack, id)).dispatch.proposal?.technicianId as string;
  await act(stack, id, 'assign_technician', { technicianId: proposed }, foreman);
  await act(stack, id, 'start_work', workStarted, await assigneeOf(stack, id));
  await act(stack, id, 'complete_work', workCompleted, await assigneeOf(stack, id));
  return id;
}
