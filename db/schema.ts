// Every table of the visit's read model and records in one file (the care tables are db/care-schema.ts):
// drizzle-kit diffs the schema files to write migrations, and the foreign keys between these tables read best
// side by side. Each table says which code writes it.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import type { CatalogueRef, Translations } from '../domain/catalogue.js';
import type { Shift } from '../domain/dispatch.js';
import type { EntryDetail } from '../domain/entry-words.js';
import type { ServiceInterval } from '../domain/maintenance.js';
import type { VisitFacts } from '../domain/visit-facts.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => at('created_at').notNull().defaultNow();

/** The customer file [S2]: who the customer is and how they want to be reached. */
export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** As the customer gave it: the file keeps their spelling. */
    phone: text('phone').notNull(),
    /** What the customer is found by (domain/phone.ts `phoneKey`, with the shop's country): "+86 138…" and "138…" alike. */
    phoneKey: text('phone_key').notNull(),
    email: text('email'),
    address: text('address'),
    birthday: text('birthday'),
    /** Who else in the household drives or pays (free text, as the shop notes it). */
    household: text('household'),
    preferredChannel: text('preferred_channel').notNull().default('sms'),
    /** The language the customer reads (domain/language.ts): their messages and approval page; none: English. */
    language: text('language'),
    optedOut: boolean('opted_out').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('customers_phone_key_idx').on(t.phoneKey)],
);

