import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, tasks } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { patchJson, postJson, type RequestingApp, readJson } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import {
  act,
  newVisitBody,
  phoneConsent,
  receiveAndDiagnose,
  repairAndDeliver,
  seedTechnicians,
  stateOf,
  walkIn,
  withContact,
} from '../support/visits.js';
import { waitFor } from '../support/waiting.js';

// Issue 18, campaigns [S1.5 recalls first, S2 product notices]: a maker's recall imported by the service manager
// reaches every affected owner on their channel and the call list, lands on the estimate at reception as a free
// recall line, and counts as completed on the vehicle once that line's job is done.

const HOUR = 3_600_000;
const RECALL_OP = {
  code: 'RC-AIRBAG',
  description: 'Replace the passenger airbag inflator',
  translations: { 'zh-CN': '更换副驾驶安全气囊气体发生器' },
  flatRateHours: 1,
  hourlyRateCents: 10_000,
  skillLevel: 2,
};
const INFLATOR = { partNumber: 'AIRBAG-INF', description: 'Airbag inflator', unitPriceCents: 15_000, stockOnHand: 5 };
const CAMPAIGN = {
  code: 'RC-24-017',
  description: 'The passenger airbag inflator may rupture',
  translations: { 'zh-CN': '副驾驶安全气囊气体发生器可能破裂' },
  labourCode: RECALL_OP.code,
  parts: [{ partNumber: INFLATOR.partNumber, quantity: 1 }],
};
const NOT_ON_FILE = 'WVWZZZ1JZ99999999';

