import { ACTION_ACTOR_ROLES, type ActionActorRole, aRole, holdsRole, type StaffRole } from './role-rules.js';
import type { Stage } from './stage-rules.js';
import type { Lane } from './visit-state.js';

// What the visit workflow knows of each action, as plain code: workflow code is evaluated once per cached
// workflow, so it carries no schema library. The payload schemas that hold the shape of what is sent live with
// the API edge in actions.ts (`ACTIONS`, built from these rules); the workflow checks stage, role and the visit's
// own preconditions, and fills in the defaults below for payloads sent without them.

/** Who may take a step of a visit, a complaint or a rescue, and what its payload cannot do without. */
export interface StepRule {
  /** The staff roles that may send it (an admin may send any). */
  roles: readonly StaffRole[];
  /** The customer may send it too, on a signed approval link. */
  byCustomer?: true;
  /**
   * The payload's fields the step cannot be taken without (the API's schema requires them; held to it by
   * test/domain/step-rules.test.ts), so a payload sent past the API never fails the workflow for want of one.
   */
  required: readonly string[];
}

interface ActionRule extends StepRule {
  summary: string;
  lane: Lane;
  stages: readonly Stage[];
}

/** Every action a visit accepts: the stages it is valid in and who may send it. */
export const ACTION_RULES = {
  confirm_appointment: {
    summary: 'The customer confirmed the booking',
    lane: 'front_stage',
    stages: ['booked'],
    roles: ['advisor', 'manager'],
    required: [],
  },
  record_confirmation_call: {
    summary: 'Outcome of the day-before confirmation call',
    lane: 'front_stage',
    stages: ['booked'],
    roles: ['advisor', 'manager'],
    required: ['reached'],
  },
  reschedule: {
    summary: 'Move the appointment to a new time (also the answer to a no-show)',
    lane: 'front_stage',
    stages: ['booked'],
    roles: ['advisor', 'manager'],
    required: ['appointmentAt'],
    // The customer moves their own booking on the link its confirmation carries (api/routes/booking.ts).
    byCustomer: true,
  },
  cancel: {
    summary: 'Cancel the visit before any work is approved',
    lane: 'customer',
    stages: ['booked', 'reception', 'diagnosis'],
    roles: ['advisor', 'manager'],
    required: ['reason'],
    // The customer cancels their own booking on the same link; the API sends it only while the visit is booked.
    byCustomer: true,
  },
  mark_no_show: {
    summary: 'Close a booking the customer did not come to and will not re-book',
    lane: 'front_stage',
    stages: ['booked'],
    roles: ['advisor', 'manager'],
    required: [],
  },
  arrive: {
    summary: 'The vehicle is at reception and the three protective covers are fitted in front of the customer',
    lane: 'customer',
    stages: ['booked', 'reception'],
    roles: ['advisor', 'manager'],
    required: ['coversFitted', 'mileage'],
  },
  record_inspection: {
    summary: 'Walk-around inspection, confirmed by the customer',
    lane: 'front_stage',
    stages: ['reception'],
    roles: ['advisor', 'manager'],
    required: ['damages', 'valuables', 'fuelLevel', 'mileage', 'customerSignature'],
  },
  record_requests: {
    summary: "The customer's requests, confirmed at reception",
    lane: 'customer',
    stages: ['reception', 'diagnosis'],
    roles: ['advisor', 'manager'],
    required: ['requests'],
  },
  check_warranty: {
    summary: 'Whether the job is covered by warranty',
    lane: 'back_stage',
    stages: ['reception', 'diagnosis'],
    roles: ['advisor', 'manager'],
    required: ['covered'],
  },
  record_diagnosis: {
    summary: 'Diagnosis report, explained to and signed by the customer',
    lane: 'back_stage',
    stages: ['diagnosis'],
    roles: ['advisor', 'technician', 'foreman', 'manager'],
    required: ['findings', 'roadTest'],
  },
  submit_estimate: {
    summary: 'Estimate lines and the promised delivery time, for the customer to approve',
    lane: 'back_stage',
    stages: ['diagnosis'],
    roles: ['advisor', 'manager'],
    required: ['lines', 'promisedAt'],
  },
  decide: {
    summary: 'The customer approves or declines each pending line, with consent evidence',
    lane: 'customer',
    stages: ['awaiting_approval'],
    roles: ['advisor', 'manager'],
    required: ['decisions', 'consent'],
    byCustomer: true,
  },
  send_approval_link: {
    summary: "Sends the customer the approval link again, on the customer's channel (a fresh link for the same approval)",
    lane: 'front_stage',
    stages: ['awaiting_approval'],
    roles: ['advisor', 'manager'],
    required: [],
  },
  report_additional_work: {
    summary: 'Extra work found during repair: lines, added cost and a new promised time',
    lane: 'back_stage',
    stages: ['in_repair'],
    roles: ['technician', 'foreman', 'advisor', 'manager'],
    required: ['lines', 'promisedAt', 'reason'],
  },
  revise_promise: {
    summary:
      'A new promised time the customer agreed to (signed, or on a recorded call), when the workshop plan cannot meet the old one',
    lane: 'customer',
    stages: ['awaiting_dispatch', 'in_repair', 'quality_check'],
    roles: ['advisor', 'manager'],
    required: ['promisedAt', 'reason', 'consent'],
  },
  assign_technician: {
    summary: 'Dispatch the job to a technician (the proposal, or the foreman overriding it)',
    lane: 'back_stage',
    stages: ['awaiting_dispatch'],
    roles: ['foreman', 'manager'],
    required: ['technicianId'],
  },
  reassign_technician: {
    summary:
      'Hand the job to another technician (the assignee went home or is off the rota); the work stops until the new one starts it',
    lane: 'back_stage',
    // In repair: dispatched and not started yet, or started (a dispatched job is in repair at once).
    stages: ['in_repair'],
    roles: ['foreman', 'manager'],
    required: ['technicianId'],
  },
  start_work: {
    summary: 'The technician starts (or resumes) the work order',
    lane: 'back_stage',
    stages: ['in_repair'],
    roles: ['technician', 'foreman', 'manager'],
    required: ['checklist'],
  },
  complete_work: {
    summary: 'Every approved line is done; the vehicle goes to quality control',
    lane: 'back_stage',
    stages: ['in_repair'],
    roles: ['technician', 'foreman', 'manager'],
    required: ['checklist'],
  },
  record_qc: {
    summary: 'Quality control against the work order and the maintenance checklist',
    lane: 'back_stage',
    stages: ['quality_check'],
    roles: ['qc'],
    required: ['passed'],
  },
  record_pickup: {
    summary: 'Delivery checklist done and the invoice paid',
    lane: 'customer',
    stages: ['ready_for_pickup'],
    roles: ['advisor', 'manager'],
    required: ['checklist', 'payment'],
  },
  record_follow_up: {
    summary: 'Outcome of the follow-up call after delivery',
    lane: 'front_stage',
    stages: ['follow_up'],
    roles: ['advisor', 'manager'],
    required: ['reached'],
  },
} as const satisfies Record<string, ActionRule>;

