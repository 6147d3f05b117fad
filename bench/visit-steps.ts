// The whole visit the bench drives through the HTTP API: the staff it acts as, the walk-in it opens and the
// thirteen actions that take it to follow-up, each with how to tell from the visit's state that it happened.
import type { ActionName } from '../domain/actions.js';
import type { NewVisit } from '../domain/visit.js';

export interface Tokens {
  advisor: string;
  /** One per technician of the bench's workshop, by id: a repair is taken by the technician dispatch gave it to. */
  technicians: Record<string, string>;
  foreman: string;
  qc: string;
}

type Role = 'advisor' | 'technician' | 'foreman' | 'qc';

/** The bench workshop's technicians (its stack adds them to the directory), three of each skill level. */
export const BENCH_TECHNICIANS = Array.from({ length: 18 }, (_, i) => ({
  id: `tech-${String(i + 1).padStart(2, '0')}`,
  name: `Technician ${i + 1}`,
  skillLevel: 1 + (i % 3),
}));
// biome-ignore lint/suspicious/noExplicitAny: the visit state as the API returns it
export type State = any;

const signature = { signedBy: 'Bench Customer', image: 'data:image/png;base64,iVBORw0KGgo=' };
const HOUR = 3_600_000;

interface Step {
  action: ActionName;
  role: Role;
  payload(s: State): unknown;
  /** True once the state shows the step happened: after a 503 or a lost answer the driver re-reads and moves on. */
  done(s: State): boolean;
}

/**
 * The token a step is sent with: a technician's step by the job's assignee (the diagnosis, before dispatch, by
 * the first technician), any other by its role's.
 */
export function tokenFor(tokens: Tokens, role: Role, s: State): string {
  if (role !== 'technician') return tokens[role];
  const id: string = s.dispatch?.technicianId ?? BENCH_TECHNICIANS[0]?.id;
  const token = tokens.technicians[id];
  if (token === undefined) throw new Error(`the bench has no token for technician ${id}`);
  return token;
}

/** Walk-in to follow-up: the ten-step loop with the reception extras, 13 actions (14 requests with the walk-in). */
export const STEPS: Step[] = [
  {
    action: 'arrive',
    role: 'advisor',
    payload: () => ({ coversFitted: true, mileage: 61_000 }),
    done: (s) => Boolean(s.arrival),
  },
  {
    action: 'record_requests',
    role: 'advisor',
    payload: () => ({ requests: ['Annual service', 'Brake noise at low speed'] }),
    done: (s) => s.requestedServices?.includes('Brake noise at low speed'),
  },
  {
    action: 'check_warranty',
    role: 'advisor',
    payload: () => ({ covered: false, notes: 'Out of warranty' }),
    done: (s) => s.warranty !== undefined,
  },
  {
    action: 'record_inspection',
    role: 'advisor',
    payload: () => ({ damages: [], valuables: ['sunglasses'], fuelLevel: 'half', mileage: 61_000, customerSignature: signature }),
    done: (s) => Boolean(s.inspection),
  },
  {
    action: 'record_diagnosis',
    role: 'technician',
    payload: () => ({ findings: 'Service due; front pads worn', roadTest: true }),
    done: (s) => Boolean(s.diagnosis),
  },
  {
    action: 'submit_estimate',
    role: 'advisor',
    payload: () => ({
      lines: [
        { kind: 'labour', description: 'Annual service', quantity: 1.5, unitPriceCents: 9_000, requiredSkill: 2 },
        { kind: 'part', description: 'Oil filter', quantity: 1, unitPriceCents: 1_250 },
        { kind: 'part', description: 'Front brake pads', quantity: 1, unitPriceCents: 6_400 },
      ],
      promisedAt: new Date(Date.now() + 8 * HOUR).toISOString(),
    }),
    done: (s) => s.lines?.length > 0,
  },
  {
    action: 'decide',
    role: 'advisor',
    payload: (s) => ({
      decisions: s.lines.map((l: { id: string }, i: number) => ({ lineId: l.id, approved: i < 2 })),
      consent: { method: 'signature', signature },
    }),
    done: (s) => s.stage !== 'awaiting_approval' && s.lines?.length > 0,
  },
  {
    action: 'assign_technician',
    role: 'foreman',
    payload: (s) => ({ technicianId: s.dispatch?.proposal?.technicianId ?? 'tech-02', overrideReason: 'bench: first free bay' }),
    done: (s) => Boolean(s.dispatch?.technicianId),
  },
  {
    action: 'start_work',
    role: 'technician',
    payload: () => ({ checklist: { fenderCovers: true } }),
    done: (s) => Boolean(s.work?.startedAt),
  },
  {
    action: 'complete_work',
    role: 'technician',
    payload: () => ({ checklist: { genuineParts: true, onlyWorkOrderItems: true } }),
    done: (s) => Boolean(s.work?.completedAt),
  },
  {
    action: 'record_qc',
    role: 'qc',
    payload: () => ({ passed: true, checklist: [{ packageCode: 'every-vehicle', code: 'wash', passed: true }] }),
    done: (s) => s.qc?.length > 0,
  },
  {
    action: 'record_pickup',
    role: 'advisor',
    payload: (s) => ({
      checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
      payment: { amountCents: s.totals.totalCents, method: 'card' },
    }),
    done: (s) => Boolean(s.pickup),
  },
  {
    action: 'record_follow_up',
    role: 'advisor',
    payload: () => ({ reached: true, satisfaction: 5 }),
    done: (s) => s.followUp?.attempts > 0,
  },
];

/** The advisor the bench's walk-ins name; the bench adds them to the staff directory first. */
export const BENCH_ADVISOR = 'bench-adv-walkin';

let serial = 0;
export function walkInBody(): NewVisit {
  serial++;
  const digits = String(serial).padStart(8, '0');
  return {
    customer: { name: `Walk-in ${digits}`, phone: `+49 40 ${digits}`, preferredChannel: 'sms' },
    vehicle: { vin: `WVWLZZZ1J${digits}`, plate: `HH-${digits.slice(-5)}`, model: 'VW Passat', mileage: 60_000 },
    advisorId: BENCH_ADVISOR,
    requestedServices: ['Annual service'],
  };
}
