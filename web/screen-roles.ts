import {
  CALENDAR_EDITORS,
  FEEDBACK_SENDERS,
  FRONT_DESK_ROLES,
  holdsRole,
  readersOf,
  type StaffRole,
  TECHNICIAN_EDITORS,
} from '../domain/roles.js';
import { PageError } from './api-client.js';
import { oneOf, roleLabel } from './format.js';
import { t } from './i18n/index.js';

// Who may open each staff screen: the navigation offers a role only what it may open, a link to a screen is drawn
// only for those, and the screen answers anyone else with one plain page naming whom to ask. Opened by its address,
// the call list used to show a technician an empty list, as if there were nothing to do.

export const SCREEN_ROLES = {
  // A screen that shows a read admits who may read it (`READS` in domain/roles.ts): one table for both, so a role let
  // into a screen is never shown a 403 from the API it reads through, nor one kept out of the read shown its screen.
  board: readersOf('appointments'),
  calls: readersOf('tasks', 'all'),
  workshop: readersOf('workshop'),
  visits: readersOf('visitList'),
  complaints: readersOf('complaints'),
  kpis: readersOf('kpis'),
  // The administrator's alone: an admin holds every role.
  staff: [],
  calendar: CALENDAR_EDITORS,
  campaigns: readersOf('campaigns'),
  technicians: TECHNICIAN_EDITORS,
  timeline: readersOf('visitHistory'),
  feedback: FEEDBACK_SENDERS,
  contactList: FRONT_DESK_ROLES,
  customers: readersOf('customerFiles'),
} satisfies Record<string, readonly StaffRole[]>;

export type GatedScreen = keyof typeof SCREEN_ROLES;

export const mayOpen = (role: StaffRole, screen: GatedScreen) => holdsRole(role, SCREEN_ROLES[screen]);

/** The 403 page of a screen the signed-in role may not open: it names the screen and whom to ask instead. */
export class NotForRole extends PageError {
  constructor(screen: GatedScreen) {
    const keepers: readonly StaffRole[] = SCREEN_ROLES[screen];
    const ask = keepers.length > 0 ? keepers : (['admin'] as const);
    super(403, t('errorPage.notForRoleText', { screen: t(`nav.${screen}`), who: oneOf(ask.map((r) => roleLabel(r))) }));
  }
}
