import type { CareEntry, NumberedCareEntry } from '../domain/care-records.js';
import { careEvents } from './care-schema.js';
import type { Database } from './client.js';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * The entries a save carries, numbered: a save from before the read model carried the whole timeline instead,
 * whose place in it is its number, so its entries land under the same keys as they would have one by one.
 */
export const entriesOf = (save: { entries?: NumberedCareEntry[]; state: { timeline?: CareEntry[] } }) =>
  save.entries ?? (save.state.timeline ?? []).map((e, i) => ({ ...e, seq: i + 1 }));

/** Writes a complaint's or rescue's timeline entries; one already written (a retry, a replay) stays as it is. */
export async function insertCareEvents(
  tx: Tx,
  kind: 'complaint' | 'rescue',
  subjectId: string,
  entries: NumberedCareEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insert(careEvents)
    .values(
      entries.map((e) => ({
        id: `${subjectId}:${e.seq}`,
        kind,
        subjectId,
        seq: e.seq,
        type: e.type,
        actorId: e.actorId,
        at: new Date(e.at),
        summary: e.summary,
        detail: e.detail ?? null,
      })),
    )
    .onConflictDoNothing();
}
