import { setTimeout as pause } from 'node:timers/promises';
import type { ServicelaneClient } from './client.js';
import { DEMO_POLICY, signature } from './day.js';

// Parts prepared before the car arrives [S1.1]: a booking of the 60,000 km ignition service, whose four spark plugs
// are two short. The reservation the day before (at once for a booking made inside that day) puts two on the shelf
// for it and two on order; once its work is approved the workshop plan does not start it before they arrive.

const PLUGS = {
  partNumber: 'SPARK-PLUG',
  description: 'Spark plug',
  translations: { 'zh-CN': '火花塞' },
  unitPriceCents: 1_400,
  stockOnHand: 2,
  leadTimeDays: 3,
};
const IGNITION = {
  code: 'IGNITION-60K',
  name: '60,000 km ignition service',
  translations: { 'zh-CN': '6 万公里点火系统保养' },
  items: [
    { kind: 'labour', code: 'SVC-ANNUAL' },
    { kind: 'part', partNumber: 'SPARK-PLUG', quantity: 4 },
  ],
};

interface VisitParts {
  parts: { partNumber: string; reserved: number; short: number }[];
  waitingUntil: string | null;
}
interface QueueEntry {
  visitId: string;
  partsExpectedAt: string | null;
  proposal: { projectedFinishAt: string; meetsPromise: boolean } | null;
}

/** Books the ignition service, waits for its reservation, approves its work, and answers what the plan says. */
export async function playPartsShortage(api: ServicelaneClient) {
  const manager = api.as('manager');
  const parts = await manager.get<{ partNumber: string; stockReserved: number }[]>('/catalogue/parts');
  const plugs = parts.find((p) => p.partNumber === PLUGS.partNumber);
  if (!plugs) await manager.post('/catalogue/parts', PLUGS);
  // A rerun finds the plugs held by the last run's booking: a stocktake puts two free ones on the shelf again.
  else
    await api.call(
      'PATCH',
      `/catalogue/parts/${PLUGS.partNumber}`,
      { stockOnHand: PLUGS.stockOnHand + plugs.stockReserved },
      'manager',
    );
  const packages = await manager.get<{ code: string }[]>('/catalogue/packages');
  if (!packages.some((p) => p.code === IGNITION.code)) await manager.post('/catalogue/packages', IGNITION);

  const advisor = api.as('advisor');
  const n = Date.now() % 100_000;
  const { visitId } = await advisor.post<{ visitId: string }>('/appointments', {
    customer: { name: 'Demo parts customer', phone: `+49 30 556 ${String(n).padStart(5, '0')}` },
    vehicle: { vin: `WVWPRT${String(n).padStart(11, '0')}`, plate: `DP-${n}`, model: 'VW Golf', mileage: 60_000 },
    advisorId: 'adv-lena',
    requestedServices: ['60,000 km service'],
    requestedJobs: [IGNITION.code],
    appointmentAt: new Date(Date.now() + 15_000).toISOString(),
    // Seconds ahead, at whatever hour the demo runs: booked like a visit arranged outside the opening hours.
    confirmClosed: true,
    policy: DEMO_POLICY,
  });
  let reservation: VisitParts = { parts: [], waitingUntil: null };
  for (let i = 0; i < 120 && reservation.parts.length === 0; i++) {
    await pause(250);
    reservation = await advisor.get<VisitParts>(`/visits/${visitId}/parts`);
  }
  const act = (role: 'advisor' | 'technician', action: string, body: unknown) =>
    api.as(role).post<{ lines: { id: string }[] }>(`/visits/${visitId}/actions/${action}`, body);
  await act('advisor', 'arrive', { coversFitted: true, mileage: 60_100 });
  await act('advisor', 'record_inspection', {
    damages: [],
    valuables: [],
    fuelLevel: 'half',
    mileage: 60_100,
    customerSignature: signature('Demo parts customer'),
  });
  await act('technician', 'record_diagnosis', { findings: 'Ignition service due', roadTest: false });
  const estimated = await act('advisor', 'submit_estimate', {
    lines: [{ kind: 'package', code: IGNITION.code }],
    promisedAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
  });
  await act('advisor', 'decide', {
    decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Demo parts customer') },
  });
  let queued: QueueEntry | undefined;
  for (let i = 0; i < 120 && !queued; i++) {
    const board = await api.as('foreman').get<{ awaitingDispatch: QueueEntry[] }>('/workshop?limit=500');
    queued = board.awaitingDispatch.find((j) => j.visitId === visitId);
    if (!queued) await pause(250);
  }
  const [line] = reservation.parts;
  return {
    visitId,
    picked: line?.reserved ?? 0,
    short: line?.short ?? 0,
    expectedAt: reservation.waitingUntil,
    plannedFinish: queued?.proposal?.projectedFinishAt ?? null,
    meetsPromise: queued?.proposal?.meetsPromise ?? null,
  };
}
