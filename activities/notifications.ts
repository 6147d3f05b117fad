import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { customers, outbox } from '../db/schema.js';
import type { DocumentKind } from '../domain/documents.js';
import { type Currency, DEFAULT_CURRENCY, DEFAULT_LANGUAGE, type Language, languageOf } from '../domain/language.js';
import { SURVEY_WINDOW_DAYS } from '../domain/survey-rules.js';
import { clip } from '../domain/text-rules.js';
import { type ApprovalLinkSettings, mintApprovalLink, mintSurveyLink } from '../runtime/approval-links.js';
import { bookingLinkTtlSeconds, bookingPageUrl, signBookingLink } from '../runtime/booking-links.js';
import { openCareTask } from './care-tasks.js';
import { type ChannelAdapter, DEFAULT_DELIVERY_ATTEMPTS, DeliveryRejected } from './channels.js';
import { namesContactList, offersSurvey, renderMessage } from './message-templates.js';

/** A survey link outlives the survey's window (from pickup to the end of its 30th day after), which bounds it. */
const SURVEY_LINK_TTL_SECONDS = (SURVEY_WINDOW_DAYS + 2) * 86_400;

/** The public contact list page (web/pages/contacts.tsx) opened on the points nearest a place, in the reader's language. */
const contactsPageUrl = (publicUrl: string, near: unknown, language?: Language) => {
  const query = new URLSearchParams(typeof near === 'string' && near ? { near } : {});
  if (language) query.set('lang', language);
  return `${publicUrl.replace(/\/$/, '')}/app/contacts${query.size ? `?${query}` : ''}`;
};

export interface Notification {
  /** Deterministic, so a retried activity never queues the message twice. */
  id: string;
  /** The visit it is about; complaints and rescues without a visit leave it out. */
  visitId?: string;
  audience: 'customer' | 'advisor' | 'manager' | 'supervisor';
  /** The staff member for staff messages, the customer id for customer messages. */
  to: string;
  template: string;
  payload: Record<string, unknown>;
  /**
   * The message carries the customer's approval link for this approval of the visit: minted here, where the
   * signing key is, and kept in the outbox payload (`approvalUrl`, `linkExpiresAt`) so a retry sends the same one.
   */
  approvalLink?: { approvalId: string };
  /** The message carries the link to see, move or cancel the visit's booking (`bookingUrl`), minted here likewise. */
  bookingLink?: true;
  /**
   * The visit's paper the customer keeps a copy of: attached to an e-mail as a PDF rendered from the read model
   * when the message goes out; a text, or an e-mail whose PDF could not be made, says where to get it.
   */
  document?: DocumentKind;
}

/** Failure types the workflow sees once a message will not be retried any more. */
export const UNDELIVERABLE = { rejected: 'DeliveryRejected', exhausted: 'DeliveryExhausted' } as const;

