import { ACTION_RULES, ACTIONS, type ActionName, acceptedAt, mayPerform } from '../../domain/actions.js';
import { notNowReason } from '../../domain/precondition-rules.js';
import { STAFF_ROLES } from '../../domain/role-rules.js';
import type { StaffRole } from '../../domain/roles.js';
import type { VisitShown } from '../../domain/visit-state.js';
import { t } from '../i18n/index.js';
import { APPOINTMENT_FORMS } from './appointment.js';
import { APPROVAL_FORMS } from './approval.js';
import { DELIVERY_FORMS } from './delivery.js';
import { DIAGNOSIS_FORMS } from './diagnosis.js';
import { DISPATCH_FORMS } from './dispatch.js';
import { ESTIMATE_FORMS } from './estimate.js';
import { FOLLOW_UP_FORMS } from './follow-up.js';
import type { ActionUi, PlanForecast } from './form-kit.js';
import { QUALITY_CONTROL_FORMS } from './quality-control.js';
import { RECEPTION_FORMS } from './reception.js';
import { REPAIR_FORMS } from './repair.js';

// One form per visit action of domain/actions.ts: its fields, and how its fields become the action's payload,
// in one file per step of the loop. The reminder step (10) has no form: its tasks are calls on the call list.

export type { ActionContext, PlanForecast, Technician } from './form-kit.js';

/** Every action's form; the record type makes the compiler find an action without one. */
export const ACTION_UI: Record<ActionName, ActionUi> = {
  ...APPOINTMENT_FORMS,
  ...RECEPTION_FORMS,
  ...DIAGNOSIS_FORMS,
  ...ESTIMATE_FORMS,
  ...APPROVAL_FORMS,
  ...DISPATCH_FORMS,
  ...REPAIR_FORMS,
  ...QUALITY_CONTROL_FORMS,
  ...DELIVERY_FORMS,
  ...FOLLOW_UP_FORMS,
};

/** Each action's title and button are the catalogue's `action.<name>.title` and `.submit`. */
export const actionTitle = (name: ActionName) => t(`action.${name}.title`);
export const actionSubmit = (name: ActionName) => t(`action.${name}.submit`);

/** The actions this visit accepts now, whoever may send them. */
const openActions = (state: VisitShown): ActionName[] =>
  (Object.keys(ACTIONS) as ActionName[]).filter(
    (name) => acceptedAt(name, state.stage) && notNowReason(name, state) === undefined && !ACTION_UI[name].hidden?.(state),
  );

/** The actions this visit accepts now that this staff member may send, main step first. */
export function availableActions(state: VisitShown, role: StaffRole): ActionName[] {
  const names = openActions(state).filter((name) => mayPerform(name, role));
  const rank = (n: ActionName) => (ACTION_UI[n].primary?.(state) ? 0 : ACTION_UI[n].danger ? 2 : 1);
  return names.sort((a, b) => rank(a) - rank(b));
}

/**
 * Who moves the visit on from here, for a role with nothing to do at this step: the roles whose actions it accepts
 * now (the step's main move where it has one, never the ones that end it), and the customer on their link. The service manager, who may step in at the front
 * desk, is named only where nobody else is; an administrator, who may do anything, never.
 */
export function whoActsNext(state: VisitShown, plan?: PlanForecast): { roles: StaffRole[]; customer: boolean } {
  const open = openActions(state).filter((name) => !ACTION_UI[name].danger);
  // The step's main move where it has one (QC's result, not a new promise the advisor could also tell).
  const main = open.filter((name) => ACTION_UI[name].primary?.(state, plan));
  const steps = main.length ? main : open;
  const roles = STAFF_ROLES.filter(
    (role) => role !== 'admin' && steps.some((name) => (ACTION_RULES[name].roles as readonly StaffRole[]).includes(role)),
  );
  return {
    roles: roles.length > 1 ? roles.filter((role) => role !== 'manager') : roles,
    customer: steps.some((name) => 'byCustomer' in ACTION_RULES[name]),
  };
}
