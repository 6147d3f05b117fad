// The visit's record activities: its opening, and each event with the records it carries, written in one
// transaction. Just over 300 lines on purpose: recordVisitEvent is one write of the event and all its records.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { recordFileChanges } from '../db/file-records.js';
import { lockUntilCommit } from '../db/locks.js';
import {
  consents,
  declinedRecommendations,
  followUps,
  invoices,
  repairLines,
  serviceHistory,
  vehicles,
  visitEvents,
  visitForms,
  visits,
} from '../db/schema.js';
import type { Consent } from '../domain/actions.js';
import { changedFields } from '../domain/customer-file.js';
import type { Stage } from '../domain/stages.js';
import type { VisitStart } from '../domain/visit.js';
import type { VisitFacts } from '../domain/visit-facts.js';
import type { DeclinedRecommendation, Line, TimelineEntry } from '../domain/visit-state.js';

/** The columns of the visits row that follow the workflow's state. */
export interface VisitSnapshot {
  stage: Stage;
  priorityReason: string;
  confirmed: boolean;
  appointmentAt: string | null;
  arrivedAt: string | null;
  mileageIn: number | null;
  technicianId: string | null;
  promisedAt: string | null;
  atRisk: boolean;
  late: boolean;
  reworkCount: number;
  totalCents: number;
  deliveredAt: string | null;
  closedAt: string | null;
  /** Absent in events written before the approval-link columns; the columns then keep their value. */
  pendingApprovalId?: string | null;
  awaitingCustomerSince?: string | null;
  customerDecidedAt?: string | null;
  /** What the event changed of the visit's other parts (domain/visit-facts.ts); absent in events written before. */
  facts?: VisitFacts;
}

/** One accepted action or timer outcome and every record it produces, written in one transaction. */
/** What `recordVisitEvent` wrote: the event's number and the ids of the records it carried. */
export interface EventWritten {
  seq: number;
  form: string | null;
  consent: string | null;
  invoice: boolean;
  serviceHistory: boolean;
}

export interface VisitEventRecord {
  visitId: string;
  entry: TimelineEntry;
  data: Record<string, unknown>;
  visit: VisitSnapshot;
  lines?: Line[];
  consent?: { id: string; subject: string; lineIds: string[]; evidence: Consent };
  form?: { id: string; kind: 'reception' | 'inspection' | 'diagnosis' | 'qc' | 'delivery'; data: Record<string, unknown> };
  invoice?: {
    labourCents: number;
    partsCents: number;
    discountCents: number;
    taxCents: number;
    totalCents: number;
    paidCents: number;
    paymentMethod: string;
  };
  serviceHistory?: {
    vin: string;
    mileage: number | null;
    advisorId: string;
    jobType: string;
    description: string;
    totalCents: number;
  };
  declined?: (DeclinedRecommendation & { vin: string })[];
  /** Earlier declined recommendations the customer has now decided on again. */
  resolvedRecommendations?: { lineId: string; status: 'accepted' | 'declined_again'; visitId: string }[];
  followUp?: { attempt: number; reached: boolean; satisfaction?: number; comments?: string };
}

const date = (iso: string | null) => (iso ? new Date(iso) : null);

