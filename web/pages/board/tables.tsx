// The day's bookings with their confirmation and arrival, and the walk-ins opened that day.
import type { AppointmentBoard } from '../../../api/queries/appointments.js';
import type { VisitList } from '../../../api/queries/visit-list.js';
import type { Directory } from '../../../domain/staff.js';
import { time, whenOnDay, who } from '../../format.js';
import { type Key, t } from '../../i18n/index.js';
import { Badge, Card, Empty, StageBadge } from '../../layout.js';

const CONFIRMATION: Record<string, [string, Key]> = {
  confirmed: ['green', 'board.status.confirmed'],
  cannot_keep: ['red', 'board.status.cannot_keep'],
  call_due: ['amber', 'board.status.call_due'],
  not_reached: ['red', 'board.status.not_reached'],
  unconfirmed: ['grey', 'board.status.unconfirmed'],
};

/** The day's bookings: time, customer, vehicle, advisor, requests, whether confirmed and arrived, and the stage. */
export const BookingsTable = ({
  items,
  day,
  directory,
  highlight,
  tz,
}: {
  items: AppointmentBoard['items'];
  /** The board's day (YYYY-MM-DD in `tz`): an arrival on another day is named with its day. */
  day: string;
  directory: Directory;
  highlight?: string;
  tz: string;
}) => (
  <Card title={t('board.bookings')}>
    {items.length === 0 ? (
      <Empty>{t('board.noBookings')}</Empty>
    ) : (
      <table class="table table-cards table-board">
        <thead>
          <tr>
            <th>{t('board.time')}</th>
            <th>{t('board.customer')}</th>
            <th>{t('board.plate')}</th>
            <th>{t('board.model')}</th>
            <th>{t('board.advisor')}</th>
            <th>{t('board.services')}</th>
            <th>{t('board.confirmation')}</th>
            <th>{t('board.arrivedCol')}</th>
            <th>{t('board.stage')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const [tone, label] = CONFIRMATION[i.confirmation.status] ?? ['grey', 'board.status.unconfirmed'];
            return (
              <tr class={i.visitId === highlight ? 'highlight' : ''} data-visit={i.visitId}>
                <td data-label={t('board.time')} class="strong time">
                  {i.time}
                </td>
                <td data-label={t('board.customer')}>
                  <a href={`/app/visits/${i.visitId}`}>{i.customer.name}</a>
                  {i.customer.phone === undefined ? null : <div class="muted small">{i.customer.phone}</div>}
                </td>
                <td data-label={t('board.plate')} class="plate">
                  <a href={`/app/visits/${i.visitId}`}>{i.vehicle.plate}</a>
                  {i.openCampaigns.length > 0 ? (
                    <>
                      {' '}
                      <Badge tone="red" title={i.openCampaigns.join(', ')}>
                        {t('campaigns.flag')}
                      </Badge>
                    </>
                  ) : null}
                </td>
                <td data-label={t('board.model')}>{i.vehicle.model}</td>
                <td data-label={t('board.advisor')}>{who(directory, i.advisorId)}</td>
                <td data-label={t('board.services')} class="small">
                  {i.requestedServices.join(', ') || '—'}
                </td>
                <td data-label={t('board.confirmation')}>
                  <Badge tone={tone}>{t(label)}</Badge>
                  {i.confirmation.calls ? (
                    <span class="muted small"> {t('board.calls', { count: i.confirmation.calls })}</span>
                  ) : null}
                </td>
                <td data-label={t('board.arrivedCol')}>
                  {i.arrived ? (
                    <Badge tone="green">✓ {whenOnDay(i.arrivedAt, tz, day)}</Badge>
                  ) : i.noShowFlagged ? (
                    <Badge tone="red">{t('board.noShowBadge')}</Badge>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td data-label={t('board.stage')}>
                  <StageBadge stage={i.stage} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    )}
  </Card>
);

/** The walk-ins opened on the day. */
export const WalkInsTable = ({
  walkIns,
  directory,
  highlight,
  tz,
}: {
  walkIns: VisitList['items'];
  directory: Directory;
  highlight?: string;
  tz: string;
}) => (
  <Card title={t('board.walkInsTitle')}>
    {walkIns.length === 0 ? (
      <Empty>{t('board.noWalkIns')}</Empty>
    ) : (
      <table class="table table-cards table-board">
        <thead>
          <tr>
            <th>{t('board.openedCol')}</th>
            <th>{t('board.customer')}</th>
            <th>{t('board.plate')}</th>
            <th>{t('board.model')}</th>
            <th>{t('board.advisor')}</th>
            <th>{t('board.stage')}</th>
          </tr>
        </thead>
        <tbody>
          {walkIns.map((v) => (
            <tr class={v.visitId === highlight ? 'highlight' : ''}>
              <td data-label={t('board.openedCol')} class="strong time">
                {time(v.createdAt, tz)}
              </td>
              <td data-label={t('board.customer')}>
                <a href={`/app/visits/${v.visitId}`}>{v.customer.name}</a>
              </td>
              <td data-label={t('board.plate')} class="plate">
                <a href={`/app/visits/${v.visitId}`}>{v.vehicle.plate}</a>
              </td>
              <td data-label={t('board.model')}>{v.vehicle.model}</td>
              <td data-label={t('board.advisor')}>{who(directory, v.advisorId)}</td>
              <td data-label={t('board.stage')}>
                <StageBadge stage={v.stage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Card>
);
