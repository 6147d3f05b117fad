import { STAFF_ROLES } from '../domain/role-rules.js';
import {
  CALENDAR_EDITORS,
  COMPLAINT_ROLES,
  FEEDBACK_SENDERS,
  FRONT_DESK_ROLES,
  holdsRole,
  type StaffRole,
  TECHNICIAN_EDITORS,
  TIMELINE_READERS,
} from '../domain/roles.js';
import { PageError } from './api-client.js';
import { oneOf, roleLabel } from './format.js';
import { t } from './i18n/index.js';

// Who may open each staff screen: the navigation offers a role only what it may open, a link to a screen is drawn
// only for those, and the screen answers anyone else with one plain page naming whom to ask. Opened by its address,
// the call list used to show a technician an empty list, as if there were nothing to do.

export const SCREEN_ROLES = {
  board: ['advisor', 'foreman', 'manager'],
  calls: FRONT_DESK_ROLES,
  workshop: STAFF_ROLES,
  visits: STAFF_ROLES,
  complaints: COMPLAINT_ROLES,
  kpis: ['manager'],
  // The administrator's alone: an admin holds every role.
  staff: [],
  calendar: CALENDAR_EDITORS,
  campaigns: FRONT_DESK_ROLES,
  technicians: TECHNICIAN_EDITORS,
  timeline: TIMELINE_READERS,
  feedback: FEEDBACK_SENDERS,
  contactList: FRONT_DESK_ROLES,
} as const satisfies Record<string, readonly StaffRole[]>;

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
