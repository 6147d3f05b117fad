import type { Database } from '../db/client.js';
import { visitRecordActivities } from './visit-records.js';

export function createActivities(db: Database) {
  return { ...visitRecordActivities(db) };
}

export type Activities = ReturnType<typeof createActivities>;
