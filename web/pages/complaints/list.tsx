// The complaints list [S4]: open, closed or all, with both deadlines and what is overdue or escalated.
import type { ComplaintList } from '../../../api/queries/complaints.js';
import type { Directory } from '../../../domain/staff.js';
import { clip } from '../../../domain/text-rules.js';
import { type ApiCaller, must, staffDirectory } from '../../api-client.js';
import { when, who } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, Card, Empty, Page } from '../../layout.js';
import type { Session } from '../../session.js';
import { ComplaintStageBadge, Deadline, sourceLabel } from './common.js';

type ListItem = ComplaintList['items'][number];

const STATUSES = ['open', 'closed', 'all'] as const;
export type ComplaintListStatus = (typeof STATUSES)[number];
type Status = ComplaintListStatus;

export function ComplaintsPage({
  session,
  list,
  status,
  directory,
}: {
  session: Session;
  list: ComplaintList;
  status: Status;
  directory: Directory;
}) {
  const tz = session.tz;
  const items: ListItem[] = list.items;
  const overdue = items.filter((c) => c.overdue).length;
  const escalated = items.filter((c) => c.escalated).length;
  return (
    <Page title={t('complaints.list.title')} session={session} screen="complaints">
      <div class="page-head">
        <div>
          <h1>{t('complaints.list.title')}</h1>
          <p class="sub">{t('complaints.list.sub')}</p>
        </div>
        <div class="chips">
          {STATUSES.map((s) => (
            <a
              class="chip"
              href={`/app/complaints?status=${s}`}
              aria-current={s === status ? 'page' : undefined}
              style={s === status ? 'border-color:#1d64d8;color:#1d64d8' : undefined}
            >
              {t(`complaints.status.${s}`)}
            </a>
          ))}
          <span class={`chip ${overdue ? 'chip-warn' : ''}`}>
            <strong>{overdue}</strong> {t('complaints.list.overdue')}
          </span>
          <span class={`chip ${escalated ? 'chip-warn' : ''}`}>
            <strong>{escalated}</strong> {t('complaints.list.escalated')}
          </span>
          <a class="btn btn-primary btn-small" href="/app/complaints/new" data-new-complaint>
            {t('complaints.list.record')}
          </a>
        </div>
      </div>
      <Card>
        {items.length === 0 ? (
          <Empty>{t(`complaints.list.empty.${status}`)}</Empty>
        ) : (
          <div style="overflow-x:auto">
            <table class="table table-cards" data-complaints>
              <thead>
                <tr>
                  <th>{t('complaints.list.received')}</th>
                  <th>{t('complaints.list.customer')}</th>
                  <th>{t('complaints.list.vehicle')}</th>
                  <th>{t('complaints.list.complaint')}</th>
                  <th>{t('complaints.list.status')}</th>
                  <th>{t('complaints.list.firstResponseBy')}</th>
                  <th>{t('complaints.list.resolvedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr data-complaint={c.complaintId} class={c.overdue ? 'overdue' : ''}>
                    <td data-label={t('complaints.list.received')}>
                      <a href={`/app/complaints/${encodeURIComponent(c.complaintId)}`}>{when(c.receivedAt, tz)}</a>
                      <div class="small muted">{sourceLabel(c.source)}</div>
                    </td>
                    <td data-label={t('complaints.list.customer')}>
                      {c.customer ? (
                        <>
                          <a href={`/app/customers/${encodeURIComponent(c.customer.id)}`}>{c.customer.name}</a>
                          <div class="small muted">{c.customer.phone}</div>
                        </>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td data-label={t('complaints.list.vehicle')}>
                      {c.visitId ? (
                        <a class="plate" href={`/app/visits/${encodeURIComponent(c.visitId)}`} data-visit-link>
                          {c.plate ?? t('complaints.list.visit')}
                        </a>
                      ) : (
                        <span class="plate">{c.plate ?? '—'}</span>
                      )}
                    </td>
                    <td data-label={t('complaints.list.complaint')} style="max-width:360px">
                      <a href={`/app/complaints/${encodeURIComponent(c.complaintId)}`} style="color:inherit">
                        {clip(c.description, 140, '…') || t('complaints.page.noWords')}
                      </a>
                      {c.satisfaction !== null ? (
                        <div class="small muted">{t('complaints.list.satisfaction', { n: c.satisfaction })}</div>
                      ) : null}
                    </td>
                    <td data-label={t('complaints.list.status')}>
                      <ComplaintStageBadge stage={c.stage} />{' '}
                      {c.escalated ? (
                        <Badge tone="red" title={t('complaints.list.escalatedTitle')}>
                          {t('complaints.list.escalated')}
                        </Badge>
                      ) : null}
                      {c.assigneeId ? (
                        <div class="small muted">{t('complaints.list.owner', { name: who(directory, c.assigneeId) })}</div>
                      ) : null}
                    </td>
                    <td data-label={t('complaints.list.firstResponseBy')}>
                      <Deadline due={c.firstResponseDueAt} done={c.firstResponseAt} tz={tz} />
                    </td>
                    <td data-label={t('complaints.list.resolvedBy')}>
                      <Deadline due={c.resolutionDueAt} done={c.resolvedAt} tz={tz} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.nextCursor ? <p class="hint">{t('complaints.list.more', { n: items.length })}</p> : null}
      </Card>
    </Page>
  );
}

export async function complaintsListPage(api: ApiCaller, session: Session, query: Record<string, string | undefined>) {
  const status: Status = STATUSES.find((s) => s === query.status) ?? 'open';
  const [list, directory] = await Promise.all([
    api.get('/complaints', { query: { status, tz: session.tz, limit: 200 } }),
    staffDirectory(api),
  ]);
  return <ComplaintsPage session={session} list={must(list)} status={status} directory={directory} />;
}
