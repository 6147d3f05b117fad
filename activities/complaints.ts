import { sql } from 'drizzle-orm';
import { readCalendar } from '../db/calendar.js';
import { entriesOf, insertCareEvents } from '../db/care-records.js';
import { complaints } from '../db/care-schema.js';
import type { Database } from '../db/client.js';
import type { CareSave } from '../domain/care-records.js';
import { type ComplaintStart, type ComplaintState, complaintDeadlines } from '../domain/complaints.js';

const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

function row(s: CareSave<ComplaintState>['state'], version: number) {
  return {
    id: s.complaintId,
    source: s.source,
    stage: s.stage,
    visitId: s.visitId ?? null,
    customerId: s.customer?.id ?? null,
    hotlineCallId: s.hotlineCallId ?? null,
    plate: s.plate ?? null,
    description: s.description,
    satisfaction: s.satisfaction ?? null,
    assigneeId: s.assigneeId ?? null,
    receivedAt: new Date(s.receivedAt),
    firstResponseDueAt: new Date(s.firstResponseDueAt),
    firstResponseAt: date(s.firstResponseAt),
    resolutionDueAt: new Date(s.resolutionDueAt),
    resolvedAt: date(s.resolvedAt),
    closedAt: date(s.closedAt),
    firstResponseEscalatedAt: date(s.escalated.first_response),
    resolutionEscalatedAt: date(s.escalated.resolution),
    solution: s.solution ?? null,
    outcome: s.outcome ?? null,
    customerAccepted: s.customerAccepted ?? null,
    version,
    updatedAt: new Date(),
  };
}

/** `timeZone`: the shop's (SHOP_TIME_ZONE), which its calendar's hours are in. */
export function complaintActivities(db: Database, timeZone: string) {
  return {
    /**
     * Records the complaint and returns its SLA deadlines, counted in the shop's open hours. Computed here
     * rather than in the workflow so the deadlines sit in the history and replay never re-reads a clock or
     * a time-zone table; the shop's calendar is read as it is at receipt, so a later edit never moves them.
     */
    async recordComplaintOpened(start: ComplaintStart): Promise<{ firstResponseDueAt: string; resolutionDueAt: string }> {
      const calendar = await readCalendar(db, timeZone, new Date(start.receivedAt));
      const deadlines = complaintDeadlines(Date.parse(start.receivedAt), start.policy, calendar);
      await db
        .insert(complaints)
        .values({
          id: start.complaintId,
          source: start.source,
          stage: 'received',
          visitId: start.visitId ?? null,
          customerId: start.customer?.id ?? null,
          hotlineCallId: start.hotlineCallId ?? null,
          plate: start.plate ?? null,
          description: start.description,
          satisfaction: start.satisfaction ?? null,
          receivedAt: new Date(start.receivedAt),
          firstResponseDueAt: new Date(deadlines.firstResponseDueAt),
          resolutionDueAt: new Date(deadlines.resolutionDueAt),
        })
        .onConflictDoNothing();
      return deadlines;
    },

    /**
     * Writes the complaint's row and its new timeline entries in one transaction; an older save arriving late
     * (a retry) never overwrites a newer row, and an entry already written stays as it is.
     */
    async saveComplaint(input: CareSave<ComplaintState>): Promise<void> {
      const values = row(input.state, input.version);
      const { id: _id, ...set } = values;
      await db.transaction(async (tx) => {
        await tx
          .insert(complaints)
          .values(values)
          .onConflictDoUpdate({ target: complaints.id, set, setWhere: sql`${complaints.version} < ${input.version}` });
        await insertCareEvents(tx, 'complaint', values.id, entriesOf(input));
      });
    },
  };
}
