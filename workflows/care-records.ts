import { condition, patched } from '@temporalio/workflow';
import type { CareAck, CareEntry, CareSave } from '../domain/care-records.js';
import { incidentFrom, recordRejected } from './incidents.js';

/**
 * Saves send the row and the entries noted since the last save (domain/care-records.ts), and steps answer a
 * `CareAck` instead of the whole state. Decided once at the start: a complaint or rescue started before keeps
 * saving its whole state and answering it, so its history replays unchanged.
 */
export const CARE_READ_MODEL_PATCH = 'care-read-model';

/**
 * The one way a complaint or a rescue records itself: each save is written after the previous one (in the
 * workflow's order), and a save the database refuses for good is an incident; the step that saved fails with
 * RecordRejected (the API answers 422), a timer's own save is the incident alone.
 */
export function careRecorder<S extends { stage: string; timeline: CareEntry[] }>(opts: {
  kind: 'complaint' | 'rescue';
  id: string;
  state: S;
  raisesIncidents: boolean;
  write: (save: CareSave<S>) => Promise<void>;
}) {
  const { kind, id, state: s, raisesIncidents, write: writeSave } = opts;
  const readModel = patched(CARE_READ_MODEL_PATCH);
  let version = 0;
  /** Entries already handed to a save: a refused save's entries stay missing, named by its incident. */
  let sent = 0;
  let writes: Promise<void> = Promise.resolve();
  /** The first save has been written (or refused): it holds the opening entry, which every later one follows. */
  let opened = false;
  const snapshot = (): CareSave<S> => {
    // A copy taken now: the write runs later, when the state may already have moved on.
    const copy = JSON.parse(JSON.stringify(s)) as S;
    if (!readModel) return { state: copy, version: ++version };
    const { timeline, ...row } = copy;
    const entries = timeline.slice(sent).map((e, i) => ({ ...e, seq: sent + i + 1 }));
    sent = timeline.length;
    return { state: row, version: ++version, entries };
  };
  const save = () => {
    const next = snapshot();
    const write = writes.then(() => writeSave(next));
    writes = write.catch(() => undefined);
    // A branch of its own: a longer chain of writes would move the next save's command after a timer's.
    const markOpened = () => {
      opened = true;
    };
    write.then(markOpened, markOpened);
    if (!raisesIncidents) return write;
    return write.catch(async (err) => {
      throw recordRejected(await incidentFrom(err, kind), 'The step');
    });
  };
  return {
    /** Whether this workflow records itself as the read model (patched), or as before. */
    readModel,
    save,
    /** For the workflow's own steps (timers): nobody to answer, so a refused save is the incident alone. */
    saveStep: () => (raisesIncidents ? save().catch(() => undefined) : save()),
    /** Resolves once the first save is written: the opening entry is on record, so a GET finds it. */
    recorded: () => condition(() => opened),
    /** Resolves once every save asked for so far has been written (or raised its incident). */
    settled: () => writes,
    /** A step's answer: the whole state before the read model, else the acknowledgement. */
    answer: (): S | CareAck => (readModel ? { id, stage: s.stage, seq: s.timeline.length } : s),
  };
}
