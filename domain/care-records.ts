// How a complaint or a rescue reaches its read model, as plain types (workflow code imports them): the pattern of
// the visit's `recordVisitEvent`. Each step or timer outcome is an entry numbered by the workflow, written once
// (keyed by that number) in the same transaction as the row it changed; GETs and screens read both back
// (db/care-view.ts), so the history carries each entry once instead of the whole timeline on every save.

import type { EntryDetail } from './entry-words.js';

/** One timeline entry as the workflow notes it. */
export interface CareEntry {
  at: string;
  type: string;
  actorId: string;
  /** In English; screens word the entry from `type` and `detail` (noted since `CARE_ENTRY_DETAIL_PATCH`). */
  summary: string;
  detail?: EntryDetail;
}

/** An entry with its place in the workflow's timeline (1, 2, …): the key that makes its write idempotent. */
export interface NumberedCareEntry extends CareEntry {
  seq: number;
}

/**
 * What one save records: the row's fields as the workflow holds them (versioned, so a late retry of an older
 * save never overwrites a newer one) and the entries noted since the previous save. Saves from before the
 * read model carried the whole state, timeline included, and no `entries`: the activity accepts both.
 */
export interface CareSave<S extends { timeline: CareEntry[] }> {
  state: Omit<S, 'timeline'> & { timeline?: CareEntry[] };
  version: number;
  entries?: NumberedCareEntry[];
}

/** What a step's update answers since the read model: the API reads the rest from PostgreSQL. */
export interface CareAck {
  id: string;
  stage: string;
  /** How many timeline entries the workflow has noted (the newest entry's `seq`). */
  seq: number;
}
