import type { ActionName } from '../../domain/actions.js';
import { APPOINTMENT_ACTIONS } from './appointment.js';
import { APPROVAL_ACTIONS } from './approval.js';
import { DELIVERY_ACTIONS } from './delivery.js';
import { DIAGNOSIS_ACTIONS } from './diagnosis.js';
import { DISPATCH_ACTIONS } from './dispatch.js';
import { FOLLOW_UP_ACTIONS } from './follow-up.js';
import type { StepActions } from './handler.js';
import { PROMISED_TIME_ACTIONS } from './promised-time.js';
import { QUALITY_CONTROL_ACTIONS } from './quality-control.js';
import { RECEPTION_ACTIONS } from './reception.js';
import { REPAIR_ACTIONS } from './repair.js';

/** Every action's handler, in the order of the service loop; keyed by `ActionName`, so a forgotten action does not compile. */
export const ACTION_HANDLERS: StepActions<ActionName> = {
  ...APPOINTMENT_ACTIONS,
  ...RECEPTION_ACTIONS,
  ...DIAGNOSIS_ACTIONS,
  ...APPROVAL_ACTIONS,
  ...DISPATCH_ACTIONS,
  ...REPAIR_ACTIONS,
  ...PROMISED_TIME_ACTIONS,
  ...QUALITY_CONTROL_ACTIONS,
  ...DELIVERY_ACTIONS,
  ...FOLLOW_UP_ACTIONS,
};
