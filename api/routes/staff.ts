import { createRoute, z } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import { staff, technicians } from '../../db/schema.js';
import { Language, languageOf } from '../../domain/language.js';
import { StaffRole } from '../../domain/roles.js';
import { NewStaffMember, StaffChange, StaffId, StaffMember } from '../../domain/staff.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody, takenError } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { staffDirectory } from '../staff-directory.js';
import { dependency } from '../unavailable.js';

const Member = StaffMember.openapi('StaffMember');
const StaffQuery = z.object({
  role: StaffRole.optional().openapi({ description: 'Only people in this role' }),
  active: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'true: only those working here now; false: only those who left' }),
});
const MyLanguageChoice = z.object({ language: Language }).strict().openapi('LanguageChoice');
const MyLanguage = z.object({ language: Language.nullable() }).openapi('StaffLanguage');
const MemberId = z.object({ id: StaffId.meta({ param: { name: 'id', in: 'path' } }) });

/** Columns as the answer shows them. */
const member = (row: typeof staff.$inferSelect): StaffMember => ({
  id: row.id,
  name: row.name,
  role: StaffRole.parse(row.role),
  active: row.active,
});

/**
 * The staff directory: names for every "who" on the screens and the advisors a booking may name. Every signed-in
 * staff member reads it (their screens name people); only an admin changes it. Technicians are listed from
 * their own table and changed on `/technicians`.
 */
export const staffRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/staff',
      middleware: [requireReader('staff')],
      tags: ['staff'],
      summary: 'The staff directory: id, name, role, active — technicians included (from /technicians)',
      request: { query: StaffQuery },
      responses: {
        200: jsonResponse(z.array(Member), 'Everyone, by name'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const everyone = await dependency('database', () => staffDirectory(c.var.deps.database.db));
      const chosen = everyone.filter(
        (m) => (!q.role || m.role === q.role) && (q.active === undefined || String(m.active) === q.active),
      );
      return c.json(chosen, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/staff',
      tags: ['staff'],
      summary: 'Add a staff member (admin); technicians are added with POST /technicians',
      middleware: [requireRole('admin')] as const,
      request: { body: jsonBody(NewStaffMember.openapi('NewStaffMember'), 'Their sign-in id, name and role') },
      responses: {
        201: jsonResponse(Member, 'Added'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        409: jsonResponse(ErrorBody, 'Someone (staff or technician) already has this id'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const db = c.var.deps.database.db;
      const row = await dependency('database', () =>
        db.transaction(async (tx) => {
          const [tech] = await tx.select({ id: technicians.id }).from(technicians).where(eq(technicians.id, body.id));
          if (tech) return undefined;
          const [added] = await tx.insert(staff).values(body).onConflictDoNothing().returning();
          return added;
        }),
      );
      if (!row) throw takenError('id', `someone in the staff directory already has the id ${body.id}`);
      return c.json(member(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/staff/{id}',
      tags: ['staff'],
      summary: 'Rename, change the role, or mark someone as gone (active: false) or back (admin)',
      middleware: [requireRole('admin')] as const,
      request: { params: MemberId, body: jsonBody(StaffChange.openapi('StaffChange'), 'The fields to change') },
      responses: {
        200: jsonResponse(Member, 'Changed'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No staff member has this id (technicians are changed on /technicians)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const change = c.req.valid('json');
      const db = c.var.deps.database.db;
      const [row] = await dependency('database', () =>
        db
          .update(staff)
          .set({ ...change, updatedAt: sql`now()` })
          .where(eq(staff.id, id))
          .returning(),
      );
      if (!row) throw new AppError('not_found', `No staff member with id ${id}`);
      return c.json(member(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/language',
      middleware: [requireReader('ownLanguage')],
      tags: ['staff'],
      summary: 'The language the signed-in staff member chose for the screens (null: none yet, or not in the directory)',
      responses: {
        200: jsonResponse(MyLanguage, 'Their choice'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { id } = actingStaff(c);
      const db = c.var.deps.database.db;
      const [row] = await dependency('database', () =>
        db.select({ language: staff.language }).from(staff).where(eq(staff.id, id)),
      );
      return c.json({ language: languageOf(row?.language) ?? null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/me/language',
      tags: ['staff'],
      summary: 'Keep the signed-in staff member’s language for the screens on their directory record (any role)',
      request: { body: jsonBody(MyLanguageChoice, 'The language') },
      responses: {
        200: jsonResponse(MyLanguage, 'Kept'),
        400: jsonResponse(ErrorBody, 'Not a language the screens speak; the error names the field'),
        404: jsonResponse(ErrorBody, 'The signed-in id is not in the staff directory (technicians keep theirs in the browser)'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { id } = actingStaff(c);
      const { language } = c.req.valid('json');
      const db = c.var.deps.database.db;
      const [row] = await dependency('database', () =>
        db.update(staff).set({ language, updatedAt: sql`now()` }).where(eq(staff.id, id)).returning({ language: staff.language }),
      );
      if (!row) throw new AppError('not_found', 'You are not in the staff directory, so the choice stays in this browser');
      return c.json({ language }, 200);
    },
  );
