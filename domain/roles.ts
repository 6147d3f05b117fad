import { ACTOR_ROLES, holdsRole, STAFF_ROLES, type StaffRole as StaffRoleName } from './role-rules.js';
import { z } from './zod.js';

export { holdsRole } from './role-rules.js';

/** Staff roles carried by API tokens; `customer` acts only through a signed approval link. */
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = StaffRoleName;

export const ActorRole = z.enum(ACTOR_ROLES);
export type ActorRole = z.infer<typeof ActorRole>;

/** The front desk: bookings and walk-ins, customer files, approval links, the call list and the hotline. */
export const FRONT_DESK_ROLES: readonly StaffRole[] = ['advisor', 'manager'];

/** Who adds technicians, sets their skill and shift and takes them off the rota. */
export const TECHNICIAN_EDITORS: readonly StaffRole[] = ['foreman', 'manager'];

/** A visit's whole history (the timeline and Temporal's own events) is the service manager's to read. */
export const TIMELINE_READERS: readonly StaffRole[] = ['manager'];

/**
 * Who works complaints [S4]: the service advisors handle them, the service manager is called in when a clock runs
 * out (an administrator may do anything). The API, the complaint screens and the navigation all read this.
 */
export const COMPLAINT_ROLES = ['advisor', 'manager'] as const satisfies readonly StaffRole[];
export const mayWorkComplaints = (role: StaffRole) => holdsRole(role, COMPLAINT_ROLES);

/** Who sets the published prices [S3.2] and keeps the catalogue: the service manager. */
export const PRICE_EDITORS: readonly StaffRole[] = ['manager'];

/** Who keeps the shop's calendar [S3.4]: opening hours, holidays and special days. */
export const CALENDAR_EDITORS: readonly StaffRole[] = ['manager'];
/** Who books a delivery of parts into stock [S1.1]: the workshop's foreman, and the service manager. */
export const STOCK_KEEPERS: readonly StaffRole[] = ['foreman', 'manager'];
/** Who imports the maker's recall and product campaigns [S1.5]: the service manager. */
export const CAMPAIGN_EDITORS: readonly StaffRole[] = ['manager'];
/** Who keeps the nationwide contact list [S3.5]: the group's service points and their numbers. */
export const CONTACT_LIST_EDITORS: readonly StaffRole[] = ['manager'];
/** Who sends an improvement suggestion about a step of the loop [S6]: every member of staff. */
export const FEEDBACK_SENDERS: readonly StaffRole[] = STAFF_ROLES;
/** Who reads the suggestions and accepts or declines each, with a note: the service manager. */
export const FEEDBACK_DECIDERS: readonly StaffRole[] = ['manager'];
