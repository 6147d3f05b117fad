import type { Database } from '../db/client.js';
import type { ChannelAdapter } from './channels.js';
import { notificationActivities } from './notifications.js';
import { planningActivities } from './planning.js';
import { taskActivities } from './tasks.js';
import { visitRecordActivities } from './visit-records.js';

export function createActivities(db: Database, adapter: ChannelAdapter) {
  return {
    ...visitRecordActivities(db),
    ...taskActivities(db),
    ...notificationActivities(db, adapter),
    ...planningActivities(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
