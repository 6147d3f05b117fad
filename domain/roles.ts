import { ACTOR_ROLES, holdsRole, STAFF_ROLES, type StaffRole as StaffRoleName } from './role-rules.js';
import { z } from './zod.js';

export { aRole, holdsRole, ROLE_WORDS, rolesInWords } from './role-rules.js';

/** Staff roles carried by API tokens; `customer` acts only through a signed approval link. */
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = StaffRoleName;

export const ActorRole = z.enum(ACTOR_ROLES);
export type ActorRole = z.infer<typeof ActorRole>;

/** The front desk: bookings and walk-ins, customer files, approval links, the call list and the hotline. */
export const FRONT_DESK_ROLES: readonly StaffRole[] = ['advisor', 'manager'];

/**
 * Who reads a customer's contact data (phone, e-mail) and may find a customer or a visit by a phone number: the
 * front desk and the service manager. The workshop (technician, QC, foreman) works the car and the job without it.
 * Keyed by every staff role, so a role added to `STAFF_ROLES` does not compile until it is decided here.
 */
export const CUSTOMER_CONTACT_READERS = {
  advisor: true,
  technician: false,
  qc: false,
  foreman: false,
  manager: true,
  admin: true,
} as const satisfies Record<StaffRole, boolean> & { admin: true };
export const readsCustomerContact = (role: StaffRole): boolean => CUSTOMER_CONTACT_READERS[role];
/** The roles but the administrator that read contact data: a refusal names them as whom to ask. */
export const customerContactReaders = (): StaffRole[] =>
  STAFF_ROLES.filter((role) => role !== 'admin' && readsCustomerContact(role));

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

/**
 * How much of a read a role gets: all of it, its part (the route says which: the car and the job without the
 * customer's contact data, or only what is the reader's own), or none (403 naming what it may not read).
 */
export type ReadAccess = 'all' | 'part' | 'none';

/**
 * Who may read what [S7, access management]: the one table every GET route of the API (`requireReader` in
 * api/auth.ts) and the screens built on those reads (web/screen-roles.ts) follow. Each row names every staff role,
 * so a role added to `STAFF_ROLES` does not compile until each read has decided on it; a GET route registered
 * without a row is refused when its router registers it (api/openapi.ts). The administrator reads everything.
 * Customers read only through their own signed link (`/approvals/{token}`, `/bookings/{token}`), which names one
 * visit, so they have no column here.
 */
export const READS = {
  // Every visit's car, stage and job, and the customer's name, which is what the workshop calls the job by.
  visitList: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  // The workshop works the car and the job: its roles get the visit without the customer's phone and e-mail.
  visit: { advisor: 'all', technician: 'part', qc: 'part', foreman: 'part', manager: 'all', admin: 'all' },
  visitHistory: { advisor: 'none', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  approvalLinks: { advisor: 'all', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  // The foreman plans the days ahead from the bookings, without the customers' numbers.
  appointments: { advisor: 'all', technician: 'none', qc: 'none', foreman: 'part', manager: 'all', admin: 'all' },
  // Contact data, address, household, the vehicles and their change history: the front desk's.
  customerFiles: { advisor: 'all', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  workshop: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  // The call list holds customers' numbers: the desk reads all of it, anyone else only the tasks for their own role.
  tasks: { advisor: 'all', technician: 'part', qc: 'part', foreman: 'part', manager: 'all', admin: 'all' },
  technicians: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  staff: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  ownLanguage: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  complaints: { advisor: 'all', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  // The foreman sends the breakdown truck and the mechanic.
  rescues: { advisor: 'all', technician: 'none', qc: 'none', foreman: 'all', manager: 'all', admin: 'all' },
  kpis: { advisor: 'none', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  alerts: { advisor: 'none', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  problems: { advisor: 'none', technician: 'none', qc: 'none', foreman: 'all', manager: 'all', admin: 'all' },
  // Everyone reads the answers to their own suggestions; the manager, who decides them, reads every one.
  feedback: { advisor: 'part', technician: 'part', qc: 'part', foreman: 'part', manager: 'all', admin: 'all' },
  feedbackTally: { advisor: 'none', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  // Customers' survey answers name the customer and their comment: the desk calls the unhappy ones back.
  customerSurveys: { advisor: 'all', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  catalogue: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  qcChecklist: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  nextService: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  visitParts: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  bookingCapacity: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  promise: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  servicePoints: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
  // Who was told and who came in, per recall: the desk's work list.
  campaigns: { advisor: 'all', technician: 'none', qc: 'none', foreman: 'none', manager: 'all', admin: 'all' },
  // The recall open on the car in the shop: the technician does its work.
  vehicleCampaigns: { advisor: 'all', technician: 'all', qc: 'all', foreman: 'all', manager: 'all', admin: 'all' },
} as const satisfies Record<string, Record<StaffRole, ReadAccess> & { admin: 'all' }>;
export type ReadName = keyof typeof READS;

/** How a refusal names each read: "A technician may not read customers' files and contact data". */
export const READ_WORDS: Record<ReadName, string> = {
  visitList: 'the list of visits',
  visit: 'a visit',
  visitHistory: "a visit's whole history",
  approvalLinks: "the links sent to a visit's customer",
  appointments: 'the appointment board',
  customerFiles: "customers' and vehicles' files and contact data",
  workshop: 'the workshop plan',
  tasks: 'the call list',
  technicians: 'the technicians',
  staff: 'the staff directory',
  ownLanguage: 'their own language',
  complaints: 'complaints',
  rescues: 'roadside rescues',
  kpis: 'the KPIs and their targets',
  alerts: 'the alerts',
  problems: 'the recurring problems',
  feedback: 'the suggestions',
  feedbackTally: 'the tally of suggestions',
  customerSurveys: "customers' survey answers",
  catalogue: 'the catalogue',
  qcChecklist: "a visit's QC checklist",
  nextService: "a visit's next service",
  visitParts: "a visit's parts",
  bookingCapacity: 'the booking capacity',
  promise: 'a promised time',
  servicePoints: 'the service points',
  campaigns: 'the recall campaigns',
  vehicleCampaigns: "a vehicle's open recalls",
};

export const readAccess = (role: StaffRole, read: ReadName): ReadAccess => READS[read][role];
export const mayRead = (role: StaffRole, read: ReadName) => readAccess(role, read) !== 'none';
export const readsAll = (role: StaffRole, read: ReadName) => readAccess(role, read) === 'all';
/**
 * The roles but the administrator (who holds them all) that read any of it, or all of it: a refusal names them as
 * whom to ask, and a screen built on the read admits them.
 */
export const readersOf = (read: ReadName, of: 'any' | 'all' = 'any'): StaffRole[] =>
  STAFF_ROLES.filter((role) => role !== 'admin' && (of === 'all' ? readsAll(role, read) : mayRead(role, read)));
