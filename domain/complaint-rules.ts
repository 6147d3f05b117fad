import type { StepRule } from './action-rules.js';
import { MS_PER_HOUR } from './time-units.js';

// What the complaint workflow knows of complaints, as plain code (workflow code is evaluated once per cached
// workflow); the schemas that hold what is sent are in complaints.ts, built from these.

/** Complaint handling [S4]: receive and record → handle with a solution and follow it → report, explain, remedy. */
export const COMPLAINT_STAGES = [
  'received',
  'assigned',
  'solution_proposed',
  'carried_out',
  'outcome_reported',
  'closed',
] as const;
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number];

/**
 * Where it came from: a dissatisfied 3-day follow-up call, the hotline, another call-list call, the API, or
 * whatever channel the customer used to reach the desk (a phone call, in person, an e-mail, a letter).
 */
export const COMPLAINT_SOURCES = ['follow_up', 'hotline', 'call_list', 'api', 'phone', 'in_person', 'email', 'letter'] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];

/** How the complaint came in, as the timeline tells it ("received from … by a phone call"). */
export const COMPLAINT_SOURCE_NAME: Record<ComplaintSource, string> = {
  follow_up: 'the follow-up call',
  hotline: 'the hotline',
  call_list: 'a call-list call',
  api: 'the service desk',
  phone: 'a phone call',
  in_person: 'a visit to the desk',
  email: 'e-mail',
  letter: 'letter',
};

/** The two SLA clocks when nobody set them, counted in the shop's open hours (its calendar, db/calendar.ts). */
export const DEFAULT_COMPLAINT_POLICY = {
  /** First response: an owner is assigned and has acknowledged the complaint to the customer. */
  firstResponseMs: 4 * MS_PER_HOUR,
  /** Resolution: the outcome, its explanation and the remedy are reported to the customer (3 days of 10 h). */
  resolutionMs: 30 * MS_PER_HOUR,
};

/** Every step of a complaint: the stages it is accepted in, and who may take it. */
export const COMPLAINT_ACTION_RULES = {
  assign: {
    summary: 'Name an owner, who acknowledges the complaint to the customer (the first response)',
    stages: ['received', 'assigned'],
    roles: ['manager', 'advisor'],
    required: ['assigneeId', 'acknowledgement'],
  },
  propose_solution: {
    summary: 'The solution agreed with the customer',
    stages: ['assigned', 'solution_proposed'],
    roles: ['manager', 'advisor'],
    required: ['solution'],
  },
  carry_out: {
    summary: 'The solution was carried out',
    stages: ['solution_proposed'],
    roles: ['manager', 'advisor', 'foreman'],
    required: ['notes'],
  },
  report_outcome: {
    summary: 'The outcome reported to the customer with the explanation and the remedy offered (resolution)',
    stages: ['carried_out'],
    roles: ['manager', 'advisor'],
    required: ['explanation', 'remedy', 'channel'],
  },
  close: {
    summary: 'Close the complaint with the customer’s answer to the outcome',
    stages: ['outcome_reported'],
    roles: ['manager'],
    required: ['customerAccepted'],
  },
} as const satisfies Record<string, StepRule & { summary: string; stages: readonly ComplaintStage[] }>;
export type ComplaintActionName = keyof typeof COMPLAINT_ACTION_RULES;
