import { setTimeout as pause } from 'node:timers/promises';
import type { VisitPolicyOverride } from '../../domain/policy.js';
import type { StaffRole } from '../../domain/roles.js';
import type { VisitState } from '../../domain/visit-state.js';
import { ApiError, type ServicelaneClient } from './client.js';
import { recordQc } from './qc-checklist.js';

/** A small seeded generator, so two demo runs tell the same day. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
  };
}
export type Random = ReturnType<typeof random>;

/** Who the demo acts as, one of each role: the one technician signed in is Omar (see `repairStep`). */
const DEMO_STAFF: [StaffRole, string, string][] = [
  ['advisor', 'adv-lena', 'Lena (advisor)'],
  ['technician', 'tech-omar', 'Omar (technician)'],
  ['foreman', 'fm-jo', 'Jo (foreman)'],
  ['qc', 'qc-kim', 'Kim (QC)'],
  ['manager', 'mgr-eva', 'Eva (service manager)'],
  ['admin', 'adm-ida', 'Ida (administrator)'],
];

/** Signs the demo's staff in on the client, a token per role. */
export async function signInDemoStaff(api: ServicelaneClient) {
  for (const [role, id, name] of DEMO_STAFF) await api.login(role, id, name);
}

/** The advisors the day's bookings name: bookings pick them from the staff directory, so register them first. */
export const DEMO_ADVISORS = [
  { id: 'adv-lena', name: 'Lena Vogt', role: 'advisor' },
  { id: 'adv-max', name: 'Max Brandt', role: 'advisor' },
  { id: 'adv-sara', name: 'Sara Nowak', role: 'advisor' },
] as const;

/** The whole day in minutes: the call happens seconds after booking, the follow-up seconds after pickup. */
export const DEMO_POLICY: VisitPolicyOverride = {
  confirmationLeadMs: 8_000,
  confirmationRetryMs: 4_000,
  noShowGraceMs: 5_000,
  noShowCloseMs: 20_000,
  atRiskBufferMs: 5_000,
  approvalReminderMs: 15_000,
  approvalEscalationMs: 30_000,
  followUpCallAfterMs: 2_000,
  followUpDeadlineMs: 60_000,
  followUpRetryMs: 3_000,
  followUpWindowMs: 90_000,
  reminderLeadMs: 400 * 86_400_000,
  taxRateBasisPoints: 1_900,
};

/** The estimate's lines: from the price list (scripts/demo/catalogue.ts), and one typed by hand. */
const SERVICE = { kind: 'package', code: 'SVC-12M' } as const;
const JOBS = [
  { kind: 'labour_operation', code: 'TIMING-BELT' },
  { kind: 'catalogue_part', partNumber: 'WIPER-BLADE', quantity: 2 },
  { description: 'Headlight alignment', kind: 'labour', quantity: 0.5, unitPriceCents: 9_500, requiredSkill: 1 },
] as const;
const FRONT_BRAKES = [
  { kind: 'labour_operation', code: 'BRAKE-PADS-F' },
  { kind: 'catalogue_part', partNumber: 'BRAKE-PADS-FRONT', quantity: 1 },
] as const;

/** A customer's signature as the demo signs: a name and a tiny image. */
export const signature = (signedBy: string) => ({ signedBy, image: 'data:image/png;base64,iVBORw0KGgo=' });

export interface VisitOutcome {
  visitId: string;
  kind: 'appointment' | 'walk_in';
  declined: number;
  reworks: number;
  extraWork: boolean;
  followUp?: number;
}

const plate = (n: number) => `DM-${String(1000 + n)}`;
const vin = (n: number) => `WVWDEM${String(n).padStart(11, '0')}`;

export async function waitFor(
  api: ServicelaneClient,
  visitId: string,
  ready: (s: VisitState) => boolean,
  what: string,
): Promise<VisitState> {
  for (let i = 0; i < 600; i++) {
    const { state } = await api.as('advisor').get<{ state: VisitState | null }>(`/visits/${visitId}`);
    if (state && ready(state)) return state;
    await pause(250);
  }
  throw new Error(`${visitId}: gave up waiting for ${what}`);
}

export const act = (
  api: ServicelaneClient,
  role: Parameters<ServicelaneClient['as']>[0],
  visitId: string,
  action: string,
  body: unknown,
) => api.as(role).post<VisitState>(`/visits/${visitId}/actions/${action}`, body);

