import { ACTIONS, type ActionName, mayPerform } from '../../domain/actions.js';
import { notNowReason } from '../../domain/precondition-rules.js';
import type { StaffRole } from '../../domain/roles.js';
import type { VisitState } from '../../domain/visit-state.js';
import { t } from '../i18n/index.js';
import { APPOINTMENT_FORMS } from './appointment.js';
import { APPROVAL_FORMS } from './approval.js';
import { DELIVERY_FORMS } from './delivery.js';
import { DIAGNOSIS_FORMS } from './diagnosis.js';
import { DISPATCH_FORMS } from './dispatch.js';
import { ESTIMATE_FORMS } from './estimate.js';
import { FOLLOW_UP_FORMS } from './follow-up.js';
import type { ActionUi } from './form-kit.js';
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

/** The actions this visit accepts now that this staff member may send, main step first. */
export function availableActions(state: VisitState, role: StaffRole): ActionName[] {
  const names = (Object.keys(ACTIONS) as ActionName[]).filter(
    (name) =>
      (ACTIONS[name].stages as readonly string[]).includes(state.stage) &&
      mayPerform(name, role) &&
      notNowReason(name, state) === undefined &&
      !ACTION_UI[name].hidden?.(state),
  );
  const rank = (n: ActionName) => (ACTION_UI[n].primary?.(state) ? 0 : ACTION_UI[n].danger ? 2 : 1);
  return names.sort((a, b) => rank(a) - rank(b));
}
