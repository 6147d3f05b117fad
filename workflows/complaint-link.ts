import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { DEFAULT_COMPLAINT_POLICY } from '../domain/complaint-rules.js';
import { complaintWorkflowId } from './care-messages.js';
import type { complaint } from './complaint.js';

/** Patch id of the visit's hook that opens a complaint from a dissatisfied follow-up call. */
export const COMPLAINT_FROM_FOLLOW_UP_PATCH = 'complaint-from-follow-up';

/**
 * A dissatisfied 3-day follow-up (satisfaction ≤ 2 or a complaint) opens a complaint linked to its visit
 * [S1.9, S4]. Its id is derived from the visit, so a second low score on the same visit finds the one
 * already open; it is abandoned by the visit so it runs to its own end.
 */
export async function openComplaintForVisit(visit: {
  visitId: string;
  customer: { id: string; name: string };
  plate: string;
  satisfaction?: number;
  comments?: string;
}): Promise<void> {
  try {
    // By name: the visit's sandbox never loads the complaint workflow's code, only its own.
    await startChild<typeof complaint>('complaint', {
      workflowId: complaintWorkflowId.forVisit(visit.visitId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          complaintId: complaintWorkflowId.forVisit(visit.visitId),
          source: 'follow_up',
          receivedAt: new Date().toISOString(),
          // The customer's own words only: the screens say where it came from and the score in the reader's language.
          description: visit.comments ?? '',
          customer: visit.customer,
          visitId: visit.visitId,
          plate: visit.plate,
          satisfaction: visit.satisfaction,
          policy: DEFAULT_COMPLAINT_POLICY,
        },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