/** What a 409 says when the workshop plan moved against a choice (domain/dispatch.ts `judgeAssignment`). */
const planMoved = (err: unknown) => {
  if (!(err instanceof ApiError) || err.status !== 409) return undefined;
  const details = (
    err.body as { error?: { details?: { reason?: string; planVersion?: string; proposal?: { technicianId: string } } } }
  ).error?.details;
  return details?.reason === 'plan_moved' && details.proposal ? { ...details, proposal: details.proposal } : undefined;
};

/**
 * The foreman assigns the plan's proposal, with the plan version the screen showed. Other visits are dispatched at
 * the same time, so the plan can move in between: the API still takes the choice when that technician meets the
 * promise, or answers with what the plan proposes now, which the foreman assigns.
 */
export async function assignAsProposed(api: ServicelaneClient, id: string) {
  await waitFor(api, id, (s) => s.dispatch.proposal !== null || s.stage !== 'awaiting_dispatch', 'a dispatch proposal');
  const { plan } = await api
    .as('foreman')
    .get<{ plan: { version: string; proposal: { technicianId: string } | null } | null }>(`/visits/${id}`);
  let choice: { technicianId: string; planVersion?: string; overrideReason?: string } = {
    technicianId: plan?.proposal?.technicianId ?? 'tech-omar',
    planVersion: plan?.version,
    overrideReason: plan?.proposal ? undefined : 'nobody proposed',
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await act(api, 'foreman', id, 'assign_technician', choice);
    } catch (err) {
      const moved = planMoved(err);
      if (attempt >= 10 || !moved) throw err;
      choice = { technicianId: moved.proposal.technicianId, planVersion: moved.planVersion };
    }
  }
}

/**
 * A repair step as the workshop takes it: by the technician the job is assigned to, who alone works on it. The demo
 * signs in one technician; a job dispatch gave another is recorded by the foreman for its technician, as a shop does
 * for someone away from a terminal (the step is stored as theirs).
 */
export async function repairStep(api: ServicelaneClient, id: string, action: string, body: unknown) {
  try {
    return await act(api, 'technician', id, action, body);
  } catch (err) {
    const reason =
      err instanceof ApiError ? (err.body as { error?: { details?: { reason?: string } } }).error?.details?.reason : undefined;
    if (reason !== 'assigned_elsewhere') throw err;
    return act(api, 'foreman', id, action, body);
  }
}

