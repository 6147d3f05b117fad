import { z } from '@hono/zod-openapi';
import { and, desc, eq, gte, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import { complaints } from '../../db/care-schema.js';
import type { Database } from '../../db/client.js';
import { customers } from '../../db/schema.js';
import { ComplaintSource, ComplaintStage } from '../../domain/complaints.js';
import { afterTimestampKey, decodeTimestampCursor, encodeTimestampCursor, timestampKey } from './keyset.js';
import { iso, page, pageOf } from './params.js';

export const ComplaintListItem = z
  .object({
    complaintId: z.string(),
    source: ComplaintSource,
    stage: ComplaintStage,
    description: z.string(),
    customer: z.object({ id: z.string(), name: z.string(), phone: z.string() }).nullable(),
    visitId: z.string().nullable(),
    plate: z.string().nullable(),
    satisfaction: z.number().int().nullable(),
    assigneeId: z.string().nullable(),
    receivedAt: z.string(),
    firstResponseDueAt: z.string(),
    firstResponseAt: z.string().nullable(),
    resolutionDueAt: z.string(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    escalated: z.boolean().openapi({ description: 'An SLA clock ran out and the service manager was called in' }),
    overdue: z.boolean().openapi({ description: 'A deadline has passed and its step is still not done' }),
    customerAccepted: z.boolean().nullable(),
  })
  .openapi('ComplaintListItem');

export const ComplaintList = page(ComplaintListItem).openapi('ComplaintList');
export type ComplaintList = z.infer<typeof ComplaintList>;

export interface ComplaintListQuery {
  status?: 'open' | 'closed';
  stage?: ComplaintStage;
  /** Only complaints received in [from, to). */
  from?: Date;
  to?: Date;
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

/** Complaints from the records, newest first. */
export async function listComplaints(db: Database, q: ComplaintListQuery): Promise<ComplaintList> {
  const now = new Date();
  const after = decodeTimestampCursor('complaints', q.cursor);
  const where: (SQL | undefined)[] = [];
  if (q.status === 'open') where.push(ne(complaints.stage, 'closed'));
  if (q.status === 'closed') where.push(eq(complaints.stage, 'closed'));
  if (q.stage) where.push(eq(complaints.stage, q.stage));
  if (q.from) where.push(gte(complaints.receivedAt, q.from));
  if (q.to) where.push(lt(complaints.receivedAt, q.to));
  if (q.overdue)
    where.push(
      or(
        and(isNull(complaints.firstResponseAt), lt(complaints.firstResponseDueAt, now)),
        and(isNull(complaints.resolvedAt), lt(complaints.resolutionDueAt, now)),
      ),
    );
  if (after) where.push(afterTimestampKey(complaints.receivedAt, complaints.id, after.micros, after.id, 'desc'));
  const rows = await db
    .select({ c: complaints, name: customers.name, phone: customers.phone, key: timestampKey(complaints.receivedAt) })
    .from(complaints)
    .leftJoin(customers, eq(customers.id, complaints.customerId))
    .where(and(...where))
    .orderBy(desc(complaints.receivedAt), desc(complaints.id))
    .limit(q.limit + 1);
  return pageOf(
    rows,
    q.limit,
    ({ c, name, phone }) => ({
      complaintId: c.id,
      source: c.source as ComplaintSource,
      stage: c.stage as ComplaintStage,
      description: c.description,
      customer: c.customerId && name !== null && phone !== null ? { id: c.customerId, name, phone } : null,
      visitId: c.visitId,
      plate: c.plate,
      satisfaction: c.satisfaction,
      assigneeId: c.assigneeId,
      receivedAt: c.receivedAt.toISOString(),
      firstResponseDueAt: c.firstResponseDueAt.toISOString(),
      firstResponseAt: iso(c.firstResponseAt),
      resolutionDueAt: c.resolutionDueAt.toISOString(),
      resolvedAt: iso(c.resolvedAt),
      closedAt: iso(c.closedAt),
      escalated: Boolean(c.firstResponseEscalatedAt || c.resolutionEscalatedAt),
      overdue: (!c.firstResponseAt && c.firstResponseDueAt < now) || (!c.resolvedAt && c.resolutionDueAt < now),
      customerAccepted: c.customerAccepted,
    }),
    (r) => encodeTimestampCursor('complaints', r.key, r.c.id),
  );
}
