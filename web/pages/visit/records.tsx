// The visit's records as cards: reception, diagnosis, the customer's file and the delivery with its follow-up.
import type { NextService } from '../../../api/queries/next-service.js';
import { ContactChannel } from '../../../domain/visit.js';
import type { VisitShown } from '../../../domain/visit-state.js';
import { type BookableNames, requestWords } from '../../entry-words.js';
import { date, dueFigure, fuelLabel, km, money, when } from '../../format.js';
import { hasKey, type Key, t } from '../../i18n/index.js';
import { Card, Empty, Facts } from '../../layout.js';
import type { VisitPageProps } from './page.js';

/** What reception recorded: the requests, the arrival, the walk-around and warranty. */
export const ReceptionCard = ({ s, tz, names }: { s: VisitShown; tz: string; names?: BookableNames }) => (
  <Card title={t('visit.reception')}>
    {s.arrival || s.inspection || s.requestedServices.length ? (
      <Facts
        rows={[
          [
            t('visit.f.requests'),
            s.requestedServices.length ? s.requestedServices.map((r) => requestWords(r, names)).join('; ') : '—',
          ],
          [
            t('visit.f.arrived'),
            s.arrival
              ? `${when(s.arrival.at, tz)} · ${t(s.arrival.coversFitted ? 'visit.coversFitted' : 'visit.coversNotFitted')}${s.arrival.customerWaiting ? ` · ${t('visit.customerWaiting')}` : ''}`
              : '—',
          ],
          [
            t('visit.f.damage'),
            s.inspection ? s.inspection.damages.map((d) => `${d.area}: ${d.description}`).join('; ') || t('visit.none') : '—',
          ],
          [t('visit.f.valuables'), s.inspection ? s.inspection.valuables.join(', ') || t('visit.none') : '—'],
          [t('visit.f.fuel'), s.inspection ? `${fuelLabel(s.inspection.fuelLevel)} · ${km(s.inspection.mileage)}` : '—'],
          [t('visit.f.signedBy'), s.inspection ? s.inspection.signedBy : '—'],
          [
            t('visit.f.warranty'),
            s.warranty ? `${t(s.warranty.covered ? 'visit.covered' : 'visit.notCovered')} ${s.warranty.reference ?? ''}` : '—',
          ],
        ]}
      />
    ) : (
      <Empty>{t('visit.notArrived')}</Empty>
    )}
  </Card>
);

/** The technician's diagnosis as signed. */
export const DiagnosisCard = ({ s }: { s: VisitShown }) => (
  <Card title={t('visit.diagnosis')}>
    {s.diagnosis ? (
      <Facts
        rows={[
          [t('visit.f.findings'), s.diagnosis.findings],
          [t('visit.f.roadTest'), t(s.diagnosis.roadTest ? 'visit.yes' : 'visit.no')],
          [t('visit.f.scan'), s.diagnosis.scanReportRef ?? '—'],
          [t('visit.f.signedBy'), s.diagnosis.signedBy ?? '—'],
        ]}
      />
    ) : (
      <Empty>{t('visit.noDiagnosis')}</Empty>
    )}
  </Card>
);

/** What the customer's file [S2] says about this vehicle: its last service, declined work, next due, contact. */
export const CustomerFileCard = ({ p }: { p: VisitPageProps }) => {
  const s = p.state;
  const tz = p.session.tz;
  const vehicleFile = p.file?.vehicles.find((v) => v.vehicle.vin === s.vehicle.vin);
  return (
    <Card title={t('visit.customerFile')} actions={<a href={`/app/customers/${s.customer.id}`}>{t('visit.open')}</a>}>
      {vehicleFile ? (
        <Facts
          rows={[
            [
              t('visit.f.lastService'),
              vehicleFile.serviceHistory[0]
                ? `${date(vehicleFile.serviceHistory[0].at, tz)} · ${vehicleFile.serviceHistory[0].description}`
                : t('visit.noneOnFile'),
            ],
            [t('visit.f.visitsOnFile'), String(vehicleFile.serviceHistory.length)],
            [
              t('visit.f.declinedBefore'),
              s.declinedBefore.length
                ? s.declinedBefore.map((d) => `${d.description} (${money(d.totalCents)})`).join('; ')
                : t('visit.none'),
            ],
            [
              t('visit.f.nextDue'),
              vehicleFile.nextMaintenance ? t('visit.dueOr', dueFigure(vehicleFile.nextMaintenance, p.shopTz)) : '—',
            ],
            [
              t('visit.f.contact'),
              p.file
                ? `${t(ContactChannel.safeParse(p.file.customer.preferredChannel).success ? (`calls.prefers.${p.file.customer.preferredChannel}` as Key) : 'calls.prefers.phone')}${p.file.customer.address ? ` · ${p.file.customer.address}` : ''}`
                : '—',
            ],
          ]}
        />
      ) : (
        <Empty>{t('visit.noFile')}</Empty>
      )}
    </Card>
  );
};

/**
 * The next service: the one the pickup recorded; before it, the figure worked out as if the car were picked up today
 * (`nextService`, while it waits for pickup), or that it is worked out at pickup. Dated on the shop's calendar (`tz`),
 * as the invoice tells it the customer.
 */
function nextServiceText(s: VisitShown, tz: string, next: NextService | undefined): string {
  if (s.nextMaintenance) return t('visit.dueOr', dueFigure(s.nextMaintenance, tz));
  if (next?.due) return t('visit.dueIfPickedUpToday', dueFigure(next.due, tz));
  return next ? t('visit.dueWorkedOutAtPickup') : '—';
}

/** The pickup and payment, the follow-up call and the next service. */
export const DeliveryCard = ({
  s,
  tz,
  shopTz,
  nextService,
}: {
  s: VisitShown;
  tz: string;
  shopTz: string;
  nextService?: NextService;
}) => (
  <Card title={t('visit.delivery')}>
    <Facts
      rows={[
        [
          t('visit.f.pickedUp'),
          s.pickup
            ? `${when(s.pickup.at, tz)} · ${t('visit.paid', { amount: money(s.pickup.paidCents), method: hasKey(`visit.method.${s.pickup.method}`) ? t(`visit.method.${s.pickup.method}` as Key) : s.pickup.method })}`
            : '—',
        ],
        [
          t('visit.f.followUp'),
          s.followUp.reached
            ? t('visit.reached', { n: s.followUp.satisfaction ?? '—' })
            : s.followUp.attempts
              ? t('visit.attempts', { count: s.followUp.attempts })
              : '—',
        ],
        [t('visit.f.escalated'), s.followUp.escalated || s.followUp.supervisorNotified ? t('visit.supervisorTold') : '—'],
        [t('visit.f.nextService'), <span data-next-service>{nextServiceText(s, shopTz, nextService)}</span>],
      ]}
    />
  </Card>
);