export function visitRecordActivities(db: Database) {
  const activities = {
    /**
     * Waits for the transaction that opened the visit, records the visit's opening event when given, and returns
     * what the visit needs from the vehicle's file: recommendations declined before, and older visits whose
     * maintenance reminder this visit replaces.
     *
     * Whoever starts a visit (the API's `openVisit`, a rescue's tow-in) writes its row under the vehicle's lock in
     * the transaction that starts the workflow, and rolls it all back when Temporal does not confirm the start in
     * time. Temporal may still have started it: taking the same lock waits for that transaction to end, and a row
     * that is then missing means the visit was never opened (`notOpened`), so nothing is written for it.
     */
    async recordVisitOpened(input: VisitStart & { stage: Stage; openedEventRecord?: VisitEventRecord }) {
      const opened = await db.transaction(async (tx) => {
        await lockUntilCommit(tx, `vehicle:${input.vehicle.vin}`);
        return (await tx.select({ id: visits.id }).from(visits).where(eq(visits.id, input.visitId)).limit(1)).length > 0;
      });
      if (!opened) return { declinedBefore: [], supersedes: [], openedSeq: null, notOpened: true as const };
      if (input.openedEventRecord) await activities.recordVisitEvent(input.openedEventRecord);
      const declined = await db
        .select()
        .from(declinedRecommendations)
        .where(and(eq(declinedRecommendations.vin, input.vehicle.vin), eq(declinedRecommendations.status, 'open')));
      const waitingForReminder = await db
        .select({ id: visits.id })
        .from(visits)
        .where(
          and(eq(visits.vin, input.vehicle.vin), inArray(visits.stage, ['follow_up', 'aftercare']), ne(visits.id, input.visitId)),
        );
      return {
        declinedBefore: declined.map(
          (row): DeclinedRecommendation => ({
            lineId: row.lineId,
            visitId: row.visitId,
            description: row.description,
            kind: row.kind as DeclinedRecommendation['kind'],
            quantity: row.quantity,
            unitPriceCents: row.unitPriceCents,
            totalCents: row.totalCents,
            declinedAt: row.declinedAt.toISOString(),
          }),
        ),
        supersedes: waitingForReminder.map((row) => row.id),
        openedSeq: input.openedEventRecord?.entry.seq ?? null,
      };
    },

    /**
     * Idempotent: the event row is keyed by the workflow's sequence, and a second delivery finds it and stops.
     * Answers what the event carried: a local activity's marker keeps its result but not its input, so the history
     * timeline finds the event's words in `visit_events` by its number (api/history/timeline.ts), and an audit of
     * the history can still count the records a visit asked for.
     */
    async recordVisitEvent(event: VisitEventRecord): Promise<EventWritten> {
      const { visitId, entry } = event;
      await db.transaction(async (tx) => {
        const inserted = await tx
          .insert(visitEvents)
          .values({
            id: `${visitId}:${entry.seq}`,
            visitId,
            seq: entry.seq,
            type: entry.type,
            fromStage: entry.fromStage ?? null,
            toStage: entry.toStage ?? null,
            actorId: entry.actor.id,
            actorRole: entry.actor.role,
            at: new Date(entry.at),
            data: { summary: entry.summary, lane: entry.lane, ...event.data },
          })
          .onConflictDoNothing()
          .returning({ id: visitEvents.id });
        if (inserted.length === 0) return;

        const v = event.visit;
        await tx
          .update(visits)
          .set({
            stage: v.stage,
            priorityReason: v.priorityReason,
            confirmed: v.confirmed,
            appointmentAt: date(v.appointmentAt),
            arrivedAt: date(v.arrivedAt),
            mileageIn: v.mileageIn,
            technicianId: v.technicianId,
            promisedAt: date(v.promisedAt),
            atRisk: v.atRisk,
            late: v.late,
            reworkCount: v.reworkCount,
            totalCents: v.totalCents,
            deliveredAt: date(v.deliveredAt),
            closedAt: date(v.closedAt),
            pendingApprovalId: v.pendingApprovalId,
            awaitingCustomerSince: v.awaitingCustomerSince === undefined ? undefined : date(v.awaitingCustomerSince),
            customerDecidedAt: v.customerDecidedAt === undefined ? undefined : date(v.customerDecidedAt),
            // The lists read the requests from their column: it follows the facts (reception adds to them).
            requestedServices: v.facts?.requestedServices ?? undefined,
            // Merged, not replaced: an event carries only the parts it changed.
            facts: v.facts ? sql`${visits.facts} || ${JSON.stringify(v.facts)}::jsonb` : undefined,
            updatedAt: new Date(entry.at),
          })
          .where(eq(visits.id, visitId));

        if (entry.type === 'arrived' && v.mileageIn !== null) {
          const [car] = await tx
            .select({ vin: vehicles.vin, customerId: vehicles.customerId, mileage: vehicles.mileage })
            .from(vehicles)
            .innerJoin(visits, eq(visits.vin, vehicles.vin))
            .where(eq(visits.id, visitId));
          // A higher reading changes the vehicle file: its history shows it like any edit, with who read it.
          if (car && (car.mileage ?? 0) < v.mileageIn)
            await recordFileChanges(
              tx,
              { kind: 'vehicle', id: car.vin, customerId: car.customerId },
              changedFields(car, { mileage: v.mileageIn }),
              entry.actor.id,
            );
          // The odometer read at reception is the vehicle's latest known mileage (reminders project from it).
          await tx
            .update(vehicles)
            .set({ mileage: sql`greatest(coalesce(${vehicles.mileage}, 0), ${v.mileageIn})`, updatedAt: new Date(entry.at) })
            .where(eq(vehicles.vin, sql`(select ${visits.vin} from ${visits} where ${visits.id} = ${visitId})`));
        }
        for (const line of event.lines ?? []) {
          const fields = {
            status: line.status,
            consentId: line.consentId ?? null,
            updatedAt: new Date(entry.at),
          };
          await tx
            .insert(repairLines)
            .values({
              id: line.id,
              visitId,
              source: line.source,
              kind: line.kind,
              description: line.description,
              jobCode: line.jobCode ?? null,
              quantity: line.quantity,
              unitPriceCents: line.unitPriceCents,
              discountCents: line.discountCents,
              totalCents: line.totalCents,
              requiredSkill: line.requiredSkill,
              campaign: line.campaign,
              recommended: line.recommended,
              offeredFromLineId: line.offeredFromLineId ?? null,
              catalogueRef: line.catalogue ?? null,
              ...fields,
            })
            .onConflictDoUpdate({ target: repairLines.id, set: fields });
        }
        if (event.consent) {
          const { evidence } = event.consent;
          await tx.insert(consents).values({
            id: event.consent.id,
            visitId,
            subject: event.consent.subject,
            method: evidence.method,
            signedBy: evidence.method === 'signature' ? evidence.signature.signedBy : evidence.spokeWith,
            signature: evidence.method === 'signature' ? evidence.signature.image : null,
            callReference: evidence.method === 'phone' ? evidence.callReference : null,
            calledBy: evidence.method === 'phone' ? evidence.calledBy : null,
            calledAt: evidence.method === 'phone' ? new Date(evidence.calledAt) : null,
            recordedBy: entry.actor.id,
            lineIds: event.consent.lineIds,
            at: new Date(entry.at),
          });
        }
        if (event.form) {
          await tx.insert(visitForms).values({
            id: event.form.id,
            visitId,
            kind: event.form.kind,
            data: event.form.data,
            recordedBy: entry.actor.id,
            at: new Date(entry.at),
          });
        }
        if (event.invoice) await tx.insert(invoices).values({ visitId, ...event.invoice, at: new Date(entry.at) });
        if (event.serviceHistory) {
          const [row] = await tx.select({ roNumber: visits.roNumber }).from(visits).where(eq(visits.id, visitId));
          await tx
            .insert(serviceHistory)
            .values({ visitId, roNumber: row?.roNumber ?? 0, ...event.serviceHistory, at: new Date(entry.at) });
        }
        if (event.declined?.length) {
          await tx
            .insert(declinedRecommendations)
            .values(
              event.declined.map((d) => ({
                lineId: d.lineId,
                vin: d.vin,
                visitId: d.visitId,
                description: d.description,
                kind: d.kind,
                quantity: d.quantity,
                unitPriceCents: d.unitPriceCents,
                totalCents: d.totalCents,
                declinedAt: new Date(d.declinedAt),
              })),
            )
            .onConflictDoNothing();
        }
        for (const resolved of event.resolvedRecommendations ?? []) {
          await tx
            .update(declinedRecommendations)
            .set({ status: resolved.status, offeredInVisitId: resolved.visitId })
            .where(eq(declinedRecommendations.lineId, resolved.lineId));
        }
        if (event.followUp) {
          await tx.insert(followUps).values({
            id: `${visitId}:follow-up:${event.followUp.attempt}`,
            visitId,
            attempt: event.followUp.attempt,
            reached: event.followUp.reached,
            satisfaction: event.followUp.satisfaction ?? null,
            comments: event.followUp.comments ?? null,
            calledBy: entry.actor.id,
            at: new Date(entry.at),
          });
        }
      });
      return {
        seq: entry.seq,
        form: event.form?.id ?? null,
        consent: event.consent?.id ?? null,
        invoice: Boolean(event.invoice),
        serviceHistory: Boolean(event.serviceHistory),
      };
    },
  };
  return activities;
}
