import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActionActor } from '../domain/action-rules.js';
import type { CareAck } from '../domain/care-records.js';
import { COMPLAINT_ACTION_RULES, type ComplaintActionName } from '../domain/complaint-rules.js';
import type { ComplaintActionPayload, ComplaintState } from '../domain/complaints.js';
import type { RescueActionPayload, RescueState } from '../domain/rescue.js';
import { RESCUE_ACTION_RULES, type RescueActionName } from '../domain/rescue-rules.js';

// Complaint and rescue messages, shared by their workflows and the API (like messages.ts for the visit).
// Each step is an update named as the step, so `temporal workflow show` reads as the story.

export interface CareActionRequest<P = unknown> {
  actor: ActionActor;
  payload: P;
}

export const complaintUpdates = Object.fromEntries(
  (Object.keys(COMPLAINT_ACTION_RULES) as ComplaintActionName[]).map((name) => [
    name,
    defineUpdate<ComplaintState | CareAck, [CareActionRequest]>(name),
  ]),
) as {
  [A in ComplaintActionName]: ReturnType<
    typeof defineUpdate<ComplaintState | CareAck, [CareActionRequest<ComplaintActionPayload<A>>]>
  >;
};

export const rescueUpdates = Object.fromEntries(
  (Object.keys(RESCUE_ACTION_RULES) as RescueActionName[]).map((name) => [
    name,
    defineUpdate<RescueState | CareAck, [CareActionRequest]>(name),
  ]),
) as {
  [A in RescueActionName]: ReturnType<typeof defineUpdate<RescueState | CareAck, [CareActionRequest<RescueActionPayload<A>>]>>;
};

/**
 * Answers once the complaint is on record (its row written, its deadlines set, and since the read model its
 * 'received' entry): the API's POST waits for it. Complaints started before the read model answer their state.
 */
export const complaintRecordedUpdate = defineUpdate<ComplaintState | CareAck, [Record<string, never>]>('recorded');

/** Answers once the rescue is on record (its row and its 'dispatched' entry): the hotline's POST waits for it. */
export const rescueRecordedUpdate = defineUpdate<RescueState | CareAck, [Record<string, never>]>('recorded');

/** The live state, for diagnosis only (`?live=true`): every GET and screen reads PostgreSQL (db/care-view.ts). */
export const complaintStateQuery = defineQuery<ComplaintState>('state');
export const rescueStateQuery = defineQuery<RescueState>('state');

/** Deterministic workflow ids: one complaint per dissatisfied visit, one rescue per hotline call. */
export const complaintWorkflowId = {
  forVisit: (visitId: string) => `complaint-${visitId}`,
  forCall: (callId: string) => `complaint-call-${callId}`,
  fresh: (uuid: string) => `complaint-${uuid}`,
};
export const rescueWorkflowId = (callId: string) => `rescue-${callId}`;
