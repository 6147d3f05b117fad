import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { campaignList, openCampaignsOn } from '../../db/campaigns.js';
import type { Database } from '../../db/client.js';
import { campaigns, campaignVehicles, labourOperations, parts, vehicles } from '../../db/schema.js';
import { CampaignView, type NewCampaign, NewCampaign as NewCampaignBody } from '../../domain/campaigns.js';
import { Translations } from '../../domain/catalogue.js';
import { CAMPAIGN_EDITORS } from '../../domain/roles.js';
import { Vin } from '../../domain/visit.js';
import { campaignWorkflowId } from '../../workflows/campaign.js';
import { campaign } from '../../workflows/index.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody, takenError } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { dependency } from '../unavailable.js';

// Recall and product campaigns [S1.5, S2]: the one writer of `campaigns` and `campaign_vehicles`. The service manager
// imports what the maker sends; the import resolves the affected vehicles against the vehicle file and starts the
// campaign's workflow, which tells each owner on file (workflows/campaign.ts), in one transaction: if Temporal
// refuses the start, nothing is recorded.

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A catalogue entry the campaign names that is not on offer: 422, naming the field. */
const notInCatalogue = (field: string, message: string) =>
  new AppError('unprocessable', `Invalid body: ${field}: ${message}`, { fields: [{ field, message }] });

async function checkCatalogue(tx: Tx, body: NewCampaign) {
  const [op] = await tx.select().from(labourOperations).where(eq(labourOperations.code, body.labourCode));
  if (!op?.active) throw notInCatalogue('labourCode', `no labour operation ${body.labourCode} on offer in the catalogue`);
  if (body.parts.length === 0) return;
  const numbers = body.parts.map((p) => p.partNumber);
  const found = await tx
    .select({ partNumber: parts.partNumber })
    .from(parts)
    .where(and(inArray(parts.partNumber, numbers), eq(parts.active, true)));
  const offered = new Set(found.map((p) => p.partNumber));
  const missing = numbers.findIndex((n) => !offered.has(n));
  if (missing >= 0) throw notInCatalogue(`parts.${missing}.partNumber`, `no part ${numbers[missing]} on offer in the catalogue`);
}

/** The vehicles on file the campaign names: by VIN, or by model (as people type it) and model year. */
function vehiclesOnFile(tx: Tx, body: NewCampaign) {
  const columns = { vin: vehicles.vin, customerId: vehicles.customerId, plate: vehicles.plate };
  if (body.vins) return tx.select(columns).from(vehicles).where(inArray(vehicles.vin, body.vins));
  return tx
    .select(columns)
    .from(vehicles)
    .where(
      sql`lower(trim(${vehicles.model})) = lower(trim(${body.model ?? ''}))
        and ${vehicles.year} between ${body.yearFrom ?? 0} and ${body.yearTo ?? 0}`,
    );
}

const VehicleVin = z.object({
  vin: Vin.meta({ param: { name: 'vin', in: 'path' }, description: '17-character VIN', example: 'WVWZZZ1JZXW000001' }),
});

const OpenCampaign = z
  .object({ code: z.string(), description: z.string(), translations: Translations, labourCode: z.string() })
  .openapi('OpenCampaign');

export const campaignRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/campaigns',
      tags: ['campaigns'],
      summary:
        "Import a maker's recall or product campaign [S1.5]: the affected owners on file are told on their channel and put on the call list",
      middleware: [requireRole(...CAMPAIGN_EDITORS)] as const,
      request: { body: jsonBody(NewCampaignBody, 'The campaign, its recall work and the vehicles it affects') },
      responses: {
        201: jsonResponse(CampaignView, 'Imported; the owners are being told'),
        400: jsonResponse(ErrorBody, 'A field is invalid (a bad VIN is named by its row); the error names it'),
        409: jsonResponse(ErrorBody, 'A campaign with this code was imported before'),
        422: jsonResponse(ErrorBody, 'The labour operation or a part is not on offer in the catalogue'),
        503: jsonResponse(ErrorBody, 'The database or Temporal is unreachable; nothing was imported'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const importedBy = actingStaff(c).id;
      const { deps } = c.var;
      const view = await dependency('database', () =>
        deps.database.db.transaction(async (tx) => {
          await checkCatalogue(tx, body);
          const [row] = await tx
            .insert(campaigns)
            .values({ ...body, translations: body.translations ?? {}, importedBy })
            .onConflictDoNothing()
            .returning();
          if (!row) throw takenError('code', `campaign ${body.code} was imported before`);
          const onFile = await vehiclesOnFile(tx, body);
          const owners = new Map(onFile.map((v) => [v.vin, v]));
          const affected = [...new Set(body.vins ?? onFile.map((v) => v.vin))];
          if (affected.length > 0)
            await tx
              .insert(campaignVehicles)
              .values(affected.map((vin) => ({ campaignCode: body.code, vin, customerId: owners.get(vin)?.customerId ?? null })));
          await dependency('temporal', () =>
            deps.temporal.workflow.start(campaign, {
              workflowId: campaignWorkflowId(body.code),
              taskQueue: deps.taskQueue,
              args: [{ code: row.code, description: row.description, translations: row.translations, recipients: onFile }],
            }),
          );
          const { createdAt, importedBy: _, ...imported } = row;
          return {
            ...imported,
            importedAt: createdAt.toISOString(),
            affected: affected.length,
            notified: onFile.length,
            completed: 0,
          };
        }),
      );
      return c.json(view, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/campaigns',
      middleware: [requireReader('campaigns')],
      tags: ['campaigns'],
      summary: 'Every campaign, newest first, with the vehicles it affects, the owners told and the recall lines done',
      responses: {
        200: jsonResponse(z.array(CampaignView), 'The campaigns'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => c.json(await dependency('database', () => campaignList(c.var.deps.database.db)), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/vehicles/{vin}/campaigns',
      middleware: [requireReader('vehicleCampaigns')],
      tags: ['campaigns'],
      summary: 'The campaigns open on a vehicle: at booking and reception they are flagged and go on the estimate free',
      request: { params: VehicleVin },
      responses: {
        200: jsonResponse(z.array(OpenCampaign), 'Oldest first; empty when none is open'),
        400: jsonResponse(ErrorBody, 'The VIN is invalid'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { vin } = c.req.valid('param');
      const open = await dependency('database', () => openCampaignsOn(c.var.deps.database.db, vin));
      return c.json(
        open.map(({ code, description, translations, labourCode }) => ({ code, description, translations, labourCode })),
        200,
      );
    },
  );
