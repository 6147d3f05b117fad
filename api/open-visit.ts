import { randomUUID } from 'node:crypto';
import { lockUntilCommit } from '../db/locks.js';
import { insertVisit, upsertCustomer, upsertVehicle } from '../db/visit-records.js';
import type { ShopCalendar } from '../domain/calendar-rules.js';
import type { ShopCountry } from '../domain/phone.js';
import { resolvePolicy, type VisitPolicyOverride } from '../domain/policy.js';
import { strongestPriority } from '../domain/priority.js';
import type { NewVisit, VisitKind, VisitStart } from '../domain/visit.js';
import { visit } from '../workflows/index.js';
import { visitSearchAttributes } from '../workflows/search-attributes.js';
import { closedRefusal } from './booking.js';
import { checkRequestedJobs } from './catalogue-store.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { refuseImpossiblePhone, refusingTakenPhone } from './phone-check.js';
import type { ApiSettings } from './settings.js';
import { type BookedBy, checkDuplicateBooking, checkDuplicateWalkIn } from './staff-directory.js';
import { dependency } from './unavailable.js';

/**
 * The new visit's policy over the defaults: the shop's tax rate, then the body's override if the deployment allows
 * one (production answers 403 rather than ignoring it).
 */
export function allowedPolicy(settings: ApiSettings, body: NewVisit): VisitPolicyOverride {
  if (body.policy && !settings.policyOverrides)
    throw new AppError('forbidden', 'policy: per-visit timer overrides are refused in production');
  return { taxRateBasisPoints: settings.taxRateBasisPoints, ...body.policy };
}

/**
 * A booking the customer makes on the public page (api/routes/booking.ts): `hold` takes and re-checks its place
 * before anything is written, `record` writes what it booked beside the visit row, both in the visit's transaction.
 */
export interface OnlineBooking {
  hold(tx: Transaction): Promise<void>;
  record(tx: Transaction, visitId: string): Promise<void>;
}

type Transaction = Parameters<Parameters<ApiDeps['database']['db']['transaction']>[0]>[0];

export interface Opening {
  /** A booking made on the public page; its place is held first. */
  online?: OnlineBooking;
  /**
   * Refuse a second visit of the vehicle (api/staff-directory.ts: a walk-in of a car in the shop or booked for about
   * now, a second booking on the same day of the shop's calendar, in its zone) unless someone confirmed it; what the
   * routes do, not tests and scripts.
   */
  refuseDuplicate?: { timeZone: string };
  /** Refuse a time the shop is closed at by this calendar (a desk booking without "book anyway"). */
  refuseClosed?: ShopCalendar;
  /** The shop's country (`SHOP_COUNTRY`): the customer's number in national form is read as its. */
  shopCountry?: ShopCountry;
  /**
   * The shop's zone (`SHOP_TIME_ZONE`): the visit counts its policy's whole days on that calendar (the day-before
   * call at the appointment's hour, the follow-up at the delivery's). Without it, as in tests that do not ask,
   * every span is a duration.
   */
  timeZone?: string;
}

/**
 * Writes the customer file and the visit row and starts the visit workflow in one database transaction:
 * if Temporal refuses the start, the rows roll back and nothing is half-written.
 */
export async function openVisit(
  deps: ApiDeps,
  body: NewVisit,
  kind: VisitKind,
  appointmentAt?: string,
  policyOverride?: VisitPolicyOverride,
  /** Who books: named in the file's change history when the booking changes a stored field. */
  bookedBy = 'system',
  { online, refuseDuplicate, refuseClosed, shopCountry, timeZone }: Opening = {},
): Promise<VisitStart> {
  refuseImpossiblePhone('customer.phone', body.customer.phone, shopCountry);
  const visitId = randomUUID();
  const stage = kind === 'walk_in' ? 'reception' : 'booked';
  // A booked job keeps its booking's place in the queue whatever else the desk ticks (a warranty job, a customer who
  // will wait): it queues by its strongest claim [S1.5], as the workflow ranks the claims it learns later.
  const priorityReason = strongestPriority([body.priorityReason, kind === 'appointment' && 'appointment']);
  if (body.requestedJobs?.length)
    await dependency('database', () => checkRequestedJobs(deps.database.db, body.requestedJobs ?? []));
  return dependency('database', () =>
    deps.database.db.transaction(async (tx) => {
      await online?.hold(tx);
      // The vehicle's visits are opened one at a time, so the duplicate check and the visit row it guards against
      // are one step: of the same walk-in sent twice at once, the second finds the first.
      await lockUntilCommit(tx, `vehicle:${body.vehicle.vin}`);
      // A booking from the public page opens files but never changes one: its sender may not be their owner.
      const files = { changedBy: bookedBy, country: shopCountry, keepFiles: online !== undefined };
      const customer = await refusingTakenPhone('customer.phone', () => upsertCustomer(tx, body.customer, randomUUID(), files));
      const customerId = customer.id;
      await upsertVehicle(tx, body.vehicle, customerId, files);
      // What the desk may book anyway is asked last, once nothing it cannot lift stands in the way: a ticked box
      // must not be met by a refusal the box never lifted. The files above roll back with the refusal.
      const closed = refuseClosed && appointmentAt ? closedRefusal(refuseClosed, Date.parse(appointmentAt), 'book') : undefined;
      if (closed) throw closed;
      if (refuseDuplicate)
        await refuseSecondVisit(
          tx,
          body.vehicle.vin,
          kind,
          appointmentAt,
          online ? 'customer' : 'desk',
          refuseDuplicate.timeZone,
        );
      const policy = resolvePolicy(policyOverride);
      const start: VisitStart = {
        visitId,
        kind,
        // The file as merged, so a returning customer's stored e-mail still reaches the visit's messages.
        customer: { id: customerId, name: customer.name, phone: customer.phone, email: customer.email ?? undefined },
        vehicle: { vin: body.vehicle.vin, plate: body.vehicle.plate, model: body.vehicle.model, mileage: body.vehicle.mileage },
        advisorId: body.advisorId,
        appointmentAt,
        requestedServices: body.requestedServices,
        ...(body.requestedJobs?.length ? { requestedJobs: body.requestedJobs } : {}),
        priorityReason,
        policy,
        ...(timeZone === undefined ? {} : { timeZone }),
        ...(online ? { bookedOnline: true as const } : {}),
      };
      await insertVisit(tx, {
        id: visitId,
        kind,
        stage,
        customerId,
        vin: body.vehicle.vin,
        plate: body.vehicle.plate,
        advisorId: body.advisorId,
        appointmentAt,
        requestedServices: body.requestedServices,
        priorityReason,
        taxRateBasisPoints: policy.taxRateBasisPoints,
        serviceInterval: policy.serviceInterval,
      });
      await online?.record(tx, visitId);
      await dependency('temporal', () =>
        deps.temporal.workflow.start(visit, {
          workflowId: visitId,
          taskQueue: deps.taskQueue,
          args: [start],
          typedSearchAttributes: visitSearchAttributes({ stage, advisorId: body.advisorId, plate: body.vehicle.plate }),
        }),
      );
      return start;
    }),
  );
}

/** A customer booking online is refused in words that name only their own form and booking. */
function refuseSecondVisit(
  tx: Transaction,
  vin: string,
  kind: VisitKind,
  appointmentAt: string | undefined,
  by: BookedBy,
  timeZone: string,
) {
  return kind === 'appointment' && appointmentAt
    ? checkDuplicateBooking(tx, vin, appointmentAt, { by, timeZone })
    : checkDuplicateWalkIn(tx, vin);
}