export type ActionName = keyof typeof ACTION_RULES;
export const ACTION_NAMES = Object.keys(ACTION_RULES) as ActionName[];

/** Who acted: every accepted action carries it into the workflow history. */
export interface ActionActor {
  id: string;
  role: ActionActorRole;
}
/** The longest actor id the records keep (a staff id, or `customer:` and the customer's id). */
export const MAX_ACTOR_ID = 64;

/** Whether a visit in `stage` takes the action at all (what the screens offer, and what the API asks before a move). */
export const acceptedAt = (action: ActionName, stage: string) =>
  (ACTION_RULES[action].stages as readonly string[]).includes(stage);

/** Whether a staff member may send the action (the API's role check, and what the screens offer). */
export const mayPerform = (action: ActionName, role: StaffRole) => holdsRole(role, ACTION_RULES[action].roles);

const isActorRole = (role: unknown): role is ActionActorRole => (ACTION_ACTOR_ROLES as readonly unknown[]).includes(role);

/**
 * Why this actor may not take the step (a visit's action, a complaint's or a rescue's step), in words naming the
 * field, or undefined when it may.
 */
export function actorRefusal(rule: StepRule, step: string, actor: unknown): string | undefined {
  const { id, role } = (typeof actor === 'object' && actor !== null ? actor : {}) as Record<string, unknown>;
  if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_ACTOR_ID)
    return `actor.id: expected the id of who acted, at most ${MAX_ACTOR_ID} characters`;
  if (!isActorRole(role)) return `actor.role: expected one of ${ACTION_ACTOR_ROLES.join(', ')}`;
  const allowed = role === 'customer' ? rule.byCustomer === true : holdsRole(role, rule.roles);
  return allowed ? undefined : `actor.role: ${aRole(role)} may not ${step.replaceAll('_', ' ')}`;
}

