import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Notification } from '../activities/notifications.js';

/**
 * Messages get a bounded number of tries, backing off 2 s, 8 s, 32 s, 2 min, 8 min…: a gateway that is down
 * for a moment is waited out, one that stays down does not hold the process. The activity stops earlier
 * (after the adapter's `deliveryAttempts`, or at once when the gateway refuses the message); this ceiling
 * only guards against an adapter that never says so.
 */
const delivery = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 4, maximumInterval: '10 minutes', maximumAttempts: 8 },
});

// Recording the hand-over must land however long the database is away, like every other record.
const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Patch id of the visit's switch from "retry the message forever" to this. */
export const DELIVERY_HANDOVER_PATCH = 'notify-failure-to-call-list';

/**
 * Sends the message; if it cannot be delivered, a person gets a call-list task instead. Never throws for
 * a delivery problem, so the caller's other work (the visit's tasks, the next message) carries on.
 */
export async function deliverOrHandOver(notification: Notification): Promise<'sent' | 'suppressed' | 'handed_over'> {
  try {
    return await delivery.notify(notification);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause;
    const reason = cause instanceof ApplicationFailure ? cause.message : (cause?.message ?? 'delivery failed');
    await records.handOverUndelivered({ notification, reason });
    return 'handed_over';
  }
}
