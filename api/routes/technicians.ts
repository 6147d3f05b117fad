import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { technicians } from '../../db/schema.js';
import { Shift, SkillLevel } from '../../domain/dispatch.js';
import { TECHNICIAN_EDITORS } from '../../domain/roles.js';
import { text } from '../../domain/text.js';
import { requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody, takenError } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { dependency } from '../unavailable.js';

const ShiftBody = Shift.nullable().openapi({
  description:
    'Working hours the planner places their work in: { timeZone, days (1 = Monday … 7), opensAt, closesAt "HH:MM" }; null: around the clock',
});
const Technician = createSelectSchema(technicians, { skillLevel: SkillLevel, shift: ShiftBody }).openapi('Technician');
const NewTechnician = createInsertSchema(technicians, {
  id: text(64),
  name: text(200),
  skillLevel: SkillLevel,
  shift: ShiftBody.optional(),
})
  .strict()
  .openapi('NewTechnician');
const TechnicianChange = z
  .object({
    name: text(200).optional(),
    skillLevel: SkillLevel.optional(),
    active: z.boolean().optional(),
    shift: ShiftBody.optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'name at least one of name, skillLevel, active, shift to change')
  .openapi('TechnicianChange');
const TechnicianId = z.object({
  id: text(64).meta({ param: { name: 'id', in: 'path' } }),
});

/** The workshop's technicians and their skill level (1–3): what dispatch proposes from. */
export const technicianRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/technicians',
      middleware: [requireReader('technicians')],
      tags: ['workshop'],
      summary: 'Every technician, active or not',
      responses: { 200: jsonResponse(z.array(Technician), 'Technicians by id') },
    }),
    async (c) =>
      c.json(
        await dependency('database', () => c.var.deps.database.db.select().from(technicians).orderBy(asc(technicians.id))),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/technicians',
      tags: ['workshop'],
      summary: 'Add a technician (foreman, manager)',
      middleware: [requireRole(...TECHNICIAN_EDITORS)] as const,
      request: { body: jsonBody(NewTechnician, 'Id, name and skill level 1–3') },
      responses: {
        201: jsonResponse(Technician, 'Added'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        409: jsonResponse(ErrorBody, 'A technician with this id exists'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const [row] = await dependency('database', () =>
        c.var.deps.database.db.insert(technicians).values(body).onConflictDoNothing().returning(),
      );
      if (!row) throw takenError('id', `technician ${body.id} already exists`);
      return c.json(row, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/technicians/{id}',
      tags: ['workshop'],
      summary: 'Rename, re-grade, set the shift, or take a technician off (active: false) or back on the rota',
      middleware: [requireRole(...TECHNICIAN_EDITORS)] as const,
      request: { params: TechnicianId, body: jsonBody(TechnicianChange, 'The fields to change') },
      responses: {
        200: jsonResponse(Technician, 'Changed'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No technician has this id'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const change = c.req.valid('json');
      const db = c.var.deps.database.db;
      const [row] = await dependency('database', () =>
        db.update(technicians).set(change).where(eq(technicians.id, id)).returning(),
      );
      if (!row) throw new AppError('not_found', `No technician with id ${id}`);
      return c.json(row, 200);
    },
  );
