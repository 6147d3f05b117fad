// One vehicle of the file: its facts, next service, open visits, declined work and service history.
import type { CustomerFile } from '../../../api/queries/customer-file.js';
import type { Directory } from '../../../domain/staff.js';
import { date, km, money, who } from '../../format.js';
import type { FailedForm } from '../../forms.js';
import { type Key, t } from '../../i18n/index.js';
import { Card, Empty, Facts, StageBadge } from '../../layout.js';
import { VehicleEdit } from './edit.js';
import { shown } from './values.js';

const JOB_TYPE: Record<string, Key> = {
  customer_pay: 'customerPage.customerPay',
  warranty: 'customerPage.warranty',
  campaign: 'customerPage.campaign',
};

/**
 * A vehicle's card; the file's editors also get its edit form and "book next visit". Times are in the reader's zone
 * (`tz`); the next service is a day on the shop's calendar (`shopTz`), the one its visit page and invoice tell.
 */
export const VehicleCard = ({
  file,
  v,
  directory,
  tz,
  shopTz,
  editable,
  failed,
}: {
  file: CustomerFile;
  v: CustomerFile['vehicles'][number];
  directory: Directory;
  tz: string;
  shopTz: string;
  editable: boolean;
  failed?: FailedForm;
}) => (
  <Card
    title={
      <>
        {v.vehicle.plate} <span class="muted">· {v.vehicle.model}</span>
      </>
    }
    class="vehicle"
  >
    <div class="cards-2 tight">
      <Facts
        rows={[
          [t('customerPage.vin'), <span class="mono">{v.vehicle.vin}</span>],
          [t('customerPage.year'), v.vehicle.year ? String(v.vehicle.year) : '—'],
          [t('customerPage.mileage'), km(v.vehicle.mileage)],
          [t('customerPage.engineNo'), v.vehicle.engineNo ?? '—'],
          [t('customerPage.keyCode'), v.vehicle.keyCode ?? '—'],
          [t('customerPage.colourGearbox'), `${v.vehicle.colour ?? '—'} · ${v.vehicle.transmission ?? '—'}`],
          [t('customerPage.options'), v.vehicle.options ?? '—'],
          [
            t('customerPage.purchased'),
            v.vehicle.purchaseDate
              ? `${shown('purchaseDate', v.vehicle.purchaseDate)}${v.vehicle.salesperson ? ` ${t('customerPage.from', { name: v.vehicle.salesperson })}` : ''}`
              : (v.vehicle.salesperson ?? '—'),
          ],
          [
            t('customerPage.warrantyMonths'),
            v.vehicle.warrantyMonths === null ? '—' : shown('warrantyMonths', String(v.vehicle.warrantyMonths)),
          ],
        ]}
      />
      <Facts
        rows={[
          [
            t('customerPage.nextService'),
            v.nextMaintenance ? (
              <span>
                <strong>{date(v.nextMaintenance.dueAt, shopTz)}</strong> {t('customerPage.or')} {km(v.nextMaintenance.dueMileage)}
                <span class="muted small">
                  {' '}
                  ({t(v.nextMaintenance.basis === 'time' ? 'customerPage.timeFirst' : 'customerPage.distanceFirst')}
                  {v.nextMaintenance.source === 'workflow' ? t('customerPage.toldAtDelivery') : ''})
                </span>
              </span>
            ) : (
              '—'
            ),
          ],
          [
            t('customerPage.openVisits'),
            v.openVisits.length ? (
              <span>
                {v.openVisits.map((o) => (
                  <a href={`/app/visits/${o.visitId}`} class="openvisit">
                    {t('visit.ro', { n: o.roNumber })} <StageBadge stage={o.stage} />
                  </a>
                ))}
              </span>
            ) : (
              t('customerPage.none')
            ),
          ],
          [
            t('customerPage.declined'),
            v.declinedRecommendations.length
              ? v.declinedRecommendations.map((d) => `${d.description} (${money(d.totalCents)})`).join('; ')
              : t('customerPage.none'),
          ],
        ]}
      />
    </div>
    <h3>{t('customerPage.history')}</h3>
    {v.serviceHistory.length ? (
      <table class="table">
        <thead>
          <tr>
            <th>{t('customerPage.date')}</th>
            <th>{t('customerPage.ro')}</th>
            <th class="num">{t('customerPage.mileage')}</th>
            <th>{t('customerPage.advisor')}</th>
            <th>{t('customerPage.jobType')}</th>
            <th>{t('customerPage.work')}</th>
            <th class="num">{t('customerPage.invoice')}</th>
          </tr>
        </thead>
        <tbody>
          {v.serviceHistory.map((h) => (
            <tr>
              <td>{date(h.at, tz)}</td>
              <td>
                <a href={`/app/visits/${h.visitId}`}>{h.roNumber}</a>
              </td>
              <td class="num">{km(h.mileage)}</td>
              <td>{who(directory, h.advisorId)}</td>
              <td>{h.jobType in JOB_TYPE ? t(JOB_TYPE[h.jobType] as Key) : h.jobType}</td>
              <td>{h.description}</td>
              <td class="num">{money(h.totalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <Empty>{t('customerPage.noService')}</Empty>
    )}
    {editable ? <VehicleEdit file={file} vehicle={v.vehicle} failed={failed} /> : null}
  </Card>
);
