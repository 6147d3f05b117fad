import type { Database } from '../db/client.js';
import type { Currency, Language } from '../domain/language.js';
import type { ApprovalLinkSettings } from '../runtime/approval-links.js';
import { calendarActivities } from './calendar.js';
import { careTaskActivities } from './care-tasks.js';
import type { ChannelAdapter } from './channels.js';
import { complaintActivities } from './complaints.js';
import { dispatchActivities } from './dispatch.js';
import { type GuardOptions, guarded } from './guard.js';
import { incidentActivities } from './incidents.js';
import { kpiActivities } from './kpis.js';
import { notificationActivities } from './notifications.js';
import { partsActivities } from './parts.js';
import { reminderActivities } from './reminder.js';
import { rescueActivities } from './rescues.js';
import { taskActivities } from './tasks.js';
import { visitRecordActivities } from './visit-records.js';
import { warrantyActivities } from './warranty.js';

export function createActivities(
  db: Database,
  adapter: ChannelAdapter,
  links: ApprovalLinkSettings,
  {
    currency,
    language,
    timeZone = 'UTC',
    ...options
  }: GuardOptions & { currency?: Currency; language?: Language; timeZone?: string } = {},
) {
  return guarded(
    db,
    {
      ...visitRecordActivities(db),
      ...taskActivities(db),
      ...notificationActivities(db, adapter, links, currency, timeZone, language),
      ...dispatchActivities(db, timeZone),
      ...reminderActivities(db, timeZone),
      ...careTaskActivities(db),
      ...calendarActivities(db),
      ...complaintActivities(db, timeZone),
      ...rescueActivities(db, timeZone),
      ...kpiActivities(db, timeZone),
      ...incidentActivities(db),
      ...partsActivities(db),
      ...warrantyActivities(db, timeZone),
    },
    options,
  );
}

export type Activities = ReturnType<typeof createActivities>;
