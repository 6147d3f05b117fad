import type { Context, MiddlewareHandler } from 'hono';
import { type ActionActor, type ActionName, mayPerform } from '../domain/actions.js';
import {
  aRole,
  customerContactReaders,
  mayRead,
  READ_WORDS,
  type ReadName,
  readersOf,
  readsCustomerContact,
  rolesInWords,
  type StaffRole,
} from '../domain/roles.js';
import type { ApiEnv, Staff } from './deps.js';
import { AppError } from './errors.js';
import { tokenStanding } from './staff-directory.js';
import { verifyApprovalLink, verifyBookingLink, verifyStaffToken, verifySurveyLink } from './tokens.js';
import { dependency } from './unavailable.js';

const PUBLIC_PATHS = new Set([
  '/healthz',
  '/openapi.json',
  '/docs',
  '/auth/dev-token',
  '/catalogue',
  '/calendar',
  '/contact-list',
  '/booking',
  '/booking/slots',
]);

/**
 * Probes, the API's own documentation (its page and assets), dev tokens, the published price list, opening
 * hours and contact list, online booking and the customer's approval, survey and booking links; everything else needs a
 * staff token.
 */
export const isPublicPath = (path: string) =>
  PUBLIC_PATHS.has(path) ||
  path.startsWith('/approvals/') ||
  path.startsWith('/surveys/') ||
  path.startsWith('/bookings/') ||
  path.startsWith('/docs/');

/** Deny by default: a route added later is protected without anyone remembering to protect it. */
export const staffAuth: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (isPublicPath(c.req.path)) return next();
  const header = c.req.header('authorization');
  const token = header?.match(/^Bearer +(\S+) *$/i)?.[1];
  if (!token)
    throw new AppError(
      'unauthenticated',
      header ? 'The Authorization header must be "Bearer <token>"' : 'A staff token is required: Authorization: Bearer <token>',
    );
  const claims = await verifyStaffToken(token, c.var.settings.staffTokenKey);
  // A token outlives the day someone leaves or changes jobs: once the directory says so, theirs opens nothing more.
  const problem = await dependency('database', () => tokenStanding(c.var.deps.database.db, claims.sub, claims.role));
  if (problem) throw new AppError('unauthenticated', `The token is not valid: ${problem}`);
  c.set('staff', { id: claims.sub, role: claims.role, name: claims.name });
  c.set('principal', `staff:${claims.sub}`);
  await next();
};

export function actingStaff(c: Context<ApiEnv>): Staff {
  const staff = c.var.staff;
  if (!staff) throw new AppError('unauthenticated', 'A staff token is required');
  return staff;
}

/** The actor that goes into the workflow history: always from the verified token, never from the body. */
export const staffActor = (c: Context<ApiEnv>): ActionActor => {
  const { id, role } = actingStaff(c);
  return { id, role };
};

const forbidden = (role: StaffRole, what: string, allowed: readonly StaffRole[]) =>
  new AppError('forbidden', `${capitalised(aRole(role))} may not ${what}; only ${rolesInWords([...allowed, 'admin'])} may`);

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Marks a role check with the roles it admits, so the OpenAPI document can list the route's 403. */
export const ADMITTED_ROLES = Symbol('admitted roles');
type RoleCheck = MiddlewareHandler<ApiEnv> & { [ADMITTED_ROLES]: readonly StaffRole[] };
const roleCheck = (roles: readonly StaffRole[], check: MiddlewareHandler<ApiEnv>): RoleCheck =>
  Object.assign(check, { [ADMITTED_ROLES]: roles });

/** Marks a GET route's reader check with its row of `READS`, which the OpenAPI document states as `x-read`. */
export const READ_NAME = Symbol('read name');
type ReaderCheck = RoleCheck & { [READ_NAME]: ReadName };

/** Admins may do everything, as in `mayPerform`. */
export const requireRole = (...roles: StaffRole[]): RoleCheck =>
  roleCheck(roles, async (c, next) => {
    const { role } = actingStaff(c);
    if (role !== 'admin' && !roles.includes(role)) throw forbidden(role, `${c.req.method} ${c.req.path}`, roles);
    await next();
  });

/**
 * A read, by its row of `READS` (domain/roles.ts): a role with none of it is refused before anything is read, in
 * words naming the read rather than the path; a role with its part is let through, and the route answers that part.
 */
export const requireReader = (read: ReadName): ReaderCheck => {
  const readers = readersOf(read);
  const check = roleCheck(readers, async (c, next) => {
    const { role } = actingStaff(c);
    if (!mayRead(role, read)) throw forbidden(role, `read ${READ_WORDS[read]}`, readers);
    await next();
  });
  return Object.assign(check, { [READ_NAME]: read });
};

/**
 * A search by a customer's phone number, or one that shows their contact data, is for those who read contact data
 * (`readsCustomerContact`, domain/roles.ts): anyone else is refused in words naming what they may not do.
 */
export function refuseContactSearch(c: Context<ApiEnv>, what: string): void {
  const { role } = actingStaff(c);
  if (!readsCustomerContact(role)) throw forbidden(role, what, customerContactReaders());
}

export const requireActionRole = (action: ActionName, roles: readonly StaffRole[]): RoleCheck =>
  roleCheck(roles, async (c, next) => {
    const { role } = actingStaff(c);
    if (!mayPerform(action, role)) throw forbidden(role, action.replaceAll('_', ' '), roles);
    await next();
  });

/** Checks the link's signature, purpose and expiry before anything else looks at the request. */
export const approvalLinkAuth: MiddlewareHandler<ApiEnv, '/approvals/:token'> = async (c, next) => {
  const link = await verifyApprovalLink(c.req.param('token'), c.var.settings.approvalLinkKey);
  c.set('approvalLink', link);
  c.set('principal', `link:${link.jti}`);
  await next();
};

/** The same for the survey after pickup: its own link, or the visit's approval links past their expiry (api/tokens.ts). */
export const surveyLinkAuth: MiddlewareHandler<ApiEnv, '/surveys/:token'> = async (c, next) => {
  const link = await verifySurveyLink(c.req.param('token'), c.var.settings.approvalLinkKey);
  c.set('surveyLink', link);
  c.set('principal', `link:${link.jti}`);
  await next();
};

/** The same for the link to a booking, sent with the confirmation of an online booking. */
export const bookingLinkAuth: MiddlewareHandler<ApiEnv, '/bookings/:token/*'> = async (c, next) => {
  const link = await verifyBookingLink(c.req.param('token'), c.var.settings.approvalLinkKey);
  c.set('bookingLink', link);
  c.set('principal', `booking-link:${link.jti}`);
  await next();
};
