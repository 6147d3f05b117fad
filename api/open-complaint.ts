import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { customers, vehicles, visits } from '../db/schema.js';
import {
  ComplaintPolicy,
  type ComplaintPolicyOverride,
  type ComplaintSource,
  type ComplaintStart,
  RecordedComplaintSource,
} from '../domain/complaints.js';
import { visitSearch } from '../domain/search.js';
import { multilineText } from '../domain/text.js';
import { Plate } from '../domain/visit.js';
import { complaintWorkflowId } from '../workflows/care-messages.js';
import { complaint } from '../workflows/index.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { compactPlate } from './queries/customer-lookup.js';
import { dependency } from './unavailable.js';

export const NewComplaint = z
  .object({
    description: multilineText(4000),
    /** The visit it is about: the customer and plate are taken from it. */
    visitId: z.uuid().optional(),
    /** The customer, when no visit is named. */
    customerId: z.uuid().optional(),
    plate: Plate.optional(),
    source: RecordedComplaintSource.default('api').openapi({ description: 'How the customer complained; default api' }),
  })
  .openapi('NewComplaint');
export type NewComplaint = z.infer<typeof NewComplaint>;

/** Who and what the complaint is about, from the visit or the customer file; an unknown id is the caller's mistake. */
async function resolveSubject(deps: ApiDeps, input: { visitId?: string; customerId?: string; plate?: string }) {
  const db = deps.database.db;
  let customerId = input.customerId;
  let plate = input.plate;
  if (input.visitId) {
    const [visit] = await db.select().from(visits).where(eq(visits.id, input.visitId));
    if (!visit)
      throw new AppError('unprocessable', `visitId: no visit ${input.visitId}`, {
        fields: [{ field: 'visitId', message: 'unknown visit' }],
      });
    customerId = visit.customerId;
    plate ??= visit.plate;
  }
  // Only a plate (a complaint at the desk): the vehicle's owner, when the plate names exactly one car on file, however
  // the caller spaced or dashed it; the complaint then carries the plate as the file spells it.
  if (!customerId && plate) {
    const owners = await db
      .select({ customerId: vehicles.customerId, plate: vehicles.plate })
      .from(vehicles)
      .where(eq(compactPlate(vehicles.plate), visitSearch(plate).compact))
      .limit(2);
    const [owner] = owners;
    if (owner && owners.length === 1) ({ customerId, plate } = owner);
  }
  if (!customerId) return { customer: undefined, plate };
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer)
    throw new AppError('unprocessable', `customerId: no customer ${customerId}`, {
      fields: [{ field: 'customerId', message: 'unknown customer' }],
    });
  return { customer: { id: customer.id, name: customer.name }, plate };
}

/**
 * Starts a complaint workflow (which records the complaint and starts its SLA clocks). The policy is the
 * shop's default; tests pass shorter clocks.
 */
export async function openComplaint(
  deps: ApiDeps,
  input: NewComplaint | (Omit<NewComplaint, 'source'> & { source: ComplaintSource; hotlineCallId?: string }),
  opts: { complaintId?: string; policy?: ComplaintPolicyOverride } = {},
): Promise<ComplaintStart> {
  const subject = await dependency('database', () => resolveSubject(deps, input));
  const complaintId = opts.complaintId ?? complaintWorkflowId.fresh(randomUUID());
  const start: ComplaintStart = {
    complaintId,
    source: input.source,
    receivedAt: new Date().toISOString(),
    description: input.description,
    customer: subject.customer,
    visitId: input.visitId,
    plate: subject.plate,
    hotlineCallId: 'hotlineCallId' in input ? input.hotlineCallId : undefined,
    policy: ComplaintPolicy.parse(opts.policy ?? {}),
  };
  await dependency('temporal', () =>
    deps.temporal.workflow.start(complaint, { workflowId: complaintId, taskQueue: deps.taskQueue, args: [start] }),
  );
  return start;
}
