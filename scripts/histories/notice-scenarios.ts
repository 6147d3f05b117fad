// The campaign and warranty-notice scenarios of scripts/capture-histories.ts: a recall telling two owners, and one
// day's warranty sweep as its Schedule runs it. (test/histories/warranty-notices-parked.json is the sweep as it looped
// on a 24-hour timer before ONE_SWEEP_PER_RUN_PATCH; the code captures that shape no more.)
import { customers, vehicles } from '../../db/schema.js';
import { addMonthsUtc, MS_PER_DAY } from '../../domain/time.js';
import { type Scenarios, taskQueue } from './support.js';

const owners = [
  { id: 'cust-notice-1', name: 'Ana Weber', phone: '+49 30 5550101', phoneKey: '49305550101', preferredChannel: 'sms' },
  {
    id: 'cust-notice-2',
    name: 'Mei Lin',
    phone: '+49 30 5550102',
    phoneKey: '49305550102',
    email: 'mei@example.com',
    preferredChannel: 'email',
  },
];

export const NOTICE_SCENARIOS: Scenarios = {
  /** A recall imported for two vehicles on file: each owner is told and put on the call list. */
  async campaign(ctx) {
    await ctx.db.insert(customers).values(owners).onConflictDoNothing();
    const handle = await ctx.client.workflow.start('campaign', {
      taskQueue,
      workflowId: 'campaign-capture',
      args: [
        {
          code: 'RC-CAPTURE',
          description: 'The passenger airbag inflator may rupture',
          translations: { 'zh-CN': '副驾驶安全气囊气体发生器可能破裂' },
          recipients: [
            { vin: 'WVWZZZ1JZ00000101', customerId: 'cust-notice-1', plate: 'B-RC-101' },
            { vin: 'WVWZZZ1JZ00000102', customerId: 'cust-notice-2', plate: 'B-RC-102' },
          ],
        },
      ],
    });
    await handle.result();
    return { campaign: handle.workflowId };
  },

  /** One day's sweep as its Schedule starts it (ONE_SWEEP_PER_RUN_PATCH): one owner told, and the run ends. */
  async 'warranty-notices-sweep'(ctx) {
    await ctx.db.insert(customers).values(owners).onConflictDoNothing();
    const purchased = addMonthsUtc(new Date(Date.now() + 12 * MS_PER_DAY).toISOString(), -36).slice(0, 10);
    await ctx.db
      .insert(vehicles)
      .values({
        vin: 'WVWZZZ1JZ00000104',
        customerId: 'cust-notice-2',
        plate: 'B-WN-104',
        model: 'VW Golf',
        purchaseDate: purchased,
        warrantyMonths: 36,
      })
      .onConflictDoNothing();
    const handle = await ctx.client.workflow.start('warrantyNotices', {
      taskQueue,
      workflowId: 'warranty-notices-sweep-capture',
      args: [{}],
    });
    await handle.result();
    return { 'warranty-notices-sweep': handle.workflowId };
  },
};
