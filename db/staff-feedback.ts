import { and, count, gte, lt } from 'drizzle-orm';
import { type FeedbackTally, tallyFeedback } from '../domain/feedback.js';
import { staffFeedback } from './care-schema.js';
import type { Database } from './client.js';

// The one read of staff suggestions per step, for GET /feedback/tally (the dashboard) and the daily KPI review alike.

/**
 * The suggestions sent in [from, to), counted per step of the loop with where each stands now. The database counts
 * them: reading every row of a year (or of a client that sent thousands) into memory took seconds for the dashboard.
 */
export async function feedbackTallyBetween(db: Database, from: Date, to: Date): Promise<FeedbackTally[]> {
  const groups = await db
    .select({ stage: staffFeedback.stage, status: staffFeedback.status, n: count() })
    .from(staffFeedback)
    .where(and(gte(staffFeedback.submittedAt, from), lt(staffFeedback.submittedAt, to)))
    .groupBy(staffFeedback.stage, staffFeedback.status);
  return tallyFeedback(groups);
}
