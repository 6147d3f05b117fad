import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ComplaintList } from '../../api/queries/complaints.js';
import {
  COMPLAINT_ACTIONS,
  type ComplaintActionName,
  type ComplaintSource,
  type ComplaintStage,
  type ComplaintState,
  RecordedComplaintSource,
} from '../../domain/complaints.js';
import { COMPLAINT_ROLES, holdsRole, mayWorkComplaints } from '../../domain/roles.js';
import type { Directory } from '../../domain/staff.js';
import { type ApiCaller, must, PageError, staffDirectory } from '../api-client.js';
import { relative, when, who } from '../format.js';
import {
  compact,
  type FailedForm,
  Field,
  FormError,
  type FormValues,
  FormView,
  IdempotencyKey,
  Radios,
  Select,
  TextArea,
  text,
  yesNo,
} from '../forms.js';
import { Badge, Card, Empty, Facts, Page } from '../layout.js';
import type { Session } from '../session.js';

// Complaints [S4]: the list with both SLA deadlines (first response, resolution) and what is overdue or was
// escalated, one complaint with its timeline and the form for its next step, and the form that records a new one.
// Advisors handle them; the service manager is called in when a clock runs out.

type ListItem = ComplaintList['items'][number];

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
const SOURCE_LABEL: Record<ComplaintSource, string> = {
  follow_up: 'Follow-up call',
  hotline: 'Hotline',
  call_list: 'Call list',
  api: 'Recorded',
  phone: 'Phone call',
  in_person: 'At the desk',
  email: 'E-mail',
  letter: 'Letter',
};
const sourceLabel = (source: string) => SOURCE_LABEL[source as ComplaintSource] ?? 'Recorded';

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
          <a class="btn btn-primary btn-small" href="/app/complaints/new" data-new-complaint>
            Record a complaint
          </a>
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
                      <div class="small muted">{sourceLabel(c.source)}</div>
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
                      {c.assigneeId ? <div class="small muted">owner {who(directory, c.assigneeId)}</div> : null}
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

/** `GET /complaints/{id}`: the row and the complaint assembled from the database (never the workflow's query). */
export interface ComplaintView {
  complaintId: string;
  record: ComplaintRecord;
  state: ComplaintState;
}

