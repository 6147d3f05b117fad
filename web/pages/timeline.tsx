import type { HistoryEntry } from '../../api/history/timeline.js';
import type { Directory } from '../../domain/staff.js';
import type { Stage } from '../../domain/stages.js';
import { Lane, type VisitState } from '../../domain/visit-state.js';
import { ACTION_UI, actionTitle } from '../actions/index.js';
import { type Reader, type TaskWords, taskText, timerTitle, visitEventText } from '../entry-words.js';
import { dateTime, duration, roleLabel, stageLabel, time, who } from '../format.js';
import { hasKey, t } from '../i18n/index.js';
import { Badge, Card, Page, StageBadge } from '../layout.js';
import type { Session } from '../session.js';

// The visit's workflow history drawn as a service blueprint [S5]: the customer's actions, the line of
// interaction, the front stage, the line of visibility, the back stage, and the timers the workflow waits on,
// along one time axis. Long waits get a column of their own so they can be seen.

/** The lanes top to bottom, in the domain's order; their titles are in the catalogue (`timeline.lane`). */
const LANES = Lane.options;

/** A gap this long between two moments is drawn as a wait. */
const WAIT_MS = 30_000;
/** Entries closer than this share a column. */
const MOMENT_MS = 3_000;
const MAX_PER_CELL = 3;

interface Item {
  entry: HistoryEntry;
  title: string;
  detail?: string;
  tone: string;
}

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

/** The activities a person cares about, titled by the catalogue; the rest is the process's bookkeeping. */
const SHOWN_ACTIVITIES = ['openTask', 'notify', 'proposeDispatch', 'planNextMaintenance'] as const;
const isShownActivity = (name: string | null): name is (typeof SHOWN_ACTIVITIES)[number] =>
  (SHOWN_ACTIVITIES as readonly (string | null)[]).includes(name);

const titleOf = (name: string | null) =>
  name && name in ACTION_UI
    ? actionTitle(name as keyof typeof ACTION_UI)
    : (name ?? t('timeline.entryKind.action')).replaceAll('_', ' ');

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

const messageLabel = (template: string | undefined) => {
  const key = `timeline.message.${template}`;
  return template && hasKey(key) ? t(key) : undefined;
};

/** What a history entry becomes on the blueprint, or nothing for the process's bookkeeping. */
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;

/** The history's texts carry ISO instants; people read them in their own zone. */
const readable = (text: string | undefined, tz: string) => text?.replace(ISO_INSTANT, (iso) => dateTime(iso, tz));

function itemOf(e: HistoryEntry, tz: string, directory: Directory, visit: TaskVisit): Item | undefined {
  const item = itemOfEntry(e, { directory, tz }, visit);
  return item && { ...item, title: readable(item.title, tz) ?? item.title, detail: readable(item.detail, tz) };
}

/** The visit's appointment and promised time, which its call-list tasks are worded with. */
type TaskVisit = TaskWords['visit'];

