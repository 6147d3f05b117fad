import { randomUUID } from 'node:crypto';
import { like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, outbox, vehicles } from '../../db/schema.js';
import { addMonthsUtc, MS_PER_DAY } from '../../domain/time.js';
import { ensureWarrantySweep } from '../../runtime/warranty-sweep.js';
import { warrantyNotices } from '../../workflows/index.js';
import { WARRANTY_NOTICES_WORKFLOW_ID } from '../../workflows/warranty-notices.js';
import { useTestStack } from '../support/stack.js';

// The daily warranty-expiry sweep [S2] on its Temporal Schedule, at an hour on the shop's clock: owners are texted at
// ten in the morning, whatever hour the worker was installed at. Before, one workflow under the fixed id
// `warranty-notices` swept and slept 24 hours in a loop; putting the Schedule in place cancels that loop.

describe('the warranty sweep on its Schedule', () => {
  const stack = useTestStack();

  it('runs at the hour set on the shop clock, follows a changed hour, and each run tells the owner once', async () => {
    const db = stack.database.db;
    const vin = 'WVWZZZ1JZ00000501';
    const endsOn = new Date(Date.now() + 10 * MS_PER_DAY).toISOString().slice(0, 10);
    await db.insert(customers).values({ id: 'cust-sweep', name: 'Ana Weber', phone: '+49 30 5550177', phoneKey: '49305550177' });
    await db.insert(vehicles).values({
      vin,
      customerId: 'cust-sweep',
      plate: 'B-WS-501',
      model: 'VW Golf',
      purchaseDate: addMonthsUtc(`${endsOn}T12:00:00Z`, -36).slice(0, 10),
      warrantyMonths: 36,
    });

    const scheduleId = `warranty-sweep-test-${randomUUID()}`;
    const timing = { taskQueue: stack.taskQueue, cron: '0 10 * * *', timeZone: 'Asia/Shanghai' };
    const schedule = await ensureWarrantySweep(stack.client, { ...timing, scheduleId });
    try {
      const described = await schedule.describe();
      expect([described.spec.timezone, described.spec.calendars?.[0]?.hour]).toEqual([
        'Asia/Shanghai',
        [{ start: 10, end: 10, step: 1 }],
      ]);
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: warrantyNotices.name,
        taskQueue: stack.taskQueue,
      });
      // Every worker start ensures it again: a changed hour is taken, nothing fails.
      await ensureWarrantySweep(stack.client, { ...timing, cron: '30 9 * * *', scheduleId });
      expect((await schedule.describe()).spec.calendars?.[0]?.hour).toEqual([{ start: 9, end: 9, step: 1 }]);

      const told = () =>
        db
          .select()
          .from(outbox)
          .where(like(outbox.id, `${WARRANTY_NOTICES_WORKFLOW_ID}:${vin}:%`));
      for (const run of [1, 2]) {
        await schedule.trigger();
        await expect.poll(async () => (await schedule.describe()).info.recentActions.length, { timeout: 30_000 }).toBe(run);
        const [action] = (await schedule.describe()).info.recentActions.slice(-1);
        const handle = stack.client.workflow.getHandle(action?.action.workflow.workflowId ?? '');
        // The second day's run finds the owner told: still one message.
        expect(await handle.result()).toBe(run === 1 ? 1 : 0);
      }
      expect((await told()).map((m) => [m.template, m.payload.plate, m.payload.endsOn])).toEqual([
        ['warranty_expiring', 'B-WS-501', endsOn],
      ]);
    } finally {
      await schedule.delete();
    }
  });

  it('cancels the sweep that looped under the fixed id before the Schedule', async () => {
    // A loop as a worker of the old code left it: running under `warranty-notices` (on a queue no worker here polls).
    const loop = await stack.client.workflow.start(warrantyNotices, {
      workflowId: WARRANTY_NOTICES_WORKFLOW_ID,
      taskQueue: `old-worker-${randomUUID()}`,
      args: [{}],
    });
    const scheduleId = `warranty-sweep-test-${randomUUID()}`;
    const schedule = await ensureWarrantySweep(stack.client, {
      taskQueue: stack.taskQueue,
      cron: '0 10 * * *',
      timeZone: 'UTC',
      scheduleId,
    });
    try {
      const history = await loop.fetchHistory();
      expect(history.events?.some((e) => e.workflowExecutionCancelRequestedEventAttributes)).toBe(true);
      // Started again on a worker's next start, with the loop already asked to stop (or gone), nothing fails.
      await ensureWarrantySweep(stack.client, { taskQueue: stack.taskQueue, cron: '0 10 * * *', timeZone: 'UTC', scheduleId });
    } finally {
      await schedule.delete();
      await loop.terminate('test over');
    }
  });
});
