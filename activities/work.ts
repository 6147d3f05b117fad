import type { Activities } from './index.js';

/**
 * What each activity does for the shop, as an incident names it to a manager: an activity that keeps failing is
 * shown as the work that is held up, not by its function name. Keyed by the activities themselves, so a new one
 * does not type-check until it is given its work.
 */
export const ActivityWork = [
  'records',
  'call_list',
  'messages',
  'workshop_plan',
  'maintenance_plan',
  'complaint',
  'rescue',
  'kpi_review',
  'incident',
  'parts',
] as const;
export type ActivityWork = (typeof ActivityWork)[number];

const ACTIVITY_WORK: Record<keyof Activities, ActivityWork> = {
  recordVisitOpened: 'records',
  recordVisitEvent: 'records',
  openTask: 'call_list',
  closeTask: 'call_list',
  closeOpenTasksOfVisit: 'call_list',
  openCareTask: 'call_list',
  callTimeOnOpenDay: 'call_list',
  notify: 'messages',
  handOverUndelivered: 'messages',
  proposeDispatch: 'workshop_plan',
  planNextMaintenance: 'maintenance_plan',
  recordComplaintOpened: 'complaint',
  saveComplaint: 'complaint',
  saveRescue: 'rescue',
  prepareRescueVisit: 'rescue',
  reviewKpis: 'kpi_review',
  detectRecurringComebacks: 'kpi_review',
  tallyStaffFeedback: 'kpi_review',
  raiseIncident: 'incident',
  reserveVisitParts: 'parts',
  settleVisitParts: 'parts',
  warrantyNoticesDue: 'messages',
};

/** The work an activity, named as an alert stores it, does; undefined for a name this version does not know. */
export const activityWork = (name: unknown): ActivityWork | undefined =>
  typeof name === 'string' && Object.hasOwn(ACTIVITY_WORK, name) ? ACTIVITY_WORK[name as keyof Activities] : undefined;