function itemOfEntry(e: HistoryEntry, reader: Reader, visit: TaskVisit): Item | undefined {
  const { directory } = reader;
  switch (e.kind) {
    case 'visit_opened': {
      const services = Array.isArray(e.details?.requestedServices) ? (e.details.requestedServices as string[]).join(', ') : '';
      const at = str(e.details?.appointmentAt);
      return {
        entry: e,
        title: e.lane === 'customer' ? t('timeline.walksIn') : t('timeline.bookingTaken'),
        detail: [at ? t('timeline.bookedFor', { when: at }) : undefined, services || undefined].filter(Boolean).join(' · '),
        tone: 'start',
      };
    }
    case 'action':
      if (e.actor?.role === 'customer')
        return { entry: e, title: t('timeline.decides'), detail: t('timeline.onApprovalPage'), tone: 'customer' };
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
function recordedEvent(e: HistoryEntry, reader: Reader): string | undefined {
  if (e.kind !== 'activity_scheduled' || e.name !== 'recordVisitEvent') return undefined;
  const colon = e.summary.indexOf(': ');
  const summary = colon > 0 ? e.summary.slice(colon + 2) : undefined;
  const event = e.details?.event as { type: string; data: Record<string, unknown> } | undefined;
  return event ? visitEventText({ ...event, summary }, reader) : summary;
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

export function TimelinePage({
  session,
  visitId,
  roNumber,
  state,
  entries,
  temporalUrl,
  directory,
}: {
  session: Session;
  visitId: string;
  roNumber?: number;
  state: VisitState | null;
  entries: HistoryEntry[];
  temporalUrl?: string;
  /** Names the staff who acted. */
  directory: Directory;
}) {
  const tz = session.tz;
  const visit = state && { appointmentAt: state.appointmentAt ?? null, promisedAt: state.promisedAt ?? null };
  const bp = blueprint(entries, tz, Date.now(), directory, visit);
  const n = bp.columns.length;
  // Grid rows: 1 stages, 2 customer, 3 line of interaction, 4 front stage, 5 line of visibility, 6 back stage, 7.. timers, last axis.
  const timerRow = (track: number) => 7 + track;
  const axisRow = 7 + Math.max(1, bp.tracks);
  const colOf = (i: number) => i + 2;
  const template = bp.columns.map((c) => (c.kind === 'wait' ? '56px' : 'minmax(128px, 1fr)')).join(' ');
  const actions = entries.filter((e) => e.kind === 'action');
  const plate = state?.vehicle.plate ?? '';

  return (
    <Page title={t('timeline.title', { plate })} session={session} screen="timeline">
      <div class="page-head">
        <div>
          <h1>
            <span class="ro">{t('visit.ro', { n: roNumber ?? '—' })}</span> {plate}{' '}
            <span class="muted">{t('timeline.blueprint')}</span>
          </h1>
          <p class="sub">
            {[
              state ? `${state.customer.name} · ${state.vehicle.model}` : undefined,
              t('timeline.opened', { when: dateTime(entries[0]?.at, tz) }),
              t('timeline.actions', { n: actions.length }),
              t('timeline.timers', { n: bp.timers.length }),
              bp.start !== undefined && bp.end !== undefined
                ? t('timeline.soFar', { d: duration(bp.end - bp.start) })
                : undefined,
              bp.waitedMs ? t('timeline.inWaits', { d: duration(bp.waitedMs) }) : undefined,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <div class="head-badges">{state ? <StageBadge stage={state.stage} /> : null}</div>
        <div class="head-links">
          <a class="btn btn-ghost btn-small" href={`/app/visits/${visitId}`}>
            {t('timeline.visit')}
          </a>
          {temporalUrl ? (
            <a class="btn btn-small" href={temporalUrl} target="_blank" rel="noopener" data-temporal-link>
              {t('timeline.openTemporal')}
            </a>
          ) : (
            <span class="muted small">{t('timeline.noTemporal')}</span>
          )}
        </div>
      </div>
      <Card class="blueprint-card">
        <div class="legend small">
          <span class="lg lg-customer">{t('timeline.legend.customer')}</span>
          <span class="lg lg-action">{t('timeline.legend.action')}</span>
          <span class="lg lg-system">{t('timeline.legend.process')}</span>
          <span class="lg lg-wait">{t('timeline.legend.wait')}</span>
          <span class="lg lg-timer">{t('timeline.legend.timer')}</span>
          <span class="muted">{t('timeline.legend.scroll')}</span>
        </div>
        {/* Wider than the screen: a keyboard reaches and scrolls it too. */}
        <section class="blueprint-scroll" tabindex={0} aria-label={t('timeline.scrollArea')}>
          <div class="blueprint" style={`grid-template-columns: 118px ${template}`}>
            <div class="bp-lane-label bp-stage-label" style="grid-row:1;grid-column:1">
              {t('timeline.stage')}
            </div>
            {bp.stages.map((s) => (
              <div
                class={`bp-stage bp-stage-${s.stage}`}
                style={`grid-row:1;grid-column:${colOf(s.from)} / ${colOf(Math.max(s.to, s.from + 1))}`}
              >
                {stageLabel(s.stage)}
              </div>
            ))}
            {LANES.map((lane, i) => (
              <div class={`bp-lane-label lane-${lane}`} style={`grid-row:${2 + i * 2};grid-column:1`}>
                <strong>{t(`timeline.lane.${lane}.title`)}</strong>
                <span>{t(`timeline.lane.${lane}.hint`)}</span>
              </div>
            ))}
            <div class="bp-line" style={`grid-row:3;grid-column:1 / ${n + 2}`}>
              <span>{t('timeline.lineOfInteraction')}</span>
            </div>
            <div class="bp-line" style={`grid-row:5;grid-column:1 / ${n + 2}`}>
              <span>{t('timeline.lineOfVisibility')}</span>
            </div>
            <div class="bp-lane-label lane-timers" style={`grid-row:7 / ${axisRow};grid-column:1`}>
              <strong>{t('timeline.timersLane')}</strong>
              <span>{t('timeline.durableWaits')}</span>
            </div>
            {bp.columns.map((col, ci) =>
              col.kind === 'wait' ? (
                <div
                  class="bp-wait"
                  style={`grid-row:2 / ${axisRow};grid-column:${colOf(ci)}`}
                  title={t('timeline.nothingFor', { d: duration((col.until ?? col.at) - col.at) })}
                >
                  <span>{duration((col.until ?? col.at) - col.at)}</span>
                </div>
              ) : (
                LANES.map((lane, li) =>
                  col.cells[lane].length ? (
                    <div class={`bp-cell lane-${lane}`} style={`grid-row:${2 + li * 2};grid-column:${colOf(ci)}`}>
                      {col.cells[lane].map((item) => (
                        <div
                          class={`bp-item tone-${item.tone}`}
                          title={`${[item.title, item.detail].filter(Boolean).join(' · ')} · ${dateTime(item.entry.at, tz)}`}
                          data-kind={item.entry.kind}
                        >
                          <strong>{item.title}</strong>
                          {item.detail ? <span>{item.detail}</span> : null}
                        </div>
                      ))}
                    </div>
                  ) : null,
                )
              ),
            )}
            {bp.timers.map((bar) => {
              const label = {
                d: duration(bar.durationMs),
                label: readable(bar.label, tz),
                state: t(`timeline.timerState.${bar.state}`),
                when: dateTime(bar.firesAt, tz),
              };
              return (
                <div
                  class={`bp-timer timer-${bar.state}`}
                  style={`grid-row:${timerRow(bar.track)};grid-column:${colOf(bar.from)} / ${colOf(Math.max(bar.to, bar.from) + (bar.state === 'pending' ? 0 : 1))}`}
                  title={t(bar.firesAt ? 'timeline.timerFires' : 'timeline.timer', label)}
                >
                  <span>{t(bar.state === 'pending' && bar.firesAt ? 'timeline.timerFires' : 'timeline.timer', label)}</span>
                </div>
              );
            })}
            {bp.columns.map((col, ci) => {
              if (col.kind !== 'moment') return null;
              const prev = bp.columns.slice(0, ci).findLast((c) => c.kind === 'moment');
              return (
                <div class="bp-axis" style={`grid-row:${axisRow};grid-column:${colOf(ci)}`}>
                  <strong>{time(new Date(col.at).toISOString(), tz)}</strong>
                  {prev && col.at - prev.at >= 1000 ? <span> +{duration(col.at - prev.at)}</span> : null}
                </div>
              );
            })}
          </div>
        </section>
      </Card>
      <Card title={t('timeline.history')} class="history-list">
        <details>
          <summary>
            {t('timeline.allEntries', { n: entries.length })}{' '}
            <Badge tone="slate">{t('timeline.timers', { n: entries.filter((e) => e.kind === 'timer_started').length })}</Badge>
          </summary>
          <table class="table small">
            <tbody>
              {entries.map((e) => {
                // The history's own summaries are the workflow's words (codes, activity names): a person reads the
                // blueprint's title for the entry; the raw history is in the Temporal UI.
                const item = itemOf(e, tz, directory, visit);
                return (
                  <tr>
                    <td class="mono">{e.eventId}</td>
                    <td>{dateTime(e.at, tz)}</td>
                    <td>{t(`timeline.lane.${e.lane}.title`)}</td>
                    <td>{t(`timeline.entryKind.${e.kind}`)}</td>
                    <td>{item ? [item.title, item.detail].filter(Boolean).join(' · ') : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      </Card>
    </Page>
  );
}
