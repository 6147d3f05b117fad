import type { CustomerFile } from '../../api/queries/customer-file.js';
import { date, dateTime, km, money } from '../format.js';
import { Badge, Card, Empty, Facts, Page, StageBadge } from '../layout.js';
import type { Session } from '../session.js';

const JOB_TYPE: Record<string, string> = { customer_pay: 'Customer pay', warranty: 'Warranty', campaign: 'Campaign' };

export function CustomerPage({ session, file }: { session: Session; file: CustomerFile }) {
  const c = file.customer;
  const tz = session.tz;
  return (
    <Page title={c.name} session={session} screen="customer">
      <div class="page-head">
        <div>
          <h1>{c.name}</h1>
          <p class="sub">
            Customer file · since {date(c.createdAt, tz)} · {file.vehicles.length} vehicle(s)
          </p>
        </div>
        {c.optedOut ? <Badge tone="red">Opted out of messages</Badge> : null}
      </div>
      <div class="customer-grid">
        <Card title="Customer">
          <Facts
            rows={[
              ['Phone', <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>],
              ['E-mail', c.email ?? '—'],
              ['Address', c.address ?? '—'],
              ['Birthday', c.birthday ?? '—'],
              ['Reach by', c.preferredChannel],
              ['Updated', dateTime(c.updatedAt, tz)],
            ]}
          />
        </Card>
        <div class="customer-vehicles">
          {file.vehicles.length === 0 ? <Empty>No vehicles on file.</Empty> : null}
          {file.vehicles.map((v) => (
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
                    ['VIN', <span class="mono">{v.vehicle.vin}</span>],
                    ['Year', v.vehicle.year ? String(v.vehicle.year) : '—'],
                    ['Mileage', km(v.vehicle.mileage)],
                    ['Engine no.', v.vehicle.engineNo ?? '—'],
                    ['Colour · gearbox', `${v.vehicle.colour ?? '—'} · ${v.vehicle.transmission ?? '—'}`],
                    ['Purchased', v.vehicle.purchaseDate ?? '—'],
                  ]}
                />
                <Facts
                  rows={[
                    [
                      'Next service',
                      v.nextMaintenance ? (
                        <span>
                          <strong>{date(v.nextMaintenance.dueAt, tz)}</strong> or {km(v.nextMaintenance.dueMileage)}
                          <span class="muted small">
                            {' '}
                            ({v.nextMaintenance.basis === 'time' ? 'time' : 'distance'} first
                            {v.nextMaintenance.source === 'workflow' ? ', told at delivery' : ''})
                          </span>
                        </span>
                      ) : (
                        '—'
                      ),
                    ],
                    [
                      'Open visits',
                      v.openVisits.length ? (
                        <span>
                          {v.openVisits.map((o) => (
                            <a href={`/app/visits/${o.visitId}`} class="openvisit">
                              RO {o.roNumber} <StageBadge stage={o.stage} />
                            </a>
                          ))}
                        </span>
                      ) : (
                        'none'
                      ),
                    ],
                    [
                      'Declined work',
                      v.declinedRecommendations.length
                        ? v.declinedRecommendations.map((d) => `${d.description} (${money(d.totalCents)})`).join('; ')
                        : 'none',
                    ],
                  ]}
                />
              </div>
              <h3>Service history</h3>
              {v.serviceHistory.length ? (
                <table class="table">
                  <thead>
                    <tr>
                      <th>Date</th>
                      <th>RO</th>
                      <th class="num">Mileage</th>
                      <th>Advisor</th>
                      <th>Job type</th>
                      <th>Work</th>
                      <th class="num">Invoice</th>
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
                        <td>{h.advisorId}</td>
                        <td>{JOB_TYPE[h.jobType] ?? h.jobType}</td>
                        <td>{h.description}</td>
                        <td class="num">{money(h.totalCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <Empty>No service on file yet.</Empty>
              )}
            </Card>
          ))}
        </div>
      </div>
    </Page>
  );
}
