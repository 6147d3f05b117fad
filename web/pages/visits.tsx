import type { VisitList } from '../../api/queries/visit-list.js';
import type { Directory } from '../../domain/staff.js';
import { Stage } from '../../domain/stages.js';
import { money, stageLabel, when, who } from '../format.js';
import { Badge, Card, Empty, Page, PromiseBadge, StageBadge } from '../layout.js';
import type { Session } from '../session.js';
import { CustomerBadge } from './approval-link.js';

export function VisitsPage({
  session,
  list,
  search,
  stage,
  directory,
}: {
  session: Session;
  list: VisitList;
  search?: string;
  stage?: string;
  directory: Directory;
}) {
  const tz = session.tz;
  return (
    <Page title="Visits" session={session} screen="visits">
      <div class="page-head">
        <div>
          <h1>Visits</h1>
          <p class="sub">Newest first{search ? ` · matching “${search}”` : ''}</p>
        </div>
        <form method="get" action="/app/visits" class="filters">
          <input
            type="search"
            name="q"
            value={search ?? ''}
            placeholder="Plate, phone, name, VIN, RO"
            aria-label="Plate, phone, name, VIN or RO number"
          />
          <select name="stage" aria-label="Stage">
            <option value="">Any stage</option>
            {Stage.options.map((s) => (
              <option value={s} selected={s === stage}>
                {stageLabel(s)}
              </option>
            ))}
          </select>
          <button type="submit" class="btn btn-small">
            Filter
          </button>
        </form>
      </div>
      <Card>
        {list.items.length === 0 ? (
          <Empty>No visits match.</Empty>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>RO</th>
                <th>Plate</th>
                <th>Model</th>
                <th>Customer</th>
                <th>Advisor</th>
                <th>Opened</th>
                <th>Promised</th>
                <th>Stage</th>
                <th class="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((v) => (
                <tr>
                  <td>
                    <a href={`/app/visits/${v.visitId}`}>{v.roNumber}</a>
                  </td>
                  <td class="plate">
                    <a href={`/app/visits/${v.visitId}`}>{v.vehicle.plate}</a>
                  </td>
                  <td>{v.vehicle.model}</td>
                  <td>
                    <a href={`/app/customers/${v.customer.id}`}>{v.customer.name}</a>
                  </td>
                  <td>{who(directory, v.advisorId)}</td>
                  <td>{when(v.appointmentAt ?? v.createdAt, tz)}</td>
                  <td>
                    {when(v.promisedAt, tz)} <PromiseBadge atRisk={v.atRisk} late={v.late} promisedAt={v.promisedAt} />
                  </td>
                  <td>
                    <StageBadge stage={v.stage} />
                    <CustomerBadge visit={v} tz={tz} />
                    {v.needsAttention ? (
                      <Badge tone="red" title="A record was refused by the database: see the incidents on the KPI dashboard">
                        Needs attention
                      </Badge>
                    ) : null}
                  </td>
                  <td class="num">{money(v.totalCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </Page>
  );
}
