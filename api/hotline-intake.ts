import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { openCareTask } from '../activities/care-tasks.js';
import { readCalendar } from '../db/calendar.js';
import { hotlineCalls } from '../db/care-schema.js';
import { visits } from '../db/schema.js';
import { callerOnFile } from '../db/visit-records.js';
import { nextOpening } from '../domain/calendar-rules.js';
import { ComplaintPolicy, type ComplaintPolicyOverride, type ComplaintStart } from '../domain/complaints.js';
import { CallCategory, callReference, type HotlineCallInput, readBack, suggestCategory } from '../domain/hotline.js';
import type { Language } from '../domain/language.js';
import type { ShopCountry } from '../domain/phone.js';
import type { VisitPolicyOverride } from '../domain/policy.js';
import { RescuePolicy, type RescuePolicyOverride, type RescueStart } from '../domain/rescue.js';
import { clip } from '../domain/text-rules.js';
import { shopTimeZone } from '../runtime/config.js';
import { complaintWorkflowId, rescueWorkflowId } from '../workflows/care-messages.js';
import { complaint, rescue } from '../workflows/index.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { refuseImpossiblePhone } from './phone-check.js';
import { dependency } from './unavailable.js';

export const HotlineCallTaken = z
  .object({
    callId: z.string(),
    reference: z.string().openapi({ description: 'What the caller writes down' }),
    category: z.enum(CallCategory.options),
    suggestedCategory: z.enum(CallCategory.options).openapi({ description: 'What the keyword rule proposed' }),
    readBack: z.string().openapi({ description: 'Read this to the caller before hanging up' }),
    customerId: z.string(),
    rescueId: z.string().nullable(),
    complaintId: z.string().nullable(),
    callbackTaskId: z
      .string()
      .nullable()
      .openapi({ description: "A consultation's call-back on the call list, due when the shop is next open" }),
  })
  .openapi('HotlineCallTaken');
export type HotlineCallTaken = z.infer<typeof HotlineCallTaken>;

export interface IntakeOptions {
  /** Tests shorten the clocks; production uses the defaults. */
  rescuePolicy?: RescuePolicyOverride;
  visitPolicy?: VisitPolicyOverride;
  complaintPolicy?: ComplaintPolicyOverride;
  /** The shop's country (`SHOP_COUNTRY`): the caller's number in national form is read as its. */
  shopCountry?: ShopCountry;
  /** The shop's language (`SHOP_LANGUAGE`): the read-back is in it. */
  language?: Language;
  /** The shop's zone (`SHOP_TIME_ZONE`): a consultation's call-back falls in its opening hours. */
  timeZone?: string;
  /** The call's id: the route's `openedIdOf`, so a retry of the request names the rescue or complaint it started. */
  callId?: string;
}

/**
 * [S1.2] Answer, classify, read back: records the call and starts its flow — a rescue workflow for an
 * emergency, a complaint workflow for a complaint; a consultation puts a call-back on the advisors' call list, as its
 * read-back promises. The call row, the call-back and the workflow start share one transaction, so a refused start
 * leaves no half-recorded call. A start Temporal took but confirmed too late rolls the call back while its rescue or
 * complaint runs: the retry with the same key (the same `callId`) finds that workflow started and records the call it
 * belongs to, rather than sending a second truck.
 */
