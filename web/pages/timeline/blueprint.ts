// The history laid out as a blueprint: columns of moments and waits per lane, timer bars and stage bands.
import type { HistoryEntry } from '../../../api/history/timeline.js';
import type { Directory } from '../../../domain/staff.js';
import type { Stage } from '../../../domain/stages.js';
import type { Lane } from '../../../domain/visit-state.js';
import { timerTitle } from '../../entry-words.js';
import { type Item, itemOf, readable, recordedEvent, str, type TaskVisit } from './entries.js';

/** A gap this long between two moments is drawn as a wait. */
const WAIT_MS = 30_000;
/** Entries closer than this share a column. */
const MOMENT_MS = 3_000;
const MAX_PER_CELL = 3;

interface Column {
  kind: 'moment' | 'wait';
  at: number;
  until?: number;
  cells: Record<Lane, Item[]>;
}

interface TimerBar {
  label: string;
  from: number;
  to: number;
  state: 'fired' | 'cancelled' | 'pending';
  durationMs: number;
  firesAt?: string;
  track: number;
}

interface StageBand {
  stage: Stage;
  from: number;
  to: number;
}

export interface Blueprint {
  columns: Column[];
  timers: TimerBar[];
  tracks: number;
  stages: StageBand[];
  start?: number;
  end?: number;
  waitedMs: number;
}

const emptyCells = (): Record<Lane, Item[]> => ({ customer: [], front_stage: [], back_stage: [] });

const columnHasStep = (col: Column) =>
  [...col.cells.customer, ...col.cells.front_stage, ...col.cells.back_stage].some((i) =>
    ['visit_opened', 'action', 'action_failed'].includes(i.entry.kind),
  );

export function blueprint(
  entries: HistoryEntry[],
  tz: string,
  now = Date.now(),
  directory: Directory = new Map(),
  visit: TaskVisit = null,
): Blueprint {
  const columns: Column[] = [];
  const columnOfEntry = new Map<number, number>();
  let lastAction: Item | undefined;
  let waitedMs = 0;

  for (const e of entries) {
    const at = Date.parse(e.at);
    const recorded = recordedEvent(e, { directory, tz });
    if (recorded) {
      if (lastAction) lastAction.detail = [readable(recorded, tz), lastAction.detail].filter(Boolean).join(' · ');
      lastAction = undefined;
      continue;
    }
    const item = itemOf(e, tz, directory, visit);
    // The event an action records follows it in the same workflow task; the next step ends the wait for it.
    if (e.kind === 'action') lastAction = item;
    else if (e.kind === 'visit_opened' || e.kind === 'action_failed' || e.kind === 'signal' || e.kind === 'timer_fired')
      lastAction = undefined;
    if (!item && !e.kind.startsWith('timer_') && e.kind !== 'stage_changed') continue;

    // Each step someone takes opens a column; what the process does in reaction stays in it.
    let col = columns[columns.length - 1];
    const step = e.kind === 'visit_opened' || e.kind === 'action' || e.kind === 'action_failed';
    const needsNew =
      !col ||
      (step && columnHasStep(col)) ||
      at - col.at > MOMENT_MS ||
      (item !== undefined && col.cells[e.lane].length >= MAX_PER_CELL);
    if (needsNew) {
      const prev = columns[columns.length - 1];
      if (prev && at - prev.at >= WAIT_MS) {
        columns.push({ kind: 'wait', at: prev.at, until: at, cells: emptyCells() });
        waitedMs += at - prev.at;
      }
      col = { kind: 'moment', at, cells: emptyCells() };
      columns.push(col);
    }
    columnOfEntry.set(e.eventId, columns.length - 1);
    if (item && col) col.cells[e.lane].push(item);
  }

  // Timers: started → fired or cancelled, else still running; packed into as few tracks as overlap allows.
  const timers: TimerBar[] = [];
  const open = new Map<string, TimerBar>();
  for (const e of entries) {
    const id = str(e.details?.timerId) ?? e.name ?? '';
    const col = columnOfEntry.get(e.eventId);
    if (col === undefined) continue;
    if (e.kind === 'timer_started') {
      const bar: TimerBar = {
        label: timerTitle(str(e.details?.for)),
        from: col,
        to: columns.length,
        state: 'pending',
        durationMs: Number(e.details?.durationMs ?? 0),
        firesAt: str(e.details?.firesAt),
        track: 0,
      };
      open.set(id, bar);
      timers.push(bar);
    } else if (e.kind === 'timer_fired' || e.kind === 'timer_canceled') {
      const bar = open.get(id);
      if (!bar) continue;
      bar.to = Math.max(col, bar.from);
      bar.state = e.kind === 'timer_fired' ? 'fired' : 'cancelled';
      open.delete(id);
    }
  }
  const trackEnds: number[] = [];
  for (const bar of timers) {
    let track = trackEnds.findIndex((end) => end < bar.from);
    if (track === -1) {
      track = trackEnds.length;
      trackEnds.push(bar.to);
    } else trackEnds[track] = bar.to;
    bar.track = track;
  }

  const stages: StageBand[] = [];
  for (const e of entries) {
    const col = columnOfEntry.get(e.eventId);
    if (col === undefined || !e.toStage || (e.kind !== 'stage_changed' && e.kind !== 'visit_opened')) continue;
    const last = stages[stages.length - 1];
    if (last?.stage === e.toStage) continue;
    if (last && last.from === col) {
      last.stage = e.toStage;
      continue;
    }
    if (last) last.to = col;
    stages.push({ stage: e.toStage, from: col, to: columns.length });
  }

  const first = entries[0] ? Date.parse(entries[0].at) : undefined;
  const lastAt = entries[entries.length - 1] ? Date.parse(entries[entries.length - 1]?.at ?? '') : undefined;
  return {
    columns,
    timers,
    tracks: trackEnds.length,
    stages,
    start: first,
    end: Math.max(lastAt ?? now, timers.some((t) => t.state === 'pending') ? now : 0),
    waitedMs,
  };
}