/** The activity attempt this call is (1 outside an activity, e.g. when a test calls it directly). */
function attemptNumber(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

export function notificationActivities(
  db: Database,
  adapter: ChannelAdapter,
  links: ApprovalLinkSettings,
  /** The shop's currency (`SHOP_CURRENCY`): customer messages write their amounts in it. */
  currency: Currency = DEFAULT_CURRENCY,
  /** The shop's time zone (`SHOP_TIME_ZONE`): customer messages give their times on the shop's clock. */
  timeZone = 'UTC',
  /** The shop's language (`SHOP_LANGUAGE`): a customer whose file names none is written to in it. */
  shopLanguage: Language = DEFAULT_LANGUAGE,
) {
  const maxAttempts = adapter.deliveryAttempts ?? DEFAULT_DELIVERY_ATTEMPTS;
  return {
    /**
     * Writes the message to the outbox, then hands it to the channel adapter. A customer is reached on the
     * channel they chose; one who opted out gets nothing, and the outbox says so. A refused message, or the
     * last allowed attempt failing, ends the retries with a non-retryable failure: the workflow then puts
     * the message on the call list (`handOverUndelivered`).
     */
    async notify(n: Notification): Promise<'sent' | 'suppressed'> {
      let channel = 'staff';
      let recipient = `${n.audience}:${n.to}`;
      let suppressed = false;
      let language: Language | undefined;
      if (n.audience === 'customer') {
        const [customer] = await db.select().from(customers).where(eq(customers.id, n.to));
        if (!customer) throw new Error(`customer ${n.to} is not on file`);
        // A file that prefers e-mail but holds no address (the desk left it out) is texted: an e-mail "to" the
        // phone number reached nobody, and the visit's screen said the link went by e-mail to that number.
        channel = customer.preferredChannel === 'email' && !customer.email ? 'sms' : customer.preferredChannel;
        recipient = channel === 'email' && customer.email ? customer.email : customer.phone;
        suppressed = customer.optedOut;
        language = languageOf(customer.language) ?? shopLanguage;
      }
      // The customer's language, the shop's currency and zone travel in the outbox payload, so a retry sends the same words.
      const shop = { currency, timeZone };
      let payload: Record<string, unknown> = language ? { ...n.payload, language, ...shop } : { ...n.payload, ...shop };
      if (n.document) payload = { ...payload, document: n.document };
      if (n.approvalLink && n.visitId) {
        const link = await mintApprovalLink(links, { visitId: n.visitId, approvalId: n.approvalLink.approvalId }, language);
        payload = { ...payload, approvalUrl: link.url, linkExpiresAt: link.expiresAt };
      }
      if (n.bookingLink && n.visitId) {
        const link = await signBookingLink(n.visitId, links.key, bookingLinkTtlSeconds(n.payload.appointmentAt));
        payload = {
          ...payload,
          bookingUrl: bookingPageUrl(links.publicUrl, link.token, language),
          linkExpiresAt: link.expiresAt,
        };
      }
      if (offersSurvey(n.template) && n.visitId) {
        // Minted once, kept in the outbox payload like the other links, so a retry sends the same one.
        const link = await mintSurveyLink(links, n.visitId, SURVEY_LINK_TTL_SECONDS, language);
        payload = { ...payload, surveyUrl: link.url };
      }
      if (namesContactList(n.template))
        payload = { ...payload, contactListUrl: contactsPageUrl(links.publicUrl, n.payload.location, language) };
      await db
        .insert(outbox)
        .values({
          id: n.id,
          channel,
          recipient,
          template: n.template,
          visitId: n.visitId ?? null,
          payload,
          status: suppressed ? 'suppressed' : 'pending',
        })
        .onConflictDoNothing();
      const [row] = await db.select().from(outbox).where(eq(outbox.id, n.id));
      if (!row || row.status === 'suppressed') return 'suppressed';
      if (row.status === 'sent') return 'sent';
      try {
        await adapter.send({
          id: row.id,
          visitId: row.visitId ?? undefined,
          channel: row.channel,
          recipient: row.recipient,
          template: row.template,
          payload: row.payload,
        });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await db
          .update(outbox)
          .set({ attempts: row.attempts + 1, lastError: message })
          .where(eq(outbox.id, n.id));
        if (err instanceof DeliveryRejected) throw ApplicationFailure.nonRetryable(message, UNDELIVERABLE.rejected);
        if (attemptNumber() >= maxAttempts)
          throw ApplicationFailure.nonRetryable(`${message} (after ${maxAttempts} attempts)`, UNDELIVERABLE.exhausted);
        throw err;
      }
      await db
        .update(outbox)
        .set({ status: 'sent', attempts: row.attempts + 1, sentAt: new Date(), lastError: null })
        .where(eq(outbox.id, n.id));
      return 'sent';
    },

    /**
     * A message that could not be delivered becomes a call-list task: for a customer, the advisor phones
     * them with what the message said; for staff, the task lands with that role. The outbox row is marked
     * failed so nobody mistakes it for sent.
     */
    async handOverUndelivered(input: { notification: Notification; reason: string }): Promise<void> {
      const n = input.notification;
      const [failed] = await db
        .update(outbox)
        .set({ status: 'failed', lastError: input.reason })
        .where(eq(outbox.id, n.id))
        .returning({ payload: outbox.payload });
      const { subject, text } = renderMessage(n.template, failed?.payload ?? { ...n.payload, currency, timeZone });
      let who = n.to;
      let customerId: string | null = null;
      if (n.audience === 'customer') {
        const [customer] = await db.select().from(customers).where(eq(customers.id, n.to));
        who = customer ? `${customer.name} (${customer.phone})` : n.to;
        customerId = customer?.id ?? null;
      }
      await openCareTask(db, {
        id: `${n.id}:undelivered`,
        kind: 'delivery_failed',
        visitId: n.visitId ?? null,
        customerId,
        assigneeRole: n.audience === 'customer' ? 'advisor' : n.audience,
        title: clip(`Could not send "${subject}" to ${who} (${input.reason}): tell them by phone — ${text}`, 1000),
        // The message is already in its reader's language; a staff recipient is named from the directory.
        params: { subject, text: clip(text, 1000), staffId: n.audience === 'customer' ? null : n.to },
        dueAt: new Date().toISOString(),
      });
    },
  };
}
