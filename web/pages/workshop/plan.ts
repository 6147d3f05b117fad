// What the workshop plan says about one visit, and the API's refusal when the plan moved against a choice.
import type { Workshop } from '../../../api/queries/workshop.js';
import type { DispatchProposal } from '../../../domain/dispatch.js';
import type { PlanForecast } from '../../actions/index.js';
import type { ApiFailure } from '../../api-client.js';
import { proposalWords } from '../../dispatch-words.js';
import { when } from '../../format.js';
import { t } from '../../i18n/index.js';

/** What the workshop plan says about one visit: when its work finishes and whether that meets the promise. */
export function planForecast(w: Workshop, visitId: string): PlanForecast {
  const waiting = w.awaitingDispatch.find((j) => j.visitId === visitId);
  if (waiting)
    return {
      version: w.planVersion,
      finishAt: waiting.proposal?.projectedFinishAt ?? null,
      meetsPromise: waiting.proposal ? waiting.proposal.meetsPromise : null,
      proposal: waiting.proposal,
      partsExpectedAt: waiting.partsExpectedAt,
    };
  const slot = w.technicians.flatMap((t) => t.jobs).find((j) => j.visitId === visitId);
  return { version: w.planVersion, finishAt: slot?.projectedFinishAt ?? null, meetsPromise: slot?.meetsPromise ?? null };
}

interface PlanMoved {
  reason: 'plan_moved';
  chosen: { name: string };
  proposal: DispatchProposal & { technicianName: string };
}
const isPlanMoved = (d: unknown): d is PlanMoved => (d as PlanMoved | undefined)?.reason === 'plan_moved';

/**
 * The API's 409 when the workshop plan moved against a choice (domain/dispatch.ts `judgeAssignment`), in the
 * shop's words: what the plan proposes now, so the foreman assigns from it instead of meeting a dead end.
 */
export function assignRefusal(refusal: ApiFailure, tz: string): string | undefined {
  if (refusal.status !== 409 || !isPlanMoved(refusal.details)) return undefined;
  const { chosen, proposal } = refusal.details;
  const moved = t('workshop.planMoved', {
    chosen: chosen.name,
    proposed: proposal.technicianName,
    when: when(proposal.projectedFinishAt, tz),
    promise: t(proposal.meetsPromise ? 'workshop.byPromise' : 'workshop.afterPromise'),
  });
  return `${moved} ${proposalWords(proposal.reasonParts)}`;
}
