import type { Database } from '../db/client.js';
import { insertVisit } from '../db/visit-records.js';
import type { Stage } from '../domain/stages.js';
import type { VisitStart } from '../domain/visit.js';

export function visitRecordActivities(db: Database) {
  return {
    async recordVisitOpened(input: VisitStart & { stage: Stage }): Promise<void> {
      await insertVisit(db, {
        id: input.visitId,
        kind: input.kind,
        stage: input.stage,
        customerId: input.customer.id,
        vin: input.vehicle.vin,
        plate: input.vehicle.plate,
        advisorId: input.advisorId,
        appointmentAt: input.appointmentAt,
        requestedServices: input.requestedServices,
        priorityReason: input.kind === 'appointment' ? 'appointment' : 'waiting',
      });
    },
  };
}