/** One customer's visit, played through the public API the way the front desk, workshop and customer would. */
export async function playVisit(
  api: ServicelaneClient,
  n: number,
  rnd: Random,
  { policy = DEMO_POLICY, bookAheadMs = 10_000 }: { policy?: VisitPolicyOverride; bookAheadMs?: number } = {},
): Promise<VisitOutcome> {
  const walkIn = rnd.chance(0.35);
  const customer = {
    name: `Demo customer ${n}`,
    phone: `+49 30 555 ${String(1000 + n)}`,
    preferredChannel: rnd.pick(['sms', 'email'] as const),
    email: `demo${n}@example.com`,
  };
  const body = {
    customer,
    vehicle: {
      vin: vin(n),
      plate: plate(n),
      model: rnd.pick(['VW Golf', 'Skoda Octavia', 'Audi A4', 'VW Passat']),
      mileage: 20_000 + Math.floor(rnd.next() * 100_000),
    },
    advisorId: rnd.pick(DEMO_ADVISORS).id,
    requestedServices: [rnd.pick(['Annual service', 'Brake noise', 'Warning light', 'Tyre change'])],
    priorityReason: rnd.chance(0.05) ? 'recall' : rnd.chance(0.08) ? 'rework' : undefined,
    policy,
  };
  const outcome: VisitOutcome = {
    visitId: '',
    kind: walkIn ? 'walk_in' : 'appointment',
    declined: 0,
    reworks: 0,
    extraWork: false,
  };
  if (walkIn) {
    outcome.visitId = (await api.as('advisor').post<{ visitId: string }>('/visits', body)).visitId;
  } else {
    const appointmentAt = new Date(Date.now() + bookAheadMs + Math.floor(rnd.next() * 30_000)).toISOString();
    // Seconds ahead, at whatever hour the demo runs: booked like a visit arranged outside the opening hours.
    const booking = { ...body, appointmentAt, confirmClosed: true };
    outcome.visitId = (await api.as('advisor').post<{ visitId: string }>('/appointments', booking)).visitId;
    if (rnd.chance(0.15)) {
      await waitFor(api, outcome.visitId, (s) => s.stage === 'no_show', 'the no-show to close');
      return outcome;
    }
    if (rnd.chance(0.7)) {
      await waitFor(api, outcome.visitId, (s) => s.appointment.confirmationCalls > 0, 'the confirmation call');
      await act(api, 'advisor', outcome.visitId, 'record_confirmation_call', { reached: true, confirmed: true });
    }
    await pause(Math.max(0, Date.parse(appointmentAt) - Date.now()));
  }
  const id = outcome.visitId;
  const mileage = body.vehicle.mileage + 500;
  await act(api, 'advisor', id, 'arrive', { coversFitted: true, mileage, customerWaiting: rnd.chance(0.3) });
  await act(api, 'advisor', id, 'record_inspection', {
    damages: rnd.chance(0.3) ? [{ area: 'rear bumper', description: 'scratch' }] : [],
    valuables: [],
    fuelLevel: 'half',
    mileage,
    customerSignature: signature(customer.name),
  });
  await act(api, 'technician', id, 'record_diagnosis', { findings: 'See estimate', roadTest: rnd.chance(0.3) });
  const lines = [SERVICE, ...JOBS.filter(() => rnd.chance(0.35))];
  const estimated = await act(api, 'advisor', id, 'submit_estimate', {
    lines,
    promisedAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  });

  const decisions = estimated.lines.map((line, i) => ({ lineId: line.id, approved: i === 0 || !rnd.chance(0.25) }));
  outcome.declined += decisions.filter((d) => !d.approved).length;
  if (rnd.chance(0.5)) {
    // The customer decides on their phone through the signed link.
    const link = await api.as('advisor').post<{ token: string }>(`/visits/${id}/approval-links`);
    await api.as('customer').post(`/approvals/${link.token}`, { decisions, signature: signature(customer.name) });
  } else {
    await act(api, 'advisor', id, 'decide', { decisions, consent: { method: 'signature', signature: signature(customer.name) } });
  }

  await assignAsProposed(api, id);
  await repairStep(api, id, 'start_work', { checklist: { fenderCovers: true } });
  if (rnd.chance(0.2)) {
    outcome.extraWork = true;
    const found = await repairStep(api, id, 'report_additional_work', {
      lines: FRONT_BRAKES,
      promisedAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      reason: 'Pads worn to 2 mm',
    });
    const extra = found.lines.filter((l) => l.status === 'proposed');
    const approved = !rnd.chance(0.25);
    if (!approved) outcome.declined += extra.length;
    await act(api, 'advisor', id, 'decide', {
      decisions: extra.map((l) => ({ lineId: l.id, approved })),
      consent: {
        method: 'phone',
        callReference: `CALL-${n}`,
        calledBy: 'adv-lena',
        calledAt: new Date().toISOString(),
        spokeWith: customer.name,
      },
    });
    await repairStep(api, id, 'start_work', { checklist: { fenderCovers: true } });
  }
  await repairStep(api, id, 'complete_work', { checklist: { genuineParts: true, onlyWorkOrderItems: true } });
  while (rnd.chance(outcome.reworks === 0 ? 0.06 : 0.02)) {
    outcome.reworks++;
    await recordQc(api, id, 'rework');
    await repairStep(api, id, 'start_work', { checklist: { fenderCovers: true } });
    await repairStep(api, id, 'complete_work', { checklist: { genuineParts: true, onlyWorkOrderItems: true } });
  }
  const passed = await recordQc(api, id, 'pass');
  await act(api, 'advisor', id, 'record_pickup', {
    checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
    payment: { amountCents: passed.totals.totalCents, method: rnd.pick(['card', 'cash', 'transfer']) },
  });
  await waitFor(
    api,
    id,
    (s) => s.timeline.some((e) => e.type === 'visit_opened') && s.stage === 'follow_up',
    'the follow-up call',
  );
  if (rnd.chance(0.2)) await act(api, 'advisor', id, 'record_follow_up', { reached: false });
  const satisfaction = rnd.pick([5, 5, 5, 4, 4, 4, 3, 2, 1]);
  try {
    await act(api, 'advisor', id, 'record_follow_up', { reached: true, satisfaction, complaint: satisfaction === 1 });
    outcome.followUp = satisfaction;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 409)) throw err;
  }
  return outcome;
}
