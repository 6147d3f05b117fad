import type { ComplaintList } from '../../api/queries/complaints.js';
import type { ComplaintStage, ComplaintState } from '../../domain/complaints.js';
import { type ApiCaller, must, PageError } from '../api-client.js';
import { relative, when } from '../format.js';
import { Badge, Card, Empty, Facts, Page } from '../layout.js';
import type { Session } from '../session.js';

// Complaints [S4]: the list with both SLA deadlines (first response, resolution) and what is overdue or was
// escalated, and one complaint with its timeline. Advisors handle them; the service manager is called in when a
// clock runs out.

type ListItem = ComplaintList['items'][number];

const CARE_ROLES = ['advisor', 'manager', 'admin'];

export const COMPLAINT_STAGE_LABEL: Record<ComplaintStage, string> = {
  received: 'Received',
  assigned: 'Assigned',
  solution_proposed: 'Solution proposed',
  carried_out: 'Carried out',
  outcome_reported: 'Outcome reported',
  closed: 'Closed',
};
const STAGE_TONE: Record<ComplaintStage, string> = {
  received: 'amber',
  assigned: 'blue',
  solution_proposed: 'indigo',
  carried_out: 'violet',
  outcome_reported: 'teal',
  closed: 'grey',
};
const SOURCE_LABEL: Record<string, string> = {
  follow_up: 'Follow-up call',
  hotline: 'Hotline',
  call_list: 'Call list',
  api: 'Recorded',
};

const ComplaintStageBadge = ({ stage }: { stage: string }) => (
  <Badge tone={STAGE_TONE[stage as ComplaintStage] ?? 'grey'}>{COMPLAINT_STAGE_LABEL[stage as ComplaintStage] ?? stage}</Badge>
);

/** A deadline and where its step stands: met, met late, overdue, or still running. */
export function Deadline({ due, done, tz, now = Date.now() }: { due: string; done?: string | null; tz: string; now?: number }) {
  const dueMs = Date.parse(due);
  const badge = done ? (
    Date.parse(done) <= dueMs ? (
      <Badge tone="green" title={`Done ${when(done, tz)}`}>
        met
      </Badge>
    ) : (
      <Badge tone="amber" title={`Done ${when(done, tz)}`}>
        late
      </Badge>
    )
  ) : dueMs < now ? (
    <Badge tone="red">overdue</Badge>
  ) : null;
  return (
    <span class="deadline" data-deadline={done ? 'done' : dueMs < now ? 'overdue' : 'open'}>
      <strong>{when(due, tz)}</strong> {badge}
      {done ? null : <div class="small muted">{relative(due, now)}</div>}
    </span>
  );
}

const STATUSES = [
  { id: 'open', label: 'Open' },
  { id: 'closed', label: 'Closed' },
  { id: 'all', label: 'All' },
] as const;
type Status = (typeof STATUSES)[number]['id'];