/**
 * How often one step may be taken while its workflow stays in one stage: far above what a shop does (a booking
 * moved a dozen times, a follow-up call tried again and again), it bounds what one client can add to a history.
 * A visit holds its whole service in one run, and the server ends a workflow at ~51,200 events.
 */
export const MOST_TAKES_IN_ONE_STAGE = 30;

/** Why a step is refused once more: it was taken `taken` times since its workflow (the `subject`) entered `stage`. */
export const repeatRefusal = (step: string, subject: string, stage: string, taken: number): string | undefined =>
  taken < MOST_TAKES_IN_ONE_STAGE
    ? undefined
    : `${step} was already taken ${taken} times while the ${subject} is ${stage}, the most one stage takes`;

/**
 * How full a workflow's history may get before it is rationed: the Temporal server's own warning marks. The server
 * ends a workflow whose history passes 50 MB or 51,200 events; a whole visit is ~100 KB and ~250 events, but 30
 * takes per stage of a step that carries a 200 kB drawn signature add 6 MB, and QC rework enters stages again, so
 * repeats alone (measured: ~250 valid requests) would end a visit in the middle of its repair.
 */
export const HISTORY_ROOM = { bytes: 10 * 1024 * 1024, events: 10_240 } as const;
/** What one step may carry once the history is past its room: any step's payload without a drawn image. */
export const MOST_CHARACTERS_PAST_ROOM = 16_000;

/**
 * Why a step is refused because its workflow's history is past its room (`HISTORY_ROOM`), or undefined. From then
 * on each step is taken once per stage and carries at most `MOST_CHARACTERS_PAST_ROOM` characters of JSON, so
 * the visit still moves on (each stage's own step is its first take there, and no step needs a drawn image: a
 * consent may be a recorded call) while no client can push the history to the server's end.
 */
export function roomRefusal(
  step: string,
  subject: string,
  stage: string,
  taken: number,
  payloadCharacters: number,
  history: { bytes: number; events: number },
): string | undefined {
  if (history.bytes < HISTORY_ROOM.bytes && history.events < HISTORY_ROOM.events) return undefined;
  const full = `the ${subject}'s history is past ${HISTORY_ROOM.bytes / 1024 / 1024} MB or ${HISTORY_ROOM.events} events`;
  if (taken > 0)
    return `${step} was already taken while the ${subject} is ${stage}, and ${full}: each step is taken once per stage from now on`;
  if (payloadCharacters > MOST_CHARACTERS_PAST_ROOM)
    return `${step} carries ${payloadCharacters} characters, and ${full}: a step carries at most ${MOST_CHARACTERS_PAST_ROOM} from now on (a consent by a recorded call instead of a drawn signature)`;
  return undefined;
}

/**
 * Why a payload cannot be the step's, or undefined: not an object, or without a field the step needs. What each
 * field holds is for the API's schema to check.
 */
export function payloadRefusal(rule: StepRule, payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'payload: expected an object';
  const missing = rule.required.find((field) => (payload as Record<string, unknown>)[field] === undefined);
  return missing === undefined ? undefined : `payload.${missing}: required`;
}

/** What an estimate line is when the sender leaves it out: no discount, any technician, charged, required. */
export const LINE_DEFAULTS = { discountCents: 0, requiredSkill: 1, campaign: false, recommended: false } as const;
/** The other fields an action's payload may leave out. */
export const PAYLOAD_DEFAULTS = {
  arrive: { customerWaiting: false },
  record_follow_up: { complaint: false },
} as const satisfies { [A in ActionName]?: object };

/**
 * The payload as the action's handler reads it: with the defaults filled in. The API sends payloads its schema
 * already completed; a tool or a recorded history may hold them without.
 */
export function withPayloadDefaults(action: ActionName, payload: object): object {
  const defaults: object | undefined = (PAYLOAD_DEFAULTS as Partial<Record<ActionName, object>>)[action];
  const filled: Record<string, unknown> = { ...defaults, ...payload };
  if (Array.isArray(filled.lines)) filled.lines = filled.lines.map((line: object) => ({ ...LINE_DEFAULTS, ...line }));
  return filled;
}
