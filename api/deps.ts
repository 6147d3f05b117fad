import type { Client } from '@temporalio/client';
import type { PinoLogger } from 'hono-pino';
import type { DatabaseHandle } from '../db/client.js';
import type { Language } from '../domain/language.js';
import type { StaffRole } from '../domain/roles.js';
import type { ApprovalClaims } from '../runtime/approval-links.js';
import type { BookingClaims } from '../runtime/booking-links.js';
import type { ApiSettings } from './settings.js';
import type { SurveyLink } from './tokens.js';

/** Everything a request handler may touch; the API keeps no state of its own so it scales out. */
export interface ApiDeps {
  database: DatabaseHandle;
  temporal: Client;
  taskQueue: string;
  temporalUiUrl?: string;
}

/** The staff member a bearer token names. */
export interface Staff {
  id: string;
  role: StaffRole;
  name: string;
}

export interface ApiEnv {
  Variables: {
    deps: ApiDeps;
    settings: ApiSettings;
    requestId: string;
    logger: PinoLogger;
    /** Set on every staff route by the auth middleware. */
    staff?: Staff;
    /** Set on the public approval routes once the link's signature and expiry are checked. */
    approvalLink?: ApprovalClaims;
    /** Set on the public survey routes once the link's signature is checked (the survey's window bounds it). */
    surveyLink?: SurveyLink;
    /** Set on the public booking-link routes once the link's signature and expiry are checked. */
    bookingLink?: BookingClaims;
    /** The language a screen is drawn in, negotiated for every screen's request (web/session.ts `detectLanguage`). */
    language: Language;
    /** Whoever is calling (`staff:<id>` or `link:<id>`); idempotency keys are scoped to it. */
    principal?: string;
  };
}
