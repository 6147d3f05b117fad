// What each workflow history entry becomes on the blueprint: its title, its detail and its tone.
import type { HistoryEntry } from '../../../api/history/timeline.js';
import type { Directory } from '../../../domain/staff.js';
import { ACTION_UI, actionTitle } from '../../actions/index.js';
import { type Reader, requestText, type TaskWords, taskText, visitEventText } from '../../entry-words.js';
import { dateTime, roleLabel, stageLabel, who } from '../../format.js';
import { hasKey, t } from '../../i18n/index.js';

export interface Item {
  entry: HistoryEntry;
  title: string;
  detail?: string;
  tone: string;
}

/** The activities a person cares about, titled by the catalogue; the rest is the process's bookkeeping. */
const SHOWN_ACTIVITIES = ['openTask', 'notify', 'proposeDispatch', 'planNextMaintenance'] as const;
const isShownActivity = (name: string | null): name is (typeof SHOWN_ACTIVITIES)[number] =>
  (SHOWN_ACTIVITIES as readonly (string | null)[]).includes(name);

const titleOf = (name: string | null) =>
  name && name in ACTION_UI
    ? actionTitle(name as keyof typeof ACTION_UI)
    : (name ?? t('timeline.entryKind.action')).replaceAll('_', ' ');

export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

const messageLabel = (template: string | undefined) => {
  const key = `timeline.message.${template}`;
  return template && hasKey(key) ? t(key) : undefined;
};

/** What a history entry becomes on the blueprint, or nothing for the process's bookkeeping. */
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;

/** The history's texts carry ISO instants; people read them in their own zone. */
export const readable = (text: string | undefined, tz: string) => text?.replace(ISO_INSTANT, (iso) => dateTime(iso, tz));

export function itemOf(e: HistoryEntry, tz: string, directory: Directory, visit: TaskVisit): Item | undefined {
  const item = itemOfEntry(e, { directory, tz }, visit);
  return item && { ...item, title: readable(item.title, tz) ?? item.title, detail: readable(item.detail, tz) };
}

/** The visit's appointment and promised time, which its call-list tasks are worded with. */
export type TaskVisit = TaskWords['visit'];

function itemOfEntry(e: HistoryEntry, reader: Reader, visit: TaskVisit): Item | undefined {
  const { directory } = reader;
  switch (e.kind) {
    case 'visit_opened': {
      const services = Array.isArray(e.details?.requestedServices)
        ? (e.details.requestedServices as string[]).map(requestText).join(', ')
        : '';
      const at = str(e.details?.appointmentAt);
      return {
        entry: e,
        title: e.lane === 'customer' ? t('timeline.walksIn') : t('timeline.bookingTaken'),
        detail: [at ? t('timeline.bookedFor', { when: at }) : undefined, services || undefined].filter(Boolean).join(' · '),
        tone: 'start',
      };
    }
    case 'action':
      // The customer decides on the approval link, and moves or cancels their booking on the booking link.
      if (e.actor?.role === 'customer')
        return e.name === 'decide'
          ? { entry: e, title: t('timeline.decides'), detail: t('timeline.onApprovalPage'), tone: 'customer' }
          : { entry: e, title: titleOf(e.name), detail: t('timeline.onBookingLink'), tone: 'customer' };
      return {
        entry: e,
        title: titleOf(e.name),
        detail: e.actor ? `${who(directory, e.actor.id)} (${roleLabel(e.actor.role)})` : undefined,
        tone: 'action',
      };
    case 'action_failed':
      return { entry: e, title: t('timeline.failed', { action: titleOf(e.name) }), detail: e.summary, tone: 'error' };
    case 'signal':
    case 'signal_sent':
    case 'child_workflow_started':
      return { entry: e, title: t(`timeline.entryKind.${e.kind}`), tone: 'system' };
    case 'activity_scheduled': {
      if (!isShownActivity(e.name)) return undefined;
      const colon = e.summary.indexOf(': ');
      const what = colon > 0 ? e.summary.slice(colon + 2) : undefined;
      const task = e.details?.task as TaskWords | undefined;
      return {
        entry: e,
        title: t(`timeline.activity.${e.name}`),
        // A message is named by its template, a code: the catalogue says what it is (a newer one goes unnamed).
        // A task is worded from its kind; the other steps say enough by their title.
        detail: e.name === 'notify' ? messageLabel(what) : task ? taskText({ ...task, visit }, reader) : undefined,
        tone: 'system',
      };
    }
    case 'activity_failed':
    case 'activity_timed_out':
      return { entry: e, title: t(`timeline.entryKind.${e.kind}`), tone: 'error' };
    case 'promised_time_set':
      return { entry: e, title: t('timeline.promisedSet'), detail: str(e.details?.promisedAt), tone: 'system' };
    case 'visit_completed':
    case 'visit_failed':
    case 'visit_terminated':
    case 'visit_canceled':
    case 'visit_timed_out':
    case 'continued_as_new':
      return {
        entry: e,
        title: t(`timeline.entryKind.${e.kind}`),
        detail: e.toStage ? stageLabel(e.toStage) : undefined,
        tone: e.kind === 'visit_completed' || e.kind === 'continued_as_new' ? 'start' : 'error',
      };
    default:
      return undefined;
  }
}

/** The event the workflow recorded for an action, worded for the reader, goes on the action's card. */
export function recordedEvent(e: HistoryEntry, reader: Reader): string | undefined {
  // Started, for an activity; done, for a local activity (whose history has only its marker).
  const written = e.kind === 'activity_scheduled' || (e.kind === 'activity_completed' && e.details?.local === true);
  if (!written || e.name !== 'recordVisitEvent') return undefined;
  const colon = e.summary.indexOf(': ');
  const summary = colon > 0 ? e.summary.slice(colon + 2) : undefined;
  const event = e.details?.event as { type: string; data: Record<string, unknown> } | undefined;
  return event ? visitEventText({ ...event, summary }, reader) : summary;
}
