import { setTimeout as pause } from 'node:timers/promises';
import type { VisitState } from '../../domain/visit-state.js';
import type { ServicelaneClient } from './client.js';
import { act, assignAsProposed, DEMO_POLICY, repairStep, signature, waitFor } from './day.js';
import { recordQc } from './qc-checklist.js';

// A maker's recall [S1.5, S2] in the demo: the service manager imports it for three cars on file; their owners are
// told on their channel and put on the call list; the first car comes in, the free recall line is on its estimate,
// and once its job is done the campaign's completion shows it.

const RECALL_OP = {
  code: 'RECALL-AIRBAG',
  description: 'Replace the passenger airbag inflator',
  translations: { 'zh-CN': '更换副驾驶安全气囊气体发生器' },
  flatRateHours: 1,
  hourlyRateCents: 10_000,
  skillLevel: 2,
};
const INFLATOR = {
  partNumber: 'AIRBAG-INF',
  description: 'Airbag inflator',
  translations: { 'zh-CN': '安全气囊气体发生器' },
  unitPriceCents: 15_000,
  stockOnHand: 10,
};

interface Campaign {
  code: string;
  affected: number;
  notified: number;
  completed: number;
}

export interface CampaignOutcome {
  code: string;
  told: number;
  onCallList: number;
  recallLines: number;
  completed: string;
}

export async function playCampaign(api: ServicelaneClient): Promise<CampaignOutcome> {
  const manager = api.as('manager');
  const known = (await manager.get<{ code: string }[]>('/catalogue/labour-operations')).map((o) => o.code);
  if (!known.includes(RECALL_OP.code)) await manager.post('/catalogue/labour-operations', RECALL_OP);
  const parts = (await manager.get<{ partNumber: string }[]>('/catalogue/parts')).map((p) => p.partNumber);
  if (!parts.includes(INFLATOR.partNumber)) await manager.post('/catalogue/parts', INFLATOR);

  // Each run has its own campaign and cars, so the demo can be played again against the same shop.
  const stamp = String(Date.now() % 1e11).padStart(11, '0');
  const owners = (['sms', 'email', 'phone'] as const).map((channel, i) => ({
    customer: {
      name: `Recall owner ${i + 1}`,
      phone: `+49 30 777 ${stamp.slice(-4)}${i}`,
      preferredChannel: channel,
      email: `recall${i}@example.com`,
    },
    vehicle: { vin: `WVWRC${i}${stamp}`, plate: `RC-${stamp.slice(-3)}${i}`, model: 'VW Golf', mileage: 30_000 + i },
    advisorId: 'adv-lena',
    requestedServices: ['Annual service'],
    policy: DEMO_POLICY,
  }));
  // The first car is at reception already; the other two are on file from earlier visits.
  const { visitId } = await api.as('advisor').post<{ visitId: string }>('/visits', owners[0]);
  for (const owner of owners.slice(1)) await api.as('advisor').post('/visits', owner);

  const code = `RC-DEMO-${stamp.slice(-6)}`;
  await manager.post('/campaigns', {
    code,
    description: 'The passenger airbag inflator may rupture',
    translations: { 'zh-CN': '副驾驶安全气囊气体发生器可能破裂' },
    labourCode: RECALL_OP.code,
    parts: [{ partNumber: INFLATOR.partNumber, quantity: 1 }],
    vins: owners.map((o) => o.vehicle.vin),
  });
  // The campaign's workflow tells the owners in the background: their calls reach the list within moments.
  let onCallList = 0;
  for (let i = 0; i < 40 && onCallList < owners.length; i++) {
    const calls = await api
      .as('advisor')
      .get<{ items: { params: { campaign?: string } | null }[] }>('/tasks?kind=campaign_call&limit=100');
    onCallList = calls.items.filter((t) => t.params?.campaign === code).length;
    if (onCallList < owners.length) await pause(250);
  }

  await act(api, 'advisor', visitId, 'arrive', { coversFitted: true, mileage: 30_100 });
  await act(api, 'advisor', visitId, 'record_inspection', {
    damages: [],
    valuables: [],
    fuelLevel: 'half',
    mileage: 30_100,
    customerSignature: signature('Recall owner 1'),
  });
  await act(api, 'technician', visitId, 'record_diagnosis', { findings: 'Service due', roadTest: false });
  const estimated = await act(api, 'advisor', visitId, 'submit_estimate', {
    lines: [{ kind: 'labour_operation', code: 'SVC-ANNUAL' }],
    promisedAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  });
  const decided = await act(api, 'advisor', visitId, 'decide', {
    decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Recall owner 1') },
  });
  await assignAsProposed(api, visitId);
  await repairStep(api, visitId, 'start_work', { checklist: { fenderCovers: true } });
  await repairStep(api, visitId, 'complete_work', { checklist: { genuineParts: true, onlyWorkOrderItems: true } });
  const passed = await recordQc(api, visitId, 'pass');
  await act(api, 'advisor', visitId, 'record_pickup', {
    checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
    payment: { amountCents: passed.totals.totalCents, method: 'card' },
  });
  await waitFor(api, visitId, (s: VisitState) => s.stage !== 'ready_for_pickup', 'the pickup');
  const campaign = (await manager.get<Campaign[]>('/campaigns')).find((c) => c.code === code);
  return {
    code,
    told: campaign?.notified ?? 0,
    onCallList,
    recallLines: decided.lines.filter((l) => l.campaign).length,
    completed: `${campaign?.completed ?? 0} of ${campaign?.affected ?? 0}`,
  };
}
