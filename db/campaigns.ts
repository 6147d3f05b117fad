import { asc, eq, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { CampaignView } from '../domain/campaigns.js';
import type { Database } from './client.js';
import { campaigns, campaignVehicles, repairLines, visits } from './schema.js';

// Reads of the campaigns (their one writer is api/routes/campaigns.ts). A campaign is completed on a vehicle when a
// visit of that vehicle has its recall line done: the line names the campaign in its catalogue reference, so
// completion is read from the visits' own records and never stored a second time.

/**
 * When the recall line of the row's campaign was done on the row's vehicle; null while it is not. Written with its
 * tables named, because drizzle leaves columns unqualified in a select from one table.
 */
const completedAt = sql<Date | null>`(
  select min(rl.updated_at) from repair_lines rl join visits v on v.id = rl.visit_id
  where v.vin = campaign_vehicles.vin and rl.status = 'done'
    and rl.catalogue_ref->>'campaign' = campaign_vehicles.campaign_code)`.mapWith((v: string | null) =>
  v === null ? null : new Date(v),
);

/** Every campaign, newest first, with how many vehicles it affects, how many owners were told and how many are done. */
export async function campaignList(db: Database): Promise<CampaignView[]> {
  const reach = db
    .select({
      code: campaignVehicles.campaignCode,
      affected: sql<number>`count(*)::int`.as('affected'),
      notified: sql<number>`count(${campaignVehicles.customerId})::int`.as('notified'),
      completed: sql<number>`count(*) filter (where ${completedAt} is not null)::int`.as('completed'),
    })
    .from(campaignVehicles)
    .groupBy(campaignVehicles.campaignCode)
    .as('reach');
  const rows = await db
    .select({ campaign: campaigns, affected: reach.affected, notified: reach.notified, completed: reach.completed })
    .from(campaigns)
    .leftJoin(reach, eq(reach.code, campaigns.code))
    .orderBy(sql`${campaigns.createdAt} desc`, asc(campaigns.code));
  return rows.map(({ campaign: { createdAt, importedBy: _, ...c }, affected, notified, completed }) => ({
    ...c,
    importedAt: createdAt.toISOString(),
    affected: affected ?? 0,
    notified: notified ?? 0,
    completed: completed ?? 0,
  }));
}

/**
 * The codes of the campaigns open on the vehicle of `vin` (a column of the outer query), in code order: the flag
 * of the appointment board's rows.
 */
export const openCampaignCodes = (vin: PgColumn) =>
  sql<string[]>`array(select campaign_vehicles.campaign_code from campaign_vehicles
    where campaign_vehicles.vin = ${vin} and ${completedAt} is null order by campaign_vehicles.campaign_code)`;

/** The campaigns open on a vehicle: it is affected and its recall line is not done yet. */
export async function openCampaignsOn(db: Pick<Database, 'select'>, vin: string) {
  return db
    .select({
      code: campaigns.code,
      description: campaigns.description,
      translations: campaigns.translations,
      labourCode: campaigns.labourCode,
      parts: campaigns.parts,
    })
    .from(campaignVehicles)
    .innerJoin(campaigns, eq(campaigns.code, campaignVehicles.campaignCode))
    .where(sql`${campaignVehicles.vin} = ${vin} and ${completedAt} is null`)
    .orderBy(asc(campaigns.createdAt), asc(campaigns.code));
}
export type OpenCampaign = Awaited<ReturnType<typeof openCampaignsOn>>[number];

/** Every affected vehicle with when its campaign was imported and when its recall line was done: the KPI's records. */
export async function campaignVehicleRecords(db: Database) {
  return db
    .select({ campaignCode: campaignVehicles.campaignCode, importedAt: campaignVehicles.createdAt, completedAt })
    .from(campaignVehicles);
}

/**
 * The recall work a visit's estimate owes: each campaign open on its vehicle that no line of the visit carries yet,
 * as the catalogue lines (its labour operation, then its parts) the estimate is priced from.
 */
export async function recallsOwed(db: Database, visitId: string) {
  const [visit] = await db.select({ vin: visits.vin }).from(visits).where(eq(visits.id, visitId));
  if (!visit) return [];
  const [open, onVisit] = await Promise.all([
    openCampaignsOn(db, visit.vin),
    db
      .select({ code: sql<string>`${repairLines.catalogueRef}->>'campaign'` })
      .from(repairLines)
      .where(sql`${repairLines.visitId} = ${visitId} and ${repairLines.catalogueRef}->>'campaign' is not null`),
  ]);
  const carried = new Set(onVisit.map((l) => l.code));
  return open
    .filter((c) => !carried.has(c.code))
    .map((c) => ({
      code: c.code,
      lines: [
        { kind: 'labour_operation' as const, code: c.labourCode },
        ...c.parts.map((p) => ({ kind: 'catalogue_part' as const, partNumber: p.partNumber, quantity: p.quantity })),
      ],
    }));
}
