import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { customers, outbox } from '../db/schema.js';
import type { ChannelAdapter } from './channels.js';

export interface Notification {
  /** Deterministic, so a retried activity never queues the message twice. */
  id: string;
  visitId: string;
  audience: 'customer' | 'advisor' | 'manager' | 'supervisor';
  /** The staff member for staff messages, the customer id for customer messages. */
  to: string;
  template: string;
  payload: Record<string, unknown>;
}

export function notificationActivities(db: Database, adapter: ChannelAdapter) {
  return {
    /**
     * Writes the message to the outbox, then hands it to the channel adapter. A customer is reached on the
     * channel they chose; one who opted out gets nothing, and the outbox says so.
     */
    async notify(n: Notification): Promise<'sent' | 'suppressed'> {
      let channel = 'staff';
      let recipient = `${n.audience}:${n.to}`;
      let suppressed = false;
      if (n.audience === 'customer') {
        const [customer] = await db.select().from(customers).where(eq(customers.id, n.to));
        if (!customer) throw new Error(`customer ${n.to} is not on file`);
        channel = customer.preferredChannel === 'email' && customer.email ? 'email' : customer.preferredChannel;
        recipient = channel === 'email' && customer.email ? customer.email : customer.phone;
        suppressed = customer.optedOut;
      }
      await db
        .insert(outbox)
        .values({
          id: n.id,
          channel,
          recipient,
          template: n.template,
          visitId: n.visitId,
          payload: n.payload,
          status: suppressed ? 'suppressed' : 'pending',
        })
        .onConflictDoNothing();
      const [row] = await db.select().from(outbox).where(eq(outbox.id, n.id));
      if (!row || row.status === 'suppressed') return 'suppressed';
      if (row.status === 'sent') return 'sent';
      try {
        await adapter.send({
          id: row.id,
          channel: row.channel,
          recipient: row.recipient,
          template: row.template,
          payload: row.payload,
        });
      } catch (err) {
        await db
          .update(outbox)
          .set({ attempts: row.attempts + 1, lastError: err instanceof Error ? err.message : String(err) })
          .where(eq(outbox.id, n.id));
        throw err;
      }
      await db
        .update(outbox)
        .set({ status: 'sent', attempts: row.attempts + 1, sentAt: new Date() })
        .where(eq(outbox.id, n.id));
      return 'sent';
    },
  };
}
