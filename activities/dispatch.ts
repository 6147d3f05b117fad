import type { Database } from '../db/client.js';
import { readWorkshop } from '../db/workshop-plan.js';
import type { DispatchProposal, Job } from '../domain/dispatch.js';

export interface TechnicianOption {
  id: string;
  name: string;
  skillLevel: number;
}

/** The dispatch step's reading of the workshop plan (the plan itself is domain/dispatch.ts). */
export function dispatchActivities(db: Database, timeZone: string) {
  return {
    /**
     * This visit's place in the workshop's plan as the read model stands now (db/workshop-plan.ts, the plan
     * the board shows), for the visit's history. It informs; it binds nothing: the API checks an assignment
     * against the plan of the moment it is made.
     */
    async proposeDispatch(job: Job): Promise<{ proposal: DispatchProposal | null; technicians: TechnicianOption[] }> {
      const { plan, technicians } = await readWorkshop(db, new Date(), timeZone, {
        visitId: job.visitId,
        reason: job.reason,
        promisedAt: job.promisedAt,
        requiredSkill: job.requiredSkill,
        hours: job.estimatedHours,
        technicianId: null,
        inProgress: false,
        assignedAt: null,
      });
      const proposal = plan.dispatch.find((d) => d.job.visitId === job.visitId)?.proposal ?? null;
      return { proposal, technicians: technicians.map((t) => ({ id: t.id, name: t.name, skillLevel: t.skillLevel })) };
    },
  };
}
