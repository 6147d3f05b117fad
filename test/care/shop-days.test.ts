import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiActivities } from '../../activities/kpis.js';
import { warrantyActivities } from '../../activities/warranty.js';
import { alerts, kpiTargets } from '../../db/care-schema.js';
import type { DatabaseHandle } from '../../db/client.js';
import { customers, vehicles } from '../../db/schema.js';
import { openTestDatabase } from '../support/database.js';
import { vinOf, visitFixture } from './fixtures.js';

// The daily sweeps count the shop's calendar days (SHOP_TIME_ZONE), not UTC's: a Shanghai shop's 06:00 is 22:00
// UTC the evening before, a Munich shop's 00:30 is 23:30 UTC the evening before. Each case names its instant.

const SHANGHAI_0600 = '2027-03-14T22:00:00.000Z'; // 15 March, 06:00 in Shanghai (UTC+8)
const MUNICH_0030 = '2027-03-14T23:30:00.000Z'; // 15 March, 00:30 in Munich (UTC+1)

describe("the sweeps' days are the shop's calendar days", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  describe('warranty-expiry notices', () => {
    beforeAll(async () => {
      const db = database.db;
      await db.insert(customers).values({ id: 'cust-days', name: 'Li Wei', phone: '+86 21 5555 0100', phoneKey: '862155550100' });
      // Four-year terms ending the day before, on and 30 days after 15 March 2027.
      const bought = (vin: string, purchaseDate: string) => ({
        vin,
        customerId: 'cust-days',
        plate: `SH-${vin.slice(-3)}`,
        model: 'VW Lavida',
        purchaseDate,
        warrantyMonths: 48,
      });
      await db
        .insert(vehicles)
        .values([
          bought('LSVAA4182E0000301', '2023-03-14'),
          bought('LSVAA4182E0000302', '2023-03-15'),
          bought('LSVAA4182E0000303', '2023-04-14'),
        ]);
    });

    const due = async (asOf: string, timeZone: string) =>
      (
        await warrantyActivities(database.db, timeZone).warrantyNoticesDue({
          asOf,
          noticeDays: 30,
          noticePrefix: 'warranty-notices:',
        })
      )
        .map((v) => v.endsOn)
        .sort();

    it('for a Shanghai shop at 06:00: a warranty that ended yesterday is not noticed, one ending in 30 days is', async () => {
      expect(await due(SHANGHAI_0600, 'Asia/Shanghai')).toEqual(['2027-03-15', '2027-04-14']);
    });

    it('for a Munich shop at 00:30, the same', async () => {
      expect(await due(MUNICH_0030, 'Europe/Berlin')).toEqual(['2027-03-15', '2027-04-14']);
    });

    it('for a shop on UTC, its own day', async () => {
      expect(await due(SHANGHAI_0600, 'UTC')).toEqual(['2027-03-14', '2027-03-15']);
    });
  });

  describe('the daily KPI review', () => {
    beforeAll(async () => {
      const db = database.db;
      await db.insert(kpiTargets).values({ kpi: 'csi', direction: 'at_least', target: 4.5, minSample: 2, updatedBy: 'mgr' });
      // Two unhappy customers reached in each review's week: CSI 2.5 against 4.5.
      let n = 300;
      for (const reachedAt of ['2027-03-12T10:00:00Z', '2027-03-19T10:00:00Z', '2027-03-26T10:00:00Z'])
        for (const score of [2, 3]) {
          const delivered = new Date(Date.parse(reachedAt) - 86_400_000).toISOString();
          await visitFixture(db, {
            kind: 'walk_in',
            stage: 'aftercare',
            advisorId: 'adv-a',
            vin: vinOf(++n),
            createdAt: delivered,
            deliveredAt: delivered,
            events: [['visit_opened', delivered]],
            followUps: [[reachedAt, true, score]],
          });
        }
    });

    const review = (asOf: string, timeZone: string) => kpiActivities(database.db, timeZone).reviewKpis({ asOf, windowDays: 7 });
    const csiAlert = async (id: string) => (await database.db.select().from(alerts).where(eq(alerts.id, id)))[0];

    it("dates the alert by the Shanghai shop's day at its 06:00 review", async () => {
      expect(await review(SHANGHAI_0600, 'Asia/Shanghai')).toContain('kpi:csi:2027-03-15');
      expect(await database.db.select().from(alerts).where(eq(alerts.id, 'kpi:csi:2027-03-14'))).toEqual([]);
    });

    it("dates the alert by the Munich shop's day at 00:30", async () => {
      // 22 March, 00:30 in Munich: 21 March in UTC.
      expect(await review('2027-03-21T23:30:00.000Z', 'Europe/Berlin')).toContain('kpi:csi:2027-03-22');
    });

    it("judges a week of the shop's days across a change of the clocks", async () => {
      // 30 March 2027, 06:00 in Munich (summer time since the 28th): the week began on the 23rd at 06:00 winter
      // time, 05:00 UTC, 167 hours before.
      expect(await review('2027-03-30T04:00:00.000Z', 'Europe/Berlin')).toContain('kpi:csi:2027-03-30');
      expect((await csiAlert('kpi:csi:2027-03-30'))?.periodFrom?.toISOString()).toBe('2027-03-23T05:00:00.000Z');
    });
  });
});
