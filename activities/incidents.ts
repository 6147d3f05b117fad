import { eq } from 'drizzle-orm';
import { alerts } from '../db/care-schema.js';
import type { Database } from '../db/client.js';
import { visits } from '../db/schema.js';
import type { Incident } from '../domain/incidents.js';
import { openCareTask } from './care-tasks.js';

export function incidentActivities(db: Database) {
  return {
    /**
     * A record was refused for good [S7]: an alert with the cause, a task for the administrator, and the visit
     * flagged "needs attention" on its row so lists and the board show it. Idempotent by the incident's id.
     */
    async raiseIncident(incident: Incident): Promise<void> {
      const taskId = `incident:${incident.id}`;
      await db.transaction(async (tx) => {
        await tx
          .insert(alerts)
          .values({
            id: incident.id,
            kind: 'record_rejected',
            scope: incident.scope,
            subject: incident.subject,
            activity: incident.activity,
            cause: incident.cause,
            attempts: 1,
            failingSince: new Date(incident.at),
            taskId,
          })
          .onConflictDoNothing();
        await openCareTask(tx, {
          id: taskId,
          kind: 'incident',
          visitId: incident.visitId,
          assigneeRole: 'admin',
          title: `A record of ${incident.scope} ${incident.subject} was refused by the database (${incident.cause}): repair it, then acknowledge the alert`,
          params: { scope: incident.scope, subject: incident.subject },
          dueAt: incident.at,
        });
        if (incident.visitId) await tx.update(visits).set({ needsAttention: true }).where(eq(visits.id, incident.visitId));
      });
    },
  };
}
