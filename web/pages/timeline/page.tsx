// The visit's timeline screen: its heading, the blueprint and every history entry.
import type { HistoryEntry } from '../../../api/history/timeline.js';
import type { Directory } from '../../../domain/staff.js';
import type { VisitShown } from '../../../domain/visit-state.js';
import { dateTime, duration } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, Card, Page, StageBadge } from '../../layout.js';
import type { Session } from '../../session.js';
import { blueprint } from './blueprint.js';
import { itemOf } from './entries.js';
import { BlueprintCard } from './grid.js';

// The visit's workflow history drawn as a service blueprint [S5]: the customer's actions, the line of
// interaction, the front stage, the line of visibility, the back stage, and the timers the workflow waits on,
// along one time axis. Long waits get a column of their own so they can be seen.

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
  state: VisitShown | null;
  entries: HistoryEntry[];
  temporalUrl?: string;
  /** Names the staff who acted. */
  directory: Directory;
}) {
  const tz = session.tz;
  const visit = state && { appointmentAt: state.appointmentAt ?? null, promisedAt: state.promisedAt ?? null };
  const bp = blueprint(entries, tz, Date.now(), directory, visit);
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
      <BlueprintCard bp={bp} tz={tz} />
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