export function ComplaintsPage({ session, list, status }: { session: Session; list: ComplaintList; status: Status }) {
  const tz = session.tz;
  const items: ListItem[] = list.items;
  const overdue = items.filter((c) => c.overdue).length;
  const escalated = items.filter((c) => c.escalated).length;
  return (
    <Page title="Complaints" session={session} screen="complaints">
      <div class="page-head">
        <div>
          <h1>Complaints</h1>
          <p class="sub">Newest first · first response and resolution deadlines count the shop's open hours</p>
        </div>
        <div class="chips">
          {STATUSES.map((s) => (
            <a
              class="chip"
              href={`/app/complaints?status=${s.id}`}
              aria-current={s.id === status ? 'page' : undefined}
              style={s.id === status ? 'border-color:#1d64d8;color:#1d64d8' : undefined}
            >
              {s.label}
            </a>
          ))}
          <span class={`chip ${overdue ? 'chip-warn' : ''}`}>
            <strong>{overdue}</strong> overdue
          </span>
          <span class={`chip ${escalated ? 'chip-warn' : ''}`}>
            <strong>{escalated}</strong> escalated
          </span>
        </div>
      </div>
      <Card>
        {items.length === 0 ? (
          <Empty>No {status === 'all' ? '' : `${status} `}complaints.</Empty>
        ) : (
          <div style="overflow-x:auto">
            <table class="table" data-complaints>
              <thead>
                <tr>
                  <th>Received</th>
                  <th>Customer</th>
                  <th>Vehicle</th>
                  <th>Complaint</th>
                  <th>Status</th>
                  <th>First response by</th>
                  <th>Resolved by</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr data-complaint={c.complaintId} class={c.overdue ? 'overdue' : ''}>
                    <td>
                      <a href={`/app/complaints/${encodeURIComponent(c.complaintId)}`}>{when(c.receivedAt, tz)}</a>
                      <div class="small muted">{SOURCE_LABEL[c.source] ?? c.source}</div>
                    </td>
                    <td>
                      {c.customer ? (
                        <>
                          <a href={`/app/customers/${encodeURIComponent(c.customer.id)}`}>{c.customer.name}</a>
                          <div class="small muted">{c.customer.phone}</div>
                        </>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td>
                      {c.visitId ? (
                        <a class="plate" href={`/app/visits/${encodeURIComponent(c.visitId)}`} data-visit-link>
                          {c.plate ?? 'Visit'}
                        </a>
                      ) : (
                        <span class="plate">{c.plate ?? '—'}</span>
                      )}
                    </td>
                    <td style="max-width:360px">
                      <a href={`/app/complaints/${encodeURIComponent(c.complaintId)}`} style="color:inherit">
                        {c.description.length > 140 ? `${c.description.slice(0, 139)}…` : c.description}
                      </a>
                      {c.satisfaction !== null ? <div class="small muted">satisfaction {c.satisfaction}/5</div> : null}
                    </td>
                    <td>
                      <ComplaintStageBadge stage={c.stage} />{' '}
                      {c.escalated ? (
                        <Badge tone="red" title="An SLA clock ran out and the service manager was called in">
                          escalated
                        </Badge>
                      ) : null}
                      {c.assigneeId ? <div class="small muted">owner {c.assigneeId}</div> : null}
                    </td>
                    <td>
                      <Deadline due={c.firstResponseDueAt} done={c.firstResponseAt} tz={tz} />
                    </td>
                    <td>
                      <Deadline due={c.resolutionDueAt} done={c.resolvedAt} tz={tz} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.nextCursor ? <p class="hint">Showing the newest {items.length}; older complaints are not listed here.</p> : null}
      </Card>
    </Page>
  );
}

/** The record as `GET /complaints/{id}` serialises it (instants as ISO strings). */
interface ComplaintRecord {
  id: string;
  source: string;
  stage: string;
  visitId: string | null;
  customerId: string | null;
  plate: string | null;
  description: string;
  satisfaction: number | null;
  assigneeId: string | null;
  receivedAt: string;
  firstResponseDueAt: string;
  firstResponseAt: string | null;
  resolutionDueAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  firstResponseEscalatedAt: string | null;
  resolutionEscalatedAt: string | null;
  solution: string | null;
  outcome: { explanation?: string; remedy?: string; channel?: string; notes?: string } | null;
  customerAccepted: boolean | null;
}

export interface ComplaintView {
  complaintId: string;
  record: ComplaintRecord;
  state: ComplaintState | null;
}

export function ComplaintPage({ session, view }: { session: Session; view: ComplaintView }) {
  const tz = session.tz;
  const r = view.record;
  const s = view.state;
  const escalatedFirst = s?.escalated.first_response ?? r.firstResponseEscalatedAt;
  const escalatedResolution = s?.escalated.resolution ?? r.resolutionEscalatedAt;
  const outcome = s?.outcome ?? r.outcome;
  const timeline = [...(s?.timeline ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Page title="Complaint" session={session} screen="complaints">
      <div class="page-head">
        <div>
          <h1>
            Complaint <span class="ro">{view.complaintId.replace(/^complaint-/, '').slice(0, 8)}</span>
          </h1>
          <p class="sub">
            Received {when(r.receivedAt, tz)} · {SOURCE_LABEL[r.source] ?? r.source}
          </p>
        </div>
        <div class="head-badges">
          <ComplaintStageBadge stage={s?.stage ?? r.stage} />
          {escalatedFirst || escalatedResolution ? <Badge tone="red">escalated</Badge> : null}
          <a class="btn btn-small btn-ghost" href="/app/complaints">
            All complaints
          </a>
        </div>
      </div>
      <div class="cards-2" style="align-items:start">
        <div>
          <Card title="What the customer said">
            <p style="margin:0 0 10px;white-space:pre-wrap" data-description>
              {r.description}
            </p>
            <Facts
              rows={[
                [
                  'Customer',
                  r.customerId ? (
                    <a href={`/app/customers/${encodeURIComponent(r.customerId)}`}>{s?.customer?.name ?? 'Customer file'}</a>
                  ) : null,
                ],
                [
                  'Vehicle',
                  r.visitId ? (
                    <a class="plate" href={`/app/visits/${encodeURIComponent(r.visitId)}`} data-visit-link>
                      {r.plate ?? 'Visit'}
                    </a>
                  ) : (
                    r.plate
                  ),
                ],
                ['Satisfaction', r.satisfaction !== null ? `${r.satisfaction}/5` : null],
                ['Owner', r.assigneeId],
              ]}
            />
          </Card>
          <Card title="Deadlines">
            <Facts
              rows={[
                [
                  'First response',
                  <>
                    <Deadline due={r.firstResponseDueAt} done={r.firstResponseAt} tz={tz} />
                    {escalatedFirst ? <div class="small">escalated {when(escalatedFirst, tz)}</div> : null}
                  </>,
                ],
                [
                  'Resolution',
                  <>
                    <Deadline due={r.resolutionDueAt} done={r.resolvedAt} tz={tz} />
                    {escalatedResolution ? <div class="small">escalated {when(escalatedResolution, tz)}</div> : null}
                  </>,
                ],
                ['Closed', r.closedAt ? when(r.closedAt, tz) : null],
              ]}
            />
          </Card>
          {r.solution || outcome ? (
            <Card title="Solution and outcome">
              <Facts
                rows={[
                  ['Solution', s?.solution ?? r.solution],
                  ['Explanation', outcome?.explanation],
                  ['Remedy', outcome?.remedy],
                  ['Reported by', outcome?.channel],
                  [
                    'Customer',
                    r.customerAccepted === null ? null : r.customerAccepted ? 'accepted the outcome' : 'did not accept',
                  ],
                ]}
              />
            </Card>
          ) : null}
        </div>
        <Card title="Timeline" id="timeline">
          {s === null ? (
            <Empty>The complaint's workflow is no longer running; its record above is what remains.</Empty>
          ) : timeline.length === 0 ? (
            <Empty>Nothing recorded yet.</Empty>
          ) : (
            <ol class="plain" data-timeline>
              {timeline.map((e) => (
                <li data-entry={e.type} style="display:grid;grid-template-columns:130px 1fr;gap:8px;padding:6px 0">
                  <span class="small muted">{when(e.at, tz)}</span>
                  <span>
                    {e.summary}
                    <span class="small muted"> · {e.actorId}</span>
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </Page>
  );
}

const mayHandle = (session: Session) => {
  if (!CARE_ROLES.includes(session.staff.role))
    throw new PageError(403, 'Complaints are handled by the service advisors and the service manager.');
};

export async function complaintsListPage(api: ApiCaller, session: Session, query: Record<string, string | undefined>) {
  mayHandle(session);
  const status: Status = STATUSES.find((s) => s.id === query.status)?.id ?? 'open';
  const list = must(await api.get<ComplaintList>('/complaints', { status, tz: session.tz, limit: 200 }));
  return <ComplaintsPage session={session} list={list} status={status} />;
}

export async function complaintPage(api: ApiCaller, session: Session, id: string) {
  mayHandle(session);
  const view = must(await api.get<ComplaintView>(`/complaints/${encodeURIComponent(id)}`));
  return <ComplaintPage session={session} view={view} />;
}