export async function takeHotlineCall(
  deps: ApiDeps,
  call: HotlineCallInput,
  takenBy: string,
  opts: IntakeOptions = {},
): Promise<HotlineCallTaken> {
  refuseImpossiblePhone('phone', call.phone, opts.shopCountry);
  const callId = opts.callId ?? randomUUID();
  const suggestedCategory = suggestCategory(call.summary);
  const category = call.category ?? suggestedCategory;
  const reference = callReference(category === 'rescue' ? 'R' : category === 'complaint' ? 'C' : 'H', callId);
  const rescueId = category === 'rescue' ? rescueWorkflowId(callId) : null;
  const complaintId = category === 'complaint' ? complaintWorkflowId.forCall(callId) : null;
  const callbackTaskId = category === 'consultation' ? `hotline-${callId}:call-back` : null;
  const text = readBack({ ...call, category, reference }, opts.language);
  const receivedAt = new Date().toISOString();

  const db = deps.database.db;
  if (call.visitId) {
    const visitId = call.visitId;
    const [visit] = await dependency('database', () => db.select({ id: visits.id }).from(visits).where(eq(visits.id, visitId)));
    if (!visit)
      throw new AppError('unprocessable', `visitId: no visit ${visitId}`, {
        fields: [{ field: 'visitId', message: 'unknown visit' }],
      });
  }
  // The caller goes on file first, committed: the workflow started below records rows that reference them, and
  // its activity may run before the call's own transaction commits (a refused start still leaves no call row).
  const caller = await dependency('database', () => callerOnFile(db, call, randomUUID(), opts.shopCountry));
  // The hotline answers around the clock, the advisors work the shop's hours: the call-back is due now when the shop
  // is open, else at its next opening (now, should the calendar never open: the list still shows it).
  const callbackDueAt = callbackTaskId
    ? await dependency('database', async () => {
        const calendar = await readCalendar(db, opts.timeZone ?? shopTimeZone({}), new Date(receivedAt));
        return new Date(nextOpening(calendar, Date.parse(receivedAt)) ?? Date.parse(receivedAt)).toISOString();
      })
    : null;
  return dependency('database', () =>
    db.transaction(async (tx) => {
      await tx.insert(hotlineCalls).values({
        id: callId,
        receivedAt: new Date(receivedAt),
        takenBy,
        callerName: call.callerName,
        phone: call.phone,
        customerId: caller.id,
        category,
        suggestedCategory,
        summary: call.summary,
        location: call.location ?? null,
        plate: call.plate ?? null,
        readBack: text,
        rescueId,
        complaintId,
      });
      if (callbackTaskId && callbackDueAt)
        await openCareTask(tx, {
          id: callbackTaskId,
          kind: 'hotline_callback',
          customerId: caller.id,
          assigneeRole: 'advisor',
          title: `Call back about hotline call ${reference}`,
          // What they asked, as the call list shows it: a preview, the whole is on the call's record.
          params: { reference, summary: clip(call.summary, 300, '…') },
          dueAt: callbackDueAt,
        });
      if (rescueId) {
        const start: RescueStart = {
          rescueId,
          hotlineCallId: callId,
          customer: caller,
          location: call.location ?? 'unknown',
          problem: call.summary,
          plate: call.plate,
          policy: RescuePolicy.parse(opts.rescuePolicy ?? {}),
          visitPolicy: opts.visitPolicy,
        };
        await startedOnce(() =>
          deps.temporal.workflow.start(rescue, { workflowId: rescueId, taskQueue: deps.taskQueue, args: [start] }),
        );
      }
      if (complaintId) {
        const start: ComplaintStart = {
          complaintId,
          source: 'hotline',
          receivedAt,
          description: call.summary,
          customer: caller,
          visitId: call.visitId,
          plate: call.plate,
          hotlineCallId: callId,
          policy: ComplaintPolicy.parse(opts.complaintPolicy ?? {}),
        };
        await startedOnce(() =>
          deps.temporal.workflow.start(complaint, { workflowId: complaintId, taskQueue: deps.taskQueue, args: [start] }),
        );
      }
      return {
        callId,
        reference,
        category,
        suggestedCategory,
        readBack: text,
        customerId: caller.id,
        rescueId,
        complaintId,
        callbackTaskId,
      };
    }),
  );
}

/** Starts the call's workflow; already started, it is this call's, by an earlier try of the same request. */
const startedOnce = (start: () => Promise<unknown>) =>
  dependency('temporal', start).catch((err: unknown) => {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  });