export function ComplaintPage({
  session,
  view,
  directory,
  failed,
  flash,
}: {
  session: Session;
  view: ComplaintView;
  directory: Directory;
  failed?: FailedForm;
  flash?: string;
}) {
  const tz = session.tz;
  const r = view.record;
  const s = view.state;
  const escalatedFirst = s.escalated.first_response;
  const escalatedResolution = s.escalated.resolution;
  const { outcome, closedAt, solution } = s;
  const owner = s.assigneeId;
  const accepted = s.customerAccepted;
  const timeline = s.timeline;
  return (
    <Page title="Complaint" session={session} screen="complaints" flash={flash}>
      <div class="page-head">
        <div>
          <h1>
            Complaint <span class="ro">{view.complaintId.replace(/^complaint-/, '').slice(0, 8)}</span>
          </h1>
          <p class="sub">
            Received {when(r.receivedAt, tz)} · {sourceLabel(r.source)}
          </p>
        </div>
        <div class="head-badges">
          <ComplaintStageBadge stage={s.stage} />
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
                    <a href={`/app/customers/${encodeURIComponent(r.customerId)}`}>{s.customer?.name ?? 'Customer file'}</a>
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
                ['Owner', owner ? ownerName(owner, session, directory) : null],
              ]}
            />
          </Card>
          <Card title="Deadlines">
            <Facts
              rows={[
                [
                  'First response',
                  <>
                    <Deadline due={r.firstResponseDueAt} done={s.firstResponseAt} tz={tz} />
                    {escalatedFirst ? <div class="small">escalated {when(escalatedFirst, tz)}</div> : null}
                  </>,
                ],
                [
                  'Resolution',
                  <>
                    <Deadline due={r.resolutionDueAt} done={s.resolvedAt} tz={tz} />
                    {escalatedResolution ? <div class="small">escalated {when(escalatedResolution, tz)}</div> : null}
                  </>,
                ],
                ['Closed', closedAt ? when(closedAt, tz) : null],
              ]}
            />
          </Card>
          <NextSteps session={session} view={view} stage={s.stage} failed={failed} directory={directory} />
          {solution || outcome ? (
            <Card title="Solution and outcome">
              <Facts
                rows={[
                  ['Solution', solution],
                  ['Explanation', outcome?.explanation],
                  ['Remedy', outcome?.remedy],
                  ['Reported by', outcome?.channel ? (REPORT_CHANNEL_LABEL[outcome.channel as ReportChannel] ?? null) : null],
                  ['Customer', accepted == null ? null : accepted ? 'accepted the outcome' : 'did not accept'],
                ]}
              />
            </Card>
          ) : null}
        </div>
        <Card title="Timeline" id="timeline">
          {timeline.length === 0 ? (
            <Empty>Nothing recorded yet.</Empty>
          ) : (
            <ol class="plain" data-timeline>
              {timeline.map((e) => (
                <li data-entry={e.type} style="display:grid;grid-template-columns:130px 1fr;gap:8px;padding:6px 0">
                  <span class="small muted">{when(e.at, tz)}</span>
                  <span>
                    {e.summary}
                    <span class="small muted"> · {who(directory, e.actorId)}</span>
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
  if (!mayWorkComplaints(session.staff.role))
    throw new PageError(403, 'Complaints are handled by the service advisors and the service manager.');
};

type ReportChannel = (typeof COMPLAINT_ACTIONS.report_outcome.payload.shape.channel.options)[number];
const REPORT_CHANNEL_LABEL: Record<ReportChannel, string> = {
  phone: 'Phone call',
  email: 'E-mail',
  in_person: 'In person',
  letter: 'Letter',
};

/** The owner by the name the staff directory gives them; the signed-in person is "you". */
const ownerName = (assigneeId: string, session: Session, directory: Directory) =>
  assigneeId === session.staff.id ? `${session.staff.name} (you)` : who(directory, assigneeId);

/** What each step's form is called on the screen and what it says once recorded. */
const STEP_UI: Record<ComplaintActionName, { title: string; button: string; done: string }> = {
  assign: {
    title: 'Take on the complaint',
    button: 'Assign and acknowledge',
    done: 'Owner assigned: the first response is recorded.',
  },
  propose_solution: { title: 'Propose a solution', button: 'Record the solution', done: 'Solution recorded.' },
  carry_out: { title: 'Carry out the solution', button: 'Record as carried out', done: 'Solution carried out.' },
  report_outcome: {
    title: 'Report the outcome to the customer',
    button: 'Record the report',
    done: 'Outcome reported: the resolution is recorded.',
  },
  close: { title: 'Close the complaint', button: 'Close the complaint', done: 'Complaint closed.' },
};

const isStep = (name: string): name is ComplaintActionName => Object.hasOwn(COMPLAINT_ACTIONS, name);

/** The flash after a step (`?done=assign`) or after recording a new complaint (`?done=opened`). */
export const complaintFlash = (done: string | undefined) =>
  done === 'opened' ? 'Complaint recorded: its clocks are running.' : done && isStep(done) ? STEP_UI[done].done : undefined;

/** Each step's fields, read back from the form into the API's body. */
const STEP_BODY: Record<ComplaintActionName, (v: FormValues) => Record<string, unknown>> = {
  assign: (v) => ({
    assigneeId: text(v, 'assigneeId') ?? '',
    acknowledgement: text(v, 'acknowledgement') ?? '',
  }),
  propose_solution: (v) => ({ solution: text(v, 'solution') ?? '' }),
  carry_out: (v) => ({ notes: text(v, 'notes') ?? '' }),
  report_outcome: (v) => ({
    explanation: text(v, 'explanation') ?? '',
    remedy: text(v, 'remedy') ?? '',
    channel: v.channel ?? '',
  }),
  close: (v) => compact({ customerAccepted: yesNo(v, 'customerAccepted') ?? '', notes: text(v, 'notes') }),
};

export const complaintStepBody = (name: string, v: FormValues) => {
  if (!isStep(name)) throw new PageError(404, 'There is no such step for a complaint.');
  return { name, body: STEP_BODY[name](v) };
};

/** Who can own a complaint: the signed-in person first, then every active colleague who works complaints. */
const ownerOptions = (session: Session, directory: Directory): [string, string][] => [
  [session.staff.id, `${session.staff.name} (you)`],
  ...[...directory.values()]
    .filter((m) => m.active && m.id !== session.staff.id && holdsRole(m.role, COMPLAINT_ROLES) && m.role !== 'admin')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m): [string, string] => [m.id, m.name]),
];

const STEP_FIELDS: Record<ComplaintActionName, (form: FormView, session: Session, directory: Directory) => JSX.Element> = {
  assign: (form, session, directory) => (
    <>
      <Select form={form} name="assigneeId" label="Owner" value={session.staff.id} options={ownerOptions(session, directory)} />
      <TextArea
        form={form}
        name="acknowledgement"
        label="What you told the customer"
        required
        hint="The first response: you called them back and acknowledged the complaint."
      />
    </>
  ),
  propose_solution: (form) => (
    <TextArea form={form} name="solution" label="Solution agreed with the customer" required rows={3} />
  ),
  carry_out: (form) => <TextArea form={form} name="notes" label="What was done" required rows={3} />,
  report_outcome: (form) => (
    <>
      <TextArea form={form} name="explanation" label="Explanation given to the customer" required rows={3} />
      <TextArea form={form} name="remedy" label="Remedy offered" required />
      <Select
        form={form}
        name="channel"
        label="Reported by"
        value="phone"
        options={Object.entries(REPORT_CHANNEL_LABEL) as [string, string][]}
      />
    </>
  ),
  close: (form) => (
    <>
      <Radios
        form={form}
        name="customerAccepted"
        label="Did the customer accept the outcome?"
        options={[
          ['true', 'Accepted'],
          ['false', 'Did not accept'],
        ]}
      />
      <TextArea form={form} name="notes" label="Notes" />
    </>
  ),
};

/** The steps the complaint's stage accepts and the signed-in role may take, each as a form. */
function NextSteps({
  session,
  view,
  stage,
  failed,
  directory,
}: {
  session: Session;
  directory: Directory;
  view: ComplaintView;
  stage: ComplaintStage;
  failed?: FailedForm;
}) {
  const role = session.staff.role;
  const steps = (Object.keys(COMPLAINT_ACTIONS) as ComplaintActionName[]).filter((name) => {
    const step = COMPLAINT_ACTIONS[name];
    return (step.stages as readonly ComplaintStage[]).includes(stage) && holdsRole(role, step.roles);
  });
  if (stage === 'closed') return null;
  // The step that moves the complaint on is open; going back (naming another owner, a new solution) is a click away.
  return (
    <Card title="Next step" id="next-step">
      {failed && !steps.some((name) => failed.id === `step-${name}`) ? (
        <div class="alert alert-error" role="alert">
          {failed.message}
        </div>
      ) : null}
      {steps.length === 0 ? (
        <Empty>The next step is the service manager's.</Empty>
      ) : (
        steps.map((name) => {
          const form = new FormView(`step-${name}`, failed);
          return (
            <details open={name === steps.at(-1) || form.isFailed || undefined} data-step={name}>
              <summary>
                <strong>{STEP_UI[name].title}</strong>
              </summary>
              <form method="post" action={`/app/complaints/${encodeURIComponent(view.complaintId)}/actions/${name}`} novalidate>
                <IdempotencyKey />
                <FormError form={form} />
                {STEP_FIELDS[name](form, session, directory)}
                <div class="form-actions">
                  <button type="submit" class="btn btn-primary" data-submit-step={name}>
                    {STEP_UI[name].button}
                  </button>
                </div>
              </form>
            </details>
          );
        })
      )}
    </Card>
  );
}

const NEW_SOURCES = RecordedComplaintSource.options;

/** Recording a complaint as it came in: at the desk, by phone, e-mail or letter; about a vehicle or a visit. */
export function NewComplaintPage({
  session,
  failed,
  visitId,
  customerId,
}: {
  session: Session;
  failed?: FailedForm;
  visitId?: string;
  customerId?: string;
}) {
  const form = new FormView('complaint-new', failed);
  return (
    <Page title="Record a complaint" session={session} screen="complaints">
      <div class="page-head">
        <div>
          <h1>Record a complaint</h1>
          <p class="sub">Its first-response and resolution clocks start when you record it</p>
        </div>
        <div class="head-badges">
          <a class="btn btn-small btn-ghost" href="/app/complaints">
            All complaints
          </a>
        </div>
      </div>
      <Card>
        <form method="post" action="/app/complaints" novalidate data-complaint-form>
          <IdempotencyKey />
          <FormError form={form} />
          <input type="hidden" name="visitId" value={form.value('visitId', visitId ?? '')} />
          <input type="hidden" name="customerId" value={form.value('customerId', customerId ?? '')} />
          <TextArea form={form} name="description" label="What the customer complains about" required rows={4} />
          <div class="row2">
            <Select
              form={form}
              name="source"
              label="How it came in"
              value="in_person"
              options={NEW_SOURCES.map((x) => [x, SOURCE_LABEL[x]] as [string, string])}
            />
            <Field
              form={form}
              name="plate"
              label="Vehicle plate"
              hint={visitId || customerId ? 'Taken from the visit or customer file when left empty' : 'The car it is about'}
              autocomplete="off"
            />
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" data-submit-complaint>
              Record the complaint
            </button>
          </div>
        </form>
      </Card>
    </Page>
  );
}

export const newComplaintBody = (v: FormValues) =>
  compact({
    description: text(v, 'description') ?? '',
    source: v.source || undefined,
    plate: text(v, 'plate'),
    visitId: text(v, 'visitId'),
    customerId: text(v, 'customerId'),
  });

export function newComplaintPage(session: Session, query: Record<string, string | undefined>, failed?: FailedForm) {
  mayHandle(session);
  return <NewComplaintPage session={session} failed={failed} visitId={query.visitId} customerId={query.customerId} />;
}

export async function complaintsListPage(api: ApiCaller, session: Session, query: Record<string, string | undefined>) {
  mayHandle(session);
  const status: Status = STATUSES.find((s) => s.id === query.status)?.id ?? 'open';
  const [list, directory] = await Promise.all([
    api.get<ComplaintList>('/complaints', { status, tz: session.tz, limit: 200 }),
    staffDirectory(api),
  ]);
  return <ComplaintsPage session={session} list={must(list)} status={status} directory={directory} />;
}

export async function complaintPage(
  api: ApiCaller,
  session: Session,
  id: string,
  opts: { failed?: FailedForm; flash?: string } = {},
) {
  mayHandle(session);
  const [view, directory] = await Promise.all([
    api.get<ComplaintView>(`/complaints/${encodeURIComponent(id)}`),
    staffDirectory(api),
  ]);
  return <ComplaintPage session={session} view={must(view)} directory={directory} failed={opts.failed} flash={opts.flash} />;
}
