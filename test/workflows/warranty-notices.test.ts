import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, outbox, vehicles } from '../../db/schema.js';
import { addMonthsUtc, MS_PER_DAY, MS_PER_HOUR } from '../../domain/time.js';
import { warrantyNotices } from '../../workflows/index.js';
import { WARRANTY_NOTICES_WORKFLOW_ID } from '../../workflows/warranty-notices.js';
import { eventually, startTimeSkippingStack, type TimeSkippingStack } from '../support/time-skipping.js';

// Warranty-expiry notices [S2] with their production durations on the time-skipping test server: the daily sweep
// tells an owner 30 days before the maker's warranty ends (purchase date + term from the vehicle file), once.
// The Schedule that starts a sweep every day on the shop's clock is in test/care/warranty-schedule.test.ts.

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('warranty-expiry notices', () => {
  let stack: TimeSkippingStack;
  beforeAll(async () => {
    stack = await startTimeSkippingStack();
  }, 120_000);
  afterAll(async () => stack?.close());

  const notices = () =>
    stack.database.db
      .select()
      .from(outbox)
      .where(like(outbox.id, `${WARRANTY_NOTICES_WORKFLOW_ID}:%`));

  it('tells the owner once, 30 days before the warranty ends, and nobody whose warranty ended or has no term', async () => {
    const start = await stack.now();
    const endsOn = day(start + 45 * MS_PER_DAY);
    await stack.database.db
      .insert(customers)
      .values({ id: 'cust-warranty', name: 'Ana Weber', phone: '+49 30 5550199', phoneKey: '49305550199' });
    const vehicle = (vin: string, purchaseDate: string | null, warrantyMonths: number | null) => ({
      vin,
      customerId: 'cust-warranty',
      plate: `B-W-${vin.slice(-3)}`,
      model: 'VW Golf',
      purchaseDate,
      warrantyMonths,
    });
    await stack.database.db.insert(vehicles).values([
      // A four-year term ends on the very day of the month it was bought on, 29 February too (36 months before
      // 29 February 2028 is the 28th, whose term ends on 28 February: a run in mid-January 2028 told the owner a day early).
      vehicle('WVWZZZ1JZ00000201', addMonthsUtc(`${endsOn}T12:00:00Z`, -48).slice(0, 10), 48),
      vehicle('WVWZZZ1JZ00000202', day(start - 800 * MS_PER_DAY), 24), // ended weeks ago
      vehicle('WVWZZZ1JZ00000203', day(start - 800 * MS_PER_DAY), null), // no term on file
    ]);

    await stack.withWorker(async () => {
      // Each day's sweep is a run of its own, as the Schedule starts it (runtime/warranty-sweep.ts), on the day it
      // runs. Waited for by its status: awaiting its result would let the test server skip time while nothing else is
      // due, years ahead, and the next day's sweep would run then.
      const sweepOn = async (dayNo: number) => {
        await stack.sleepUntil(start + dayNo * MS_PER_DAY + MS_PER_HOUR);
        const handle = await stack.client.workflow.start(warrantyNotices, {
          workflowId: `${WARRANTY_NOTICES_WORKFLOW_ID}-day-${dayNo}`,
          taskQueue: stack.taskQueue,
          args: [{}],
        });
        await eventually(async () => (await handle.describe()).status.name).toBe('COMPLETED');
      };
      // Day 14 is 31 days before the end: not yet.
      await sweepOn(14);
      expect(await notices()).toEqual([]);
      // Day 15's sweep is 30 days before: the owner is told on their channel.
      await sweepOn(15);
      expect((await notices()).map((n) => [n.template, n.payload.plate, n.payload.endsOn])).toEqual([
        ['warranty_expiring', 'B-W-201', endsOn],
      ]);
      // Every later day's sweep finds it told: one message, however many days pass.
      await sweepOn(16);
      await sweepOn(40);
      expect(await notices()).toHaveLength(1);
    });
  }, 180_000);
});
