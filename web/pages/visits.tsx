import type { VisitList } from '../../api/queries/visit-list.js';
import { readsCustomerContact } from '../../domain/roles.js';
import type { Directory } from '../../domain/staff.js';
import { Stage } from '../../domain/stages.js';
import { money, stageLabel, when, who } from '../format.js';
import { t } from '../i18n/index.js';
import { Badge, Card, Empty, Page, PromiseBadge, StageBadge } from '../layout.js';
import { mayOpen } from '../screen-roles.js';
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
  // A name opens the customer's file only for those who may read it; the workshop sees the name alone.
  const readsFiles = mayOpen(session.staff.role, 'customers');
  // The search by a customer's phone number is the front desk's (domain/roles.ts `readsCustomerContact`).
  const readsContact = readsCustomerContact(session.staff.role);
  return (
    <Page title={t('visits.title')} session={session} screen="visits">
      <div class="page-head">
        <div>
          <h1>{t('visits.title')}</h1>
          <p class="sub">{search ? t('visits.matching', { q: search }) : t('visits.newest')}</p>
        </div>
        <form method="get" action="/app/visits" class="filters">
          <input
            type="search"
            name="q"
            value={search ?? ''}
            placeholder={t(readsContact ? 'visits.searchPlaceholder' : 'visits.searchPlaceholderWorkshop')}
            aria-label={t(readsContact ? 'visits.searchLabel' : 'visits.searchLabelWorkshop')}
          />
          <select name="stage" aria-label={t('visits.stage')}>
            <option value="">{t('visits.anyStage')}</option>
            {Stage.options.map((s) => (
              <option value={s} selected={s === stage}>
                {stageLabel(s)}
              </option>
            ))}
          </select>
          <button type="submit" class="btn btn-small">
            {t('visits.filter')}
          </button>
        </form>
      </div>
      <Card>
        {list.items.length === 0 ? (
          <Empty>{t('visits.none')}</Empty>
        ) : (
          <table class="table table-cards">
            <thead>
              <tr>
                <th>{t('visits.ro')}</th>
                <th>{t('visits.plate')}</th>
                <th>{t('visits.model')}</th>
                <th>{t('visits.customer')}</th>
                <th>{t('visits.advisor')}</th>
                <th>{t('visits.opened')}</th>
                <th>{t('visits.promised')}</th>
                <th>{t('visits.stage')}</th>
                <th class="num">{t('visits.total')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((v) => (
                <tr>
                  <td data-label={t('visits.ro')}>
                    <a href={`/app/visits/${v.visitId}`}>{v.roNumber}</a>
                  </td>
                  <td data-label={t('visits.plate')} class="plate">
                    <a href={`/app/visits/${v.visitId}`}>{v.vehicle.plate}</a>
                  </td>
                  <td data-label={t('visits.model')}>{v.vehicle.model}</td>
                  <td data-label={t('visits.customer')}>
                    {readsFiles ? <a href={`/app/customers/${v.customer.id}`}>{v.customer.name}</a> : v.customer.name}
                  </td>
                  <td data-label={t('visits.advisor')}>{who(directory, v.advisorId)}</td>
                  <td data-label={t('visits.opened')}>{when(v.appointmentAt ?? v.createdAt, tz)}</td>
                  <td data-label={t('visits.promised')}>
                    {when(v.promisedAt, tz)} <PromiseBadge atRisk={v.atRisk} late={v.late} promisedAt={v.promisedAt} />
                  </td>
                  <td data-label={t('visits.stage')}>
                    <StageBadge stage={v.stage} />
                    <CustomerBadge visit={v} tz={tz} />
                    {v.needsAttention ? (
                      <Badge tone="red" title={t('visits.needsAttentionHint')}>
                        {t('visits.needsAttention')}
                      </Badge>
                    ) : null}
                  </td>
                  <td data-label={t('visits.total')} class="num">
                    {money(v.totalCents)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </Page>
  );
}
