import { z } from '@hono/zod-openapi';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { customers, outbox, visits } from '../../db/schema.js';
import { type Language, languageOf } from '../../domain/language.js';
import { AppError } from '../errors.js';
import { iso } from './params.js';

const str = (v: unknown) => (typeof v === 'string' ? v : null);

export const SentApprovalLink = z
  .object({
    url: z.string().openapi({ description: 'The signed link the customer received' }),
    expiresAt: z.string().nullable(),
    sentAs: z.enum(['requested', 'reminder', 'resent']).openapi({
      description: 'With the estimate or extra work (`requested`), the reminder, or sent again by staff (`resent`)',
    }),
    channel: z.string().openapi({ description: '`sms`, `email`, or `phone` (the customer asked to be called)' }),
    recipient: z.string(),
    status: z.enum(['pending', 'sent', 'failed', 'suppressed']).openapi({
      description:
        'From the outbox: still being delivered, handed to the channel, undeliverable (a call-list task), or the customer opted out',
    }),
    queuedAt: z.string(),
    deliveredAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .openapi('SentApprovalLink');

export const ApprovalLinkStatus = z
  .object({
    visitId: z.string(),
    approvalId: z.string().nullable().openapi({ description: 'The approval waiting for the customer; null when none is' }),
    waitingSince: z.string().nullable(),
    current: SentApprovalLink.nullable().openapi({
      description: 'The newest link sent for that approval; links of earlier approvals are never listed (they no longer work)',
    }),
    sends: z.number().int().openapi({ description: 'How many messages carried a link for that approval' }),
  })
  .openapi('ApprovalLinkStatus');
export type ApprovalLinkStatus = z.infer<typeof ApprovalLinkStatus>;

const SentAs = SentApprovalLink.shape.sentAs;
const Status = SentApprovalLink.shape.status;

/** What waits for the customer and the newest link they were sent for it, from the records and the outbox. */
export async function approvalLinkStatus(db: Database, visitId: string): Promise<ApprovalLinkStatus> {
  const [visit] = await db
    .select({ approvalId: visits.pendingApprovalId, since: visits.awaitingCustomerSince })
    .from(visits)
    .where(eq(visits.id, visitId));
  if (!visit) throw new AppError('not_found', `No visit ${visitId}`);
  if (!visit.approvalId) return { visitId, approvalId: null, waitingSince: null, current: null, sends: 0 };
  const rows = await db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.visitId, visitId),
        sql`${outbox.payload}->>'approvalId' = ${visit.approvalId}`,
        sql`${outbox.payload} ? 'approvalUrl'`,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id));
  const newest = rows[0];
  const url = str(newest?.payload.approvalUrl);
  return {
    visitId,
    approvalId: visit.approvalId,
    waitingSince: iso(visit.since),
    current:
      newest && url
        ? {
            url,
            expiresAt: str(newest.payload.linkExpiresAt),
            sentAs: SentAs.catch('requested').parse(newest.payload.sentAs),
            channel: newest.channel,
            recipient: newest.recipient,
            status: Status.catch('pending').parse(newest.status),
            queuedAt: newest.createdAt.toISOString(),
            deliveredAt: iso(newest.sentAt),
            lastError: newest.lastError,
          }
        : null,
    sends: rows.length,
  };
}

/** The language on the customer's file (none, or one we do not speak: the page's own choice). */
export async function customerLanguage(db: Database, customerId: string): Promise<Language | undefined> {
  const [row] = await db.select({ language: customers.language }).from(customers).where(eq(customers.id, customerId));
  return languageOf(row?.language);
}
