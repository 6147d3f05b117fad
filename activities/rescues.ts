import { ApplicationFailure } from '@temporalio/common';
import { eq, sql } from 'drizzle-orm';
import { entriesOf, insertCareEvents } from '../db/care-records.js';
import { rescues } from '../db/care-schema.js';
import type { Database } from '../db/client.js';
import { lockUntilCommit } from '../db/locks.js';
import { customers } from '../db/schema.js';
import { insertVisit, upsertVehicle } from '../db/visit-records.js';
import { DUPLICATE_WALK_IN, duplicateWalkIn } from '../db/walk-in-duplicates.js';
import type { CareSave } from '../domain/care-records.js';
import { resolvePolicy, type VisitPolicyOverride } from '../domain/policy.js';
import type { RescueState } from '../domain/rescue.js';
import type { VehicleInput, VisitStart } from '../domain/visit.js';

const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

export interface RescueVisitInput {
  rescueId: string;
  /** Made by the rescue workflow (deterministic), so a retry of this activity writes the same visit. */
  visitId: string;
  customerId: string;
  vehicle: VehicleInput;
  advisorId: string;
  requestedServices: string[];
  priorityReason: 'waiting' | 'warranty' | 'rework' | 'recall';
  visitPolicy?: VisitPolicyOverride;
  /**
   * Refuse the walk-in if the car already has an open visit (the advisor did not confirm a second one). Absent in a
   * tow-in sent before the check moved here, whose API had checked alone.
   */
  refuseDuplicate?: boolean;
}

/** `timeZone`: the shop's (SHOP_TIME_ZONE), on whose calendar the towed-in car's visit counts its policy's days. */
export function rescueActivities(db: Database, timeZone: string) {
  return {
    /**
     * Writes the rescue's row and its new timeline entries in one transaction; an older save arriving late never
     * overwrites a newer row, and an entry already written stays as it is.
     */
    async saveRescue(input: CareSave<RescueState>): Promise<void> {
      const s = input.state;
      const values = {
        id: s.rescueId,
        hotlineCallId: s.hotlineCallId ?? null,
        customerId: s.customer.id,
        stage: s.stage,
        location: s.location,
        problem: s.problem,
        plate: s.plate ?? null,
        crew: s.crew ?? null,
        etaAt: date(s.etaAt),
        etaMissedCount: s.etaMissed,
        setOutEscalated: s.setOutEscalated,
        dispatchedAt: new Date(s.dispatchedAt),
        onTheWayAt: date(s.onTheWayAt),
        arrivedAt: date(s.arrivedAt),
        endedAt: date(s.endedAt),
        visitId: s.visitId ?? null,
        version: input.version,
        updatedAt: new Date(),
      };
      const { id: _id, ...set } = values;
      await db.transaction(async (tx) => {
        await tx
          .insert(rescues)
          .values(values)
          .onConflictDoUpdate({ target: rescues.id, set, setWhere: sql`${rescues.version} < ${input.version}` });
        await insertCareEvents(tx, 'rescue', values.id, entriesOf(input));
      });
    },

    /**
     * The towed-in car's walk-in, written the way the API's openVisit writes one (vehicle on the customer's
     * file, the visit row) and returned as the visit workflow's start input; the rescue workflow then starts
     * the visit as its child under the same id.
     */
    async prepareRescueVisit(input: RescueVisitInput): Promise<VisitStart> {
      return db.transaction(async (tx) => {
        // The desk's rule under the desk's lock (api/open-visit.ts): of two walk-ins of the car at once, the second
        // finds the first. A refusal is final: retrying it would find the same visit.
        await lockUntilCommit(tx, `vehicle:${input.vehicle.vin}`);
        const duplicate = input.refuseDuplicate
          ? await duplicateWalkIn(tx, input.vehicle.vin, { except: input.visitId })
          : undefined;
        if (duplicate)
          throw ApplicationFailure.create({
            type: DUPLICATE_WALK_IN,
            message: duplicate.message,
            details: [duplicate.details],
            nonRetryable: true,
          });
        const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId));
        if (!customer) throw new Error(`customer ${input.customerId} is not on file`);
        await upsertVehicle(tx, input.vehicle, customer.id);
        const policy = resolvePolicy(input.visitPolicy);
        await insertVisit(tx, {
          id: input.visitId,
          kind: 'walk_in',
          stage: 'reception',
          customerId: customer.id,
          vin: input.vehicle.vin,
          plate: input.vehicle.plate,
          advisorId: input.advisorId,
          requestedServices: input.requestedServices,
          priorityReason: input.priorityReason,
          taxRateBasisPoints: policy.taxRateBasisPoints,
          serviceInterval: policy.serviceInterval,
        });
        return {
          visitId: input.visitId,
          kind: 'walk_in',
          customer: { id: customer.id, name: customer.name, phone: customer.phone, email: customer.email ?? undefined },
          vehicle: {
            vin: input.vehicle.vin,
            plate: input.vehicle.plate,
            model: input.vehicle.model,
            mileage: input.vehicle.mileage,
          },
          advisorId: input.advisorId,
          requestedServices: input.requestedServices,
          priorityReason: input.priorityReason,
          policy,
          timeZone,
        } satisfies VisitStart;
      });
    },
  };
}