describe('recall campaigns', () => {
  let stack: TestStack;
  let manager: RequestingApp;
  let advisor: RequestingApp;
  const vin: Record<'sms' | 'email' | 'phone', string> = { sms: '', email: '', phone: '' };
  const visit: Record<'sms' | 'email' | 'phone', string> = { sms: '', email: '', phone: '' };

  beforeAll(async () => {
    stack = await startTestStack();
    await seedTechnicians(stack);
    manager = asStaff(stack.app, 'manager', 'mgr-eva');
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    expect((await postJson(manager, '/catalogue/labour-operations', RECALL_OP)).status).toBe(201);
    expect((await postJson(manager, '/catalogue/parts', INFLATOR)).status).toBe(201);
    // Three owners, each reached their own way, whose cars are at the shop as walk-ins.
    for (const [channel, contact] of [
      ['sms', { preferredChannel: 'sms' }],
      ['email', { preferredChannel: 'email', email: 'mei@example.com' }],
      ['phone', { preferredChannel: 'phone' }],
    ] as const) {
      const body = withContact(contact);
      vin[channel] = body.vehicle.vin;
      visit[channel] = await walkIn(stack, { body });
    }
  }, 120_000);
  afterAll(async () => stack?.close());

  it('refuses hostile imports with the field named, and lets only the service manager import', async () => {
    const refused = async (body: unknown, status: number, field: string, who = manager) => {
      const res = await postJson(who, '/campaigns', body);
      expect(res.status).toBe(status);
      expect((await readJson(res)).error.message).toContain(field);
    };
    await refused({ ...CAMPAIGN, vins: [vin.sms, 'WVWZZZ1JZOOOOOOO1'] }, 400, 'vins.1');
    await refused({ ...CAMPAIGN, vins: [vin.sms, 'SHORT'] }, 400, 'vins.1');
    await refused({ ...CAMPAIGN }, 400, 'vins');
    await refused({ ...CAMPAIGN, vins: [vin.sms], model: 'VW Golf' }, 400, 'vins');
    await refused({ ...CAMPAIGN, model: 'VW Golf', yearFrom: 2020 }, 400, 'yearTo');
    await refused({ ...CAMPAIGN, model: 'VW Golf', yearFrom: 2021, yearTo: 2019 }, 400, 'yearTo');
    await refused({ ...CAMPAIGN, vins: [vin.sms], code: 'no spaces' }, 400, 'code');
    await refused({ ...CAMPAIGN, vins: [vin.sms], labourCode: 'NOPE' }, 422, 'labourCode');
    await refused({ ...CAMPAIGN, vins: [vin.sms], parts: [{ partNumber: 'NOPE', quantity: 1 }] }, 422, 'parts.0.partNumber');
    await refused({ ...CAMPAIGN, vins: [vin.sms] }, 403, 'manager', advisor);
    expect(await readJson(await manager.request('/campaigns'))).toEqual([]);
  });

  it('an import notifies the three affected owners on their channel and puts each on the call list, once', async () => {
    const res = await postJson(manager, '/campaigns', { ...CAMPAIGN, vins: [vin.sms, vin.email, vin.phone, NOT_ON_FILE] });
    expect(res.status).toBe(201);
    expect(await readJson(res)).toMatchObject({ code: CAMPAIGN.code, affected: 4, notified: 3, completed: 0 });
    expect((await postJson(manager, '/campaigns', { ...CAMPAIGN, vins: [vin.sms] })).status).toBe(409);

    await stack.client.workflow.getHandle(`campaign-${CAMPAIGN.code}`).result();
    const messages = await stack.database.db
      .select()
      .from(outbox)
      .where(like(outbox.id, `campaign-${CAMPAIGN.code}:%`));
    expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'phone', 'sms']);
    const mail = messages.find((m) => m.channel === 'email');
    expect(mail).toMatchObject({ recipient: 'mei@example.com', template: 'campaign_notice' });
    expect(mail?.payload).toMatchObject({ campaign: CAMPAIGN.code, description: CAMPAIGN.description });

    const calls = await stack.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.kind, 'campaign_call'), eq(tasks.status, 'open')));
    expect(calls.map((t) => t.params?.vin).sort()).toEqual([vin.sms, vin.email, vin.phone].sort());
    const list = await readJson(await advisor.request('/tasks?kind=campaign_call'));
    expect(list.items).toHaveLength(3);
  });

  it('flags the open campaign on the vehicle and adds the free recall line to the estimate at reception', async () => {
    expect(await readJson(await advisor.request(`/vehicles/${vin.sms}/campaigns`))).toEqual([
      expect.objectContaining({ code: CAMPAIGN.code, labourCode: RECALL_OP.code }),
    ]);
    expect(await readJson(await advisor.request(`/vehicles/${newVisitBody().vehicle.vin}/campaigns`))).toEqual([]);

    const id = visit.sms;
    await receiveAndDiagnose(stack, id);
    const estimate = await postJson(advisor, `/visits/${id}/actions/submit_estimate`, {
      lines: [{ kind: 'labour', description: 'Annual service', quantity: 1, unitPriceCents: 9_000 }],
      promisedAt: new Date(Date.now() + 8 * HOUR).toISOString(),
    });
    expect(estimate.status).toBe(200);
    const { lines } = await stateOf(stack, id);
    expect(lines.map((l) => [l.description, l.campaign, l.catalogue?.campaign])).toEqual([
      ['Annual service', false, undefined],
      [RECALL_OP.description, true, CAMPAIGN.code],
      [INFLATOR.description, true, CAMPAIGN.code],
    ]);

    // Approved, dispatched first, done and delivered: the campaign is completed on this vehicle.
    const approved = await act(stack, id, 'decide', {
      decisions: lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: phoneConsent('REC-1'),
    });
    expect(approved.totals.subtotalCents).toBe(9_000); // the recall is never charged
    expect(approved.priorityReason).toBe('recall');
    await repairAndDeliver(stack, id);
    expect(await readJson(await advisor.request(`/vehicles/${vin.sms}/campaigns`))).toEqual([]);
    const [listed] = (await readJson(await advisor.request('/campaigns'))) as { completed: number }[];
    expect(listed).toMatchObject({ code: CAMPAIGN.code, affected: 4, notified: 3, completed: 1 });

    // A later estimate on the same vehicle owes nothing any more.
    const again = await walkIn(stack, { body: { ...newVisitBody(vin.sms) } });
    await receiveAndDiagnose(stack, again);
    await postJson(advisor, `/visits/${again}/actions/submit_estimate`, {
      lines: [{ kind: 'labour', description: 'Wipers', quantity: 1, unitPriceCents: 2_000 }],
      promisedAt: new Date(Date.now() + 8 * HOUR).toISOString(),
    });
    expect((await stateOf(stack, again)).lines.map((l) => l.campaign)).toEqual([false]);
  }, 120_000);

  it('campaign completion is a KPI: completed over affected vehicles, shop-wide', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await manager.request(`/kpis?from=${today}&to=${today}`);
    const report = await readJson(res);
    expect(res.status, JSON.stringify(report)).toBe(200);
    expect(report.groups[0].kpis.campaign_completion).toMatchObject({ value: 0.25, numerator: 1, denominator: 4 });
  });

  it('a campaign named by model and model years reaches the vehicles on file of those years', async () => {
    expect((await patchJson(advisor, `/vehicles/${vin.email}`, { year: 2019 })).status).toBe(200);
    expect((await patchJson(advisor, `/vehicles/${vin.phone}`, { year: 2023 })).status).toBe(200);
    const res = await postJson(manager, '/campaigns', {
      ...CAMPAIGN,
      code: 'PC-24-002',
      parts: [],
      model: 'vw golf',
      yearFrom: 2018,
      yearTo: 2020,
    });
    expect(res.status).toBe(201);
    expect(await readJson(res)).toMatchObject({ affected: 1, notified: 1 });
    const notice = await waitFor('the notice', async () => {
      const [row] = await stack.database.db
        .select()
        .from(outbox)
        .where(eq(outbox.id, `campaign-PC-24-002:${vin.email}:notice`));
      return row;
    });
    expect(notice.channel).toBe('email');
  });

  it('the appointment board flags each booked vehicle with the campaigns still open on it, by code', async () => {
    const at = new Date(Date.now() + 5 * 24 * HOUR);
    at.setUTCHours(10, 0, 0, 0);
    for (const [k, v] of [vin.sms, vin.email, vin.phone, newVisitBody().vehicle.vin].entries()) {
      const slot = new Date(at.getTime() + (k * HOUR) / 2).toISOString();
      const res = await postJson(advisor, '/appointments', { ...newVisitBody(v), appointmentAt: slot });
      expect(res.status, JSON.stringify(await readJson(res.clone()))).toBe(201);
    }
    const board = await readJson(await advisor.request(`/appointments?date=${at.toISOString().slice(0, 10)}&tz=UTC`));
    expect(board.items.map((e: { openCampaigns: string[] }) => e.openCampaigns)).toEqual([
      [], // its recall was done at the shop
      ['PC-24-002', CAMPAIGN.code],
      [CAMPAIGN.code],
      [],
    ]);
  });
});