export const vehicles = pgTable(
  'vehicles',
  {
    vin: text('vin').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    plate: text('plate').notNull(),
    model: text('model').notNull(),
    year: integer('year'),
    engineNo: text('engine_no'),
    colour: text('colour'),
    transmission: text('transmission'),
    purchaseDate: text('purchase_date'),
    /** The maker's warranty from the purchase date, in months: its end is noticed to the customer before it comes. */
    warrantyMonths: integer('warranty_months'),
    salesperson: text('salesperson'),
    keyCode: text('key_code'),
    /** The main options fitted, as the sales file lists them. */
    options: text('options'),
    mileage: integer('mileage'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('vehicles_plate_idx').on(t.plate), index('vehicles_customer_idx').on(t.customerId)],
);

/** One row per visit; the repair order number is what the shop prints on paper. */
export const visits = pgTable(
  'visits',
  {
    id: text('id').primaryKey(),
    roNumber: serial('ro_number').notNull(),
    kind: text('kind').notNull(),
    stage: text('stage').notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    vin: text('vin')
      .notNull()
      .references(() => vehicles.vin),
    plate: text('plate').notNull(),
    advisorId: text('advisor_id').notNull(),
    appointmentAt: at('appointment_at'),
    requestedServices: jsonb('requested_services').$type<string[]>().notNull().default([]),
    priorityReason: text('priority_reason').notNull(),
    confirmed: boolean('confirmed').notNull().default(false),
    arrivedAt: at('arrived_at'),
    technicianId: text('technician_id'),
    promisedAt: at('promised_at'),
    atRisk: boolean('at_risk').notNull().default(false),
    late: boolean('late').notNull().default(false),
    reworkCount: integer('rework_count').notNull().default(0),
    totalCents: integer('total_cents'),
    /** The sales tax the visit's policy holds (basis points), so its estimates and papers show net, tax and total. */
    taxRateBasisPoints: integer('tax_rate_basis_points').notNull().default(0),
    /**
     * The service interval the visit's policy holds: the delivery form works out the next service by it before
     * pickup, as the pickup plans it. Null for a visit opened before it was kept here.
     */
    serviceInterval: jsonb('service_interval').$type<ServiceInterval>(),
    mileageIn: integer('mileage_in'),
    deliveredAt: at('delivered_at'),
    closedAt: at('closed_at'),
    /** A record of this visit was refused by the database: an open incident on `GET /alerts` says which. */
    needsAttention: boolean('needs_attention').notNull().default(false),
    /** The approval the customer is asked to decide now, and since when; null while nothing waits for them. */
    pendingApprovalId: text('pending_approval_id'),
    awaitingCustomerSince: at('awaiting_customer_since'),
    /** When the customer last decided on an approval, so the advisor's lists can say so. */
    customerDecidedAt: at('customer_decided_at'),
    /**
     * The parts of the visit that have no column or table of their own (domain/visit-facts.ts): each event
     * merges in the ones it changed, so the visit reads whole from here without asking its workflow.
     */
    facts: jsonb('facts').$type<VisitFacts>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('visits_stage_idx').on(t.stage, t.createdAt),
    index('visits_appointment_idx').on(t.appointmentAt),
    index('visits_advisor_idx').on(t.advisorId, t.createdAt),
    index('visits_plate_idx').on(t.plate),
    index('visits_vin_idx').on(t.vin),
    index('visits_created_idx').on(t.createdAt),
    // Live screens read the visits changed in the last second (web/live/hub.ts): a range read, not a scan.
    index('visits_updated_idx').on(t.updatedAt),
  ],
);

/** Every accepted action and stage change, keyed by the workflow's own sequence so a retry writes it once. */
export const visitEvents = pgTable(
  'visit_events',
  {
    id: text('id').primaryKey(),
    visitId: text('visit_id')
      .notNull()
      .references(() => visits.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage'),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').notNull(),
    at: at('at').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('visit_events_seq_idx').on(t.visitId, t.seq)],
);

export const repairLines = pgTable(
  'repair_lines',
  {
    id: text('id').primaryKey(),
    visitId: text('visit_id')
      .notNull()
      .references(() => visits.id),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    jobCode: text('job_code'),
    quantity: doublePrecision('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    discountCents: integer('discount_cents').notNull().default(0),
    totalCents: integer('total_cents').notNull(),
    status: text('status').notNull(),
    consentId: text('consent_id'),
    requiredSkill: integer('required_skill').notNull().default(1),
    campaign: boolean('campaign').notNull().default(false),
    /** Recommended by the advisor rather than required for the customer's request. */
    recommended: boolean('recommended').notNull().default(false),
    offeredFromLineId: text('offered_from_line_id'),
    /** The catalogue entry the line was priced from (domain/catalogue.ts); null: a line typed by hand. */
    catalogueRef: jsonb('catalogue_ref').$type<CatalogueRef>(),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('repair_lines_visit_idx').on(t.visitId)],
);

/** Consent evidence: a drawn signature or a recorded phone call. No line is worked on without one. */
export const consents = pgTable('consents', {
  id: text('id').primaryKey(),
  visitId: text('visit_id')
    .notNull()
    .references(() => visits.id),
  subject: text('subject').notNull(),
  method: text('method').notNull(),
  signedBy: text('signed_by'),
  signature: text('signature'),
  callReference: text('call_reference'),
  calledBy: text('called_by'),
  calledAt: at('called_at'),
  recordedBy: text('recorded_by').notNull(),
  lineIds: jsonb('line_ids').$type<string[]>().notNull(),
  at: at('at').notNull(),
});

/**
 * The visit's filled forms, one row per form, `kind` saying which: reception, the signed walk-around
 * (`inspection`), diagnosis, QC and delivery (the table was `inspections` until migration 0009).
 */
export const visitForms = pgTable(
  'visit_forms',
  {
    id: text('id').primaryKey(),
    visitId: text('visit_id')
      .notNull()
      .references(() => visits.id),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    recordedBy: text('recorded_by').notNull(),
    at: at('at').notNull(),
  },
  (t) => [index('visit_forms_visit_idx').on(t.visitId, t.kind)],
);

export const invoices = pgTable('invoices', {
  visitId: text('visit_id')
    .primaryKey()
    .references(() => visits.id),
  labourCents: integer('labour_cents').notNull(),
  partsCents: integer('parts_cents').notNull(),
  discountCents: integer('discount_cents').notNull(),
  taxCents: integer('tax_cents').notNull(),
  totalCents: integer('total_cents').notNull(),
  paidCents: integer('paid_cents').notNull(),
  paymentMethod: text('payment_method').notNull(),
  at: at('at').notNull(),
});

/** The customer file's service history [S2], written once per delivered visit. */
export const serviceHistory = pgTable(
  'service_history',
  {
    visitId: text('visit_id')
      .primaryKey()
      .references(() => visits.id),
    vin: text('vin').notNull(),
    roNumber: integer('ro_number').notNull(),
    mileage: integer('mileage'),
    advisorId: text('advisor_id').notNull(),
    jobType: text('job_type').notNull(),
    description: text('description').notNull(),
    totalCents: integer('total_cents').notNull(),
    at: at('at').notNull(),
  },
  (t) => [index('service_history_vin_idx').on(t.vin, t.at)],
);

/** Work the customer declined: offered again at the vehicle's next visit. */
export const declinedRecommendations = pgTable(
  'declined_recommendations',
  {
    lineId: text('line_id').primaryKey(),
    vin: text('vin').notNull(),
    visitId: text('visit_id').notNull(),
    description: text('description').notNull(),
    kind: text('kind').notNull(),
    quantity: doublePrecision('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    status: text('status').notNull().default('open'),
    declinedAt: at('declined_at').notNull(),
    offeredInVisitId: text('offered_in_visit_id'),
  },
  (t) => [index('declined_vin_idx').on(t.vin, t.status)],
);

export const technicians = pgTable('technicians', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  skillLevel: integer('skill_level').notNull(),
  active: boolean('active').notNull().default(true),
  /** Working hours the planner places their work in (domain/dispatch.ts `Shift`); null: around the clock. */
  shift: jsonb('shift').$type<Shift>(),
});

/** The call list: confirmations, no-shows, follow-ups, reminders and escalations. */
export const tasks = pgTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    visitId: text('visit_id'),
    customerId: text('customer_id'),
    assigneeRole: text('assignee_role').notNull(),
    /** In English, as written; screens word the task from `kind`, its visit and `params` in the reader's language. */
    title: text('title').notNull(),
    /** The values beyond the visit's own that a screen words the task from (domain/entry-words.ts); null: none. */
    params: jsonb('params').$type<EntryDetail>(),
    dueAt: at('due_at').notNull(),
    status: text('status').notNull().default('open'),
    /** A call not answered is put back on the list: the same task, due again later. */
    attempts: integer('attempts').notNull().default(1),
    outcome: jsonb('outcome').$type<Record<string, unknown>>(),
    closedBy: text('closed_by'),
    closedAt: at('closed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('tasks_open_idx').on(t.status, t.dueAt), index('tasks_visit_idx').on(t.visitId)],
);

/** Messages to customers and staff; channel adapters deliver them. */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    visitId: text('visit_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: at('sent_at'),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.createdAt).where(sql`${t.status} = 'pending'`)],
);

export const followUps = pgTable('follow_ups', {
  id: text('id').primaryKey(),
  visitId: text('visit_id')
    .notNull()
    .references(() => visits.id),
  attempt: integer('attempt').notNull(),
  reached: boolean('reached').notNull(),
  satisfaction: integer('satisfaction'),
  comments: text('comments'),
  calledBy: text('called_by').notNull(),
  at: at('at').notNull(),
});

/** First answers to POSTs sent with an Idempotency-Key, so a retry returns them instead of acting twice. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);

/**
 * The staff directory: who a staff id is, in which role, and whether they still work here. Technicians keep
 * their own table (skill, shift) and are read from it alongside this one (domain/staff.ts), never copied here.
 */
export const staff = pgTable('staff', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  active: boolean('active').notNull().default(true),
  /** The language they chose for the screens (domain/language.ts); none: their browser's. */
  language: text('language'),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** Every change to a customer or vehicle file [S2]: which field, from what to what, by whom and when. */
export const fileChanges = pgTable(
  'file_changes',
  {
    id: serial('id').primaryKey(),
    /** `customer` (subject_id = customer id) or `vehicle` (subject_id = VIN). */
    subject: text('subject').notNull(),
    subjectId: text('subject_id').notNull(),
    /** The customer whose file shows the change: the owner at the time, for a vehicle. */
    customerId: text('customer_id').notNull(),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    changedBy: text('changed_by').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [
    index('file_changes_customer_idx').on(t.customerId, t.at),
    index('file_changes_subject_idx').on(t.subject, t.subjectId),
  ],
);

// The catalogue [S3.2]: published prices an estimate is built from. One writer: api/routes/catalogue.ts. An entry is
// never deleted (old visits name it); it is taken off the price list with `active`.

export const labourOperations = pgTable('labour_operations', {
  code: text('code').primaryKey(),
  description: text('description').notNull(),
  translations: jsonb('translations').$type<Translations>().notNull().default({}),
  flatRateHours: doublePrecision('flat_rate_hours').notNull(),
  /** This operation's own rate: its price is its flat-rate hours at this rate (domain/catalogue.ts). */
  hourlyRateCents: integer('hourly_rate_cents').notNull(),
  skillLevel: integer('skill_level').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const parts = pgTable('parts', {
  partNumber: text('part_number').primaryKey(),
  description: text('description').notNull(),
  translations: jsonb('translations').$type<Translations>().notNull().default({}),
  unitPriceCents: integer('unit_price_cents').notNull(),
  /** Days from ordering a part to its arrival: a short part's expected arrival (db/stock.ts). */
  leadTimeDays: integer('lead_time_days').notNull().default(2),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** A packaged job ("12-month service"): labour and a parts kit, offered for some models or all. */
export const servicePackages = pgTable('service_packages', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  translations: jsonb('translations').$type<Translations>().notNull().default({}),
  /** The vehicle models it is offered for; empty: every model. */
  models: jsonb('models').$type<string[]>().notNull().default([]),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** A package's contents in order: one labour operation or one part with its quantity per row. */
export const packageItems = pgTable(
  'package_items',
  {
    packageCode: text('package_code')
      .notNull()
      .references(() => servicePackages.code),
    position: integer('position').notNull(),
    labourCode: text('labour_code').references(() => labourOperations.code),
    partNumber: text('part_number').references(() => parts.partNumber),
    quantity: doublePrecision('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.packageCode, t.position] })],
);

/**
 * A packaged job's maintenance checklist [S1.7], in order: what quality control checks and records for a vehicle
 * whose lines came from the package. Written by api/routes/catalogue.ts with the package.
 */
export const packageChecklistItems = pgTable(
  'package_checklist_items',
  {
    packageCode: text('package_code')
      .notNull()
      .references(() => servicePackages.code),
    code: text('code').notNull(),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    translations: jsonb('translations').$type<Translations>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.packageCode, t.code] })],
);

/**
 * The shop's opening hours per ISO weekday [S3.4] (domain/calendar-rules.ts); both times null: closed that day.
 * A weekday without a row keeps the default hours. Written only by the calendar API (db/calendar.ts).
 */
export const openingHours = pgTable(
  'opening_hours',
  {
    weekday: integer('weekday').primaryKey(),
    opensAt: text('opens_at'),
    closesAt: text('closes_at'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [check('opening_hours_weekday', sql`${t.weekday} between 1 and 7`)],
);

/**
 * Dated exceptions to the opening hours, a local day of the shop each: closed all day (a holiday, both times
 * null) or special hours. Written only by the calendar API (db/calendar.ts).
 */
export const calendarExceptions = pgTable('calendar_exceptions', {
  date: date('date', { mode: 'string' }).primaryKey(),
  opensAt: text('opens_at'),
  closesAt: text('closes_at'),
  note: text('note').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

/**
 * The shop's booking capacity [S1.1 "levels the workshop's load"]: one row (`id` 'shop'), written only by
 * `PUT /booking-capacity` (manager, admin); while nobody has set it, `DEFAULT_BOOKING_CAPACITY` applies.
 */
export const bookingCapacity = pgTable('booking_capacity', {
  id: text('id').primaryKey(),
  slotMinutes: integer('slot_minutes').notNull(),
  receptionsPerSlot: integer('receptions_per_slot').notNull(),
  workshopHoursPerDay: doublePrecision('workshop_hours_per_day').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * A booking the customer made on the public booking page: the catalogue entries they asked for and the flat-rate
 * hours those hold, counted against the workshop hours of the day the visit is booked on (its `appointment_at`).
 * Written only by `POST /booking`, in the transaction that opens the visit.
 */
export const webBookings = pgTable('web_bookings', {
  visitId: text('visit_id')
    .primaryKey()
    .references(() => visits.id),
  services: jsonb('services').$type<{ kind: 'labour_operation' | 'package'; code: string }[]>().notNull(),
  workshopHours: doublePrecision('workshop_hours').notNull(),
  createdAt: createdAt(),
});

/**
 * A place a move (the desk's or the customer's on the booking link) has taken but the visit has not yet written: the
 * visit's own `reschedule` writes its new `appointment_at` from the worker, after the API's checks, so the checks
 * claim the place here first (db/booking.ts `holdPlace`) and every later count of the day and same-day check of the
 * car sees it. Written only by api/booking.ts `holdingPlace`; a hold ends when the move answers, or at `expires_at`
 * if its request died.
 */
export const bookingHolds = pgTable(
  'booking_holds',
  {
    id: text('id').primaryKey(),
    visitId: text('visit_id')
      .notNull()
      .references(() => visits.id),
    at: at('at').notNull(),
    workshopHours: doublePrecision('workshop_hours').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  // A day's count reads holds by `at`; every claim deletes the expired ones first and every count skips them, so
  // without its own index each claim scanned the table.
  (t) => [index('booking_holds_at_idx').on(t.at), index('booking_holds_expires_at_idx').on(t.expiresAt)],
);
// Parts prepared before the car arrives [S1.1]. One writer for all three tables: db/stock.ts, which the visit's
// parts activities (activities/parts.ts) and the catalogue's routes (receiving stock, a stocktake) call. Quantities
// are whole units: a kit's fraction (4.5 litres) is picked as the next whole unit.

/** Each part's balance, kept with every move in the same transaction; the checks make negative stock impossible. */
export const partStock = pgTable(
  'part_stock',
  {
    partNumber: text('part_number')
      .primaryKey()
      .references(() => parts.partNumber),
    onHand: integer('on_hand').notNull().default(0),
    /** Promised to visits and still on the shelf: on hand minus reserved is what a new reservation may take. */
    reserved: integer('reserved').notNull().default(0),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [check('part_stock_reserved_within_on_hand', sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`)],
);

/** The ledger: every change of a balance, with the visit it was for. `key` makes a retried move a no-op. */
export const stockMoves = pgTable(
  'stock_moves',
  {
    key: text('key').primaryKey(),
    partNumber: text('part_number')
      .notNull()
      .references(() => parts.partNumber),
    /** domain/parts.ts `StockMoveKind`: receive, count (a stocktake, signed), reserve, release, use. */
    kind: text('kind').notNull(),
    quantity: integer('quantity').notNull(),
    visitId: text('visit_id'),
    by: text('by').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('stock_moves_part_idx').on(t.partNumber, t.at), index('stock_moves_visit_idx').on(t.visitId)],
);

/**
 * What each visit needs of each part: reserved (on the shelf for it) and short (to order, expected on
 * `expectedAt`). The workshop plan reads `expectedAt` of what is still short: the job waits for its parts.
 */
export const visitParts = pgTable(
  'visit_parts',
  {
    visitId: text('visit_id').notNull(),
    partNumber: text('part_number')
      .notNull()
      .references(() => parts.partNumber),
    needed: integer('needed').notNull(),
    reserved: integer('reserved').notNull().default(0),
    short: integer('short').notNull().default(0),
    used: integer('used').notNull().default(0),
    expectedAt: at('expected_at'),
    /** reserved, used (the job is done) or released (cancelled, no-show). */
    status: text('status').notNull().default('reserved'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.visitId, t.partNumber] }),
    index('visit_parts_short_idx').on(t.partNumber, t.expectedAt),
    check('visit_parts_counts', sql`${t.reserved} >= 0 and ${t.short} >= 0 and ${t.used} >= 0`),
  ],
);

// Recall and product campaigns [S1.5, S2]. One writer: api/routes/campaigns.ts, which imports a campaign and the
// vehicles it affects in one transaction. Completion is read from the visits' recall lines, never stored twice.

export const campaigns = pgTable('campaigns', {
  code: text('code').primaryKey(),
  description: text('description').notNull(),
  translations: jsonb('translations').$type<Translations>().notNull().default({}),
  /** The labour operation the recall line is priced from (never charged). */
  labourCode: text('labour_code')
    .notNull()
    .references(() => labourOperations.code),
  /** The parts the recall fits, each with its quantity. */
  parts: jsonb('parts').$type<{ partNumber: string; quantity: number }[]>().notNull().default([]),
  /** A model and model-year range, when the maker named one instead of listing VINs. */
  model: text('model'),
  yearFrom: integer('year_from'),
  yearTo: integer('year_to'),
  importedBy: text('imported_by').notNull(),
  createdAt: createdAt(),
});

/** The vehicles a campaign affects, as resolved at import; the owner when the vehicle is on file. */
export const campaignVehicles = pgTable(
  'campaign_vehicles',
  {
    campaignCode: text('campaign_code')
      .notNull()
      .references(() => campaigns.code),
    vin: text('vin').notNull(),
    customerId: text('customer_id').references(() => customers.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.campaignCode, t.vin] }), index('campaign_vehicles_vin_idx').on(t.vin)],
);

/**
 * The nationwide contact list [S3.5]: the group's service points across the country and their numbers, so a
 * customer far from home, or the hotline taking a breakdown call far away, reaches the nearest one. Written only by
 * the contact-list API (api/routes/contact-list.ts); a point taken off the list keeps its row (`active: false`).
 */
export const servicePoints = pgTable(
  'service_points',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The province or state, as people there write it: the list is grouped by it, then by city. */
    region: text('region').notNull(),
    city: text('city').notNull(),
    address: text('address').notNull(),
    phone: text('phone').notNull(),
    /** The number answers around the clock. */
    open24h: boolean('open_24h').notNull().default(false),
    /** The point sends roadside rescue. */
    rescue: boolean('rescue').notNull().default(false),
    active: boolean('active').notNull().default(true),
    updatedBy: text('updated_by').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  // One name per city: a second "Wuhan East" would leave a caller guessing which one is meant.
  (t) => [uniqueIndex('service_points_city_name_idx').on(t.region, t.city, t.name)],
);
