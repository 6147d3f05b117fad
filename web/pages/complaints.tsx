import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ComplaintList } from '../../api/queries/complaints.js';
import {
  COMPLAINT_ACTIONS,
  type ComplaintActionName,
  ComplaintSource,
  ComplaintStage,
  type ComplaintState,
  RecordedComplaintSource,
} from '../../domain/complaints.js';
import { COMPLAINT_ROLES, holdsRole, mayWorkComplaints } from '../../domain/roles.js';
import type { Directory } from '../../domain/staff.js';
import { type ApiCaller, must, PageError, staffDirectory } from '../api-client.js';
import { careEntryText } from '../entry-words.js';
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
import { t } from '../i18n/index.js';
import { Badge, Card, Empty, Facts, Page } from '../layout.js';
import type { Session } from '../session.js';

// Complaints [S4]: the list with both SLA deadlines (first response, resolution) and what is overdue or was
// escalated, one complaint with its timeline and the form for its next step, and the form that records a new one.
// Advisors handle them; the service manager is called in when a clock runs out.

type ListItem = ComplaintList['items'][number];

const STAGE_TONE: Record<ComplaintStage, string> = {
  received: 'amber',
  assigned: 'blue',
  solution_proposed: 'indigo',
  carried_out: 'violet',
  outcome_reported: 'teal',
  closed: 'grey',
};
const isSource = (source: string): source is ComplaintSource => ComplaintSource.safeParse(source).success;
const sourceLabel = (source: string) => t(isSource(source) ? `complaints.source.${source}` : 'complaints.source.api');
const isStage = (stage: string): stage is ComplaintStage => ComplaintStage.safeParse(stage).success;

const ComplaintStageBadge = ({ stage }: { stage: string }) => (
  <Badge tone={isStage(stage) ? STAGE_TONE[stage] : 'grey'}>{isStage(stage) ? t(`complaints.stage.${stage}`) : stage}</Badge>
);

/** A deadline and where its step stands: met, met late, overdue, or still running. */
export function Deadline({ due, done, tz, now = Date.now() }: { due: string; done?: string | null; tz: string; now?: number }) {
  const dueMs = Date.parse(due);
  const badge = done ? (
    Date.parse(done) <= dueMs ? (
      <Badge tone="green" title={t('complaints.deadline.doneAt', { when: when(done, tz) })}>
        {t('complaints.deadline.met')}
      </Badge>
    ) : (
      <Badge tone="amber" title={t('complaints.deadline.doneAt', { when: when(done, tz) })}>
        {t('complaints.deadline.late')}
      </Badge>
    )
  ) : dueMs < now ? (
    <Badge tone="red">{t('complaints.deadline.overdue')}</Badge>
  ) : null;
  return (
    <span class="deadline" data-deadline={done ? 'done' : dueMs < now ? 'overdue' : 'open'}>
      <strong>{when(due, tz)}</strong> {badge}
      {done ? null : <div class="small muted">{relative(due, now)}</div>}
    </span>
  );
}

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
            <table class="table" data-complaints>
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
                          {c.plate ?? t('complaints.list.visit')}
                        </a>
                      ) : (
                        <span class="plate">{c.plate ?? '—'}</span>
                      )}
                    </td>
                    <td style="max-width:360px">
                      <a href={`/app/complaints/${encodeURIComponent(c.complaintId)}`} style="color:inherit">
                        {c.description.length > 140 ? `${c.description.slice(0, 139)}…` : c.description}
                      </a>
                      {c.satisfaction !== null ? (
                        <div class="small muted">{t('complaints.list.satisfaction', { n: c.satisfaction })}</div>
                      ) : null}
                    </td>
                    <td>
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
        {list.nextCursor ? <p class="hint">{t('complaints.list.more', { n: items.length })}</p> : null}
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
    <Page title={t('complaints.page.title')} session={session} screen="complaints" flash={flash}>
      <div class="page-head">
        <div>
          <h1>
            {t('complaints.page.title')} <span class="ro">{view.complaintId.replace(/^complaint-/, '').slice(0, 8)}</span>
          </h1>
          <p class="sub">{t('complaints.page.received', { when: when(r.receivedAt, tz), source: sourceLabel(r.source) })}</p>
        </div>
        <div class="head-badges">
          <ComplaintStageBadge stage={s.stage} />
          {escalatedFirst || escalatedResolution ? <Badge tone="red">{t('complaints.list.escalated')}</Badge> : null}
          <a class="btn btn-small btn-ghost" href="/app/complaints">
            {t('complaints.page.all')}
          </a>
        </div>
      </div>
      <div class="cards-2" style="align-items:start">
        <div>
          <Card title={t('complaints.page.said')}>
            <p style="margin:0 0 10px;white-space:pre-wrap" data-description>
              {r.description}
            </p>
            <Facts
              rows={[
                [
                  t('complaints.page.customer'),
                  r.customerId ? (
                    <a href={`/app/customers/${encodeURIComponent(r.customerId)}`}>
                      {s.customer?.name ?? t('complaints.page.customerFile')}
                    </a>
                  ) : null,
                ],
                [
                  t('complaints.page.vehicle'),
                  r.visitId ? (
                    <a class="plate" href={`/app/visits/${encodeURIComponent(r.visitId)}`} data-visit-link>
                      {r.plate ?? t('complaints.page.visit')}
                    </a>
                  ) : (
                    r.plate
                  ),
                ],
                [
                  t('complaints.page.satisfaction'),
                  r.satisfaction !== null ? t('complaints.page.satisfactionScore', { n: r.satisfaction }) : null,
                ],
                [t('complaints.page.owner'), owner ? ownerName(owner, session, directory) : null],
              ]}
            />
          </Card>
          <Card title={t('complaints.page.deadlines')}>
            <Facts
              rows={[
                [
                  t('complaints.page.firstResponse'),
                  <>
                    <Deadline due={r.firstResponseDueAt} done={s.firstResponseAt} tz={tz} />
                    {escalatedFirst ? (
                      <div class="small">{t('complaints.page.escalatedAt', { when: when(escalatedFirst, tz) })}</div>
                    ) : null}
                  </>,
                ],
                [
                  t('complaints.page.resolution'),
                  <>
                    <Deadline due={r.resolutionDueAt} done={s.resolvedAt} tz={tz} />
                    {escalatedResolution ? (
                      <div class="small">{t('complaints.page.escalatedAt', { when: when(escalatedResolution, tz) })}</div>
                    ) : null}
                  </>,
                ],
                [t('complaints.page.closed'), closedAt ? when(closedAt, tz) : null],
              ]}
            />
          </Card>
          <NextSteps session={session} view={view} stage={s.stage} failed={failed} directory={directory} />
          {solution || outcome ? (
            <Card title={t('complaints.page.solutionAndOutcome')}>
              <Facts
                rows={[
                  [t('complaints.page.solution'), solution],
                  [t('complaints.page.explanation'), outcome?.explanation],
                  [t('complaints.page.remedy'), outcome?.remedy],
                  [t('complaints.page.reportedBy'), outcome?.channel ? channelLabel(outcome.channel) : null],
                  [
                    t('complaints.page.customer'),
                    accepted == null ? null : t(accepted ? 'complaints.page.accepted' : 'complaints.page.notAccepted'),
                  ],
                ]}
              />
            </Card>
          ) : null}
        </div>
        <Card title={t('complaints.page.timeline')} id="timeline">
          {timeline.length === 0 ? (
            <Empty>{t('complaints.page.nothingYet')}</Empty>
          ) : (
            <ol class="plain" data-timeline>
              {timeline.map((e) => (
                <li data-entry={e.type} style="display:grid;grid-template-columns:130px 1fr;gap:8px;padding:6px 0">
                  <span class="small muted">{when(e.at, tz)}</span>
                  <span>
                    {careEntryText('complaint', e, { directory, tz })}
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
  if (!mayWorkComplaints(session.staff.role)) throw new PageError(403, t('complaints.page.onlyHandlers'));
};

const REPORT_CHANNELS = COMPLAINT_ACTIONS.report_outcome.payload.shape.channel.options;
export type ComplaintReportChannel = (typeof REPORT_CHANNELS)[number];
const isChannel = (channel: string): channel is ComplaintReportChannel =>
  (REPORT_CHANNELS as readonly string[]).includes(channel);
/** A channel read from the record may be newer than the screens: an unknown one is left out. */
const channelLabel = (channel: string) => (isChannel(channel) ? t(`complaints.channel.${channel}`) : null);

/** The owner by the name the staff directory gives them; the signed-in person is "you". */
const ownerName = (assigneeId: string, session: Session, directory: Directory) =>
  assigneeId === session.staff.id ? t('complaints.page.you', { name: session.staff.name }) : who(directory, assigneeId);

/** What each step's form is called on the screen and what it says once recorded (complaints.step.* in the catalogues). */
const stepText = (name: ComplaintActionName, what: 'title' | 'button' | 'done') => t(`complaints.step.${name}.${what}`);

const isStep = (name: string): name is ComplaintActionName => Object.hasOwn(COMPLAINT_ACTIONS, name);

/** The flash after a step (`?done=assign`) or after recording a new complaint (`?done=opened`). */
export const complaintFlash = (done: string | undefined) =>
  done === 'opened' ? t('complaints.page.opened') : done && isStep(done) ? stepText(done, 'done') : undefined;

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
  if (!isStep(name)) throw new PageError(404, t('complaints.page.noSuchStep'));
  return { name, body: STEP_BODY[name](v) };
};

/** Who can own a complaint: the signed-in person first, then every active colleague who works complaints. */
const ownerOptions = (session: Session, directory: Directory): [string, string][] => [
  [session.staff.id, t('complaints.page.you', { name: session.staff.name })],
  ...[...directory.values()]
    .filter((m) => m.active && m.id !== session.staff.id && holdsRole(m.role, COMPLAINT_ROLES) && m.role !== 'admin')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m): [string, string] => [m.id, m.name]),
];

const STEP_FIELDS: Record<ComplaintActionName, (form: FormView, session: Session, directory: Directory) => JSX.Element> = {
  assign: (form, session, directory) => (
    <>
      <Select
        form={form}
        name="assigneeId"
        label={t('complaints.field.owner')}
        value={session.staff.id}
        options={ownerOptions(session, directory)}
      />
      <TextArea
        form={form}
        name="acknowledgement"
        label={t('complaints.field.acknowledgement')}
        required
        hint={t('complaints.field.acknowledgementHint')}
      />
    </>
  ),
  propose_solution: (form) => <TextArea form={form} name="solution" label={t('complaints.field.solution')} required rows={3} />,
  carry_out: (form) => <TextArea form={form} name="notes" label={t('complaints.field.done')} required rows={3} />,
  report_outcome: (form) => (
    <>
      <TextArea form={form} name="explanation" label={t('complaints.field.explanation')} required rows={3} />
      <TextArea form={form} name="remedy" label={t('complaints.field.remedy')} required />
      <Select
        form={form}
        name="channel"
        label={t('complaints.field.reportedBy')}
        value="phone"
        options={REPORT_CHANNELS.map((c): [string, string] => [c, t(`complaints.channel.${c}`)])}
      />
    </>
  ),
  close: (form) => (
    <>
      <Radios
        form={form}
        name="customerAccepted"
        label={t('complaints.field.accepted')}
        options={[
          ['true', t('complaints.field.yes')],
          ['false', t('complaints.field.no')],
        ]}
      />
      <TextArea form={form} name="notes" label={t('complaints.field.notes')} />
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
    <Card title={t('complaints.page.nextStep')} id="next-step">
      {failed && !steps.some((name) => failed.id === `step-${name}`) ? (
        <div class="alert alert-error" role="alert">
          {failed.message}
        </div>
      ) : null}
      {steps.length === 0 ? (
        <Empty>{t('complaints.page.managersStep')}</Empty>
      ) : (
        steps.map((name) => {
          const form = new FormView(`step-${name}`, failed);
          return (
            <details open={name === steps.at(-1) || form.isFailed || undefined} data-step={name}>
              <summary>
                <strong>{stepText(name, 'title')}</strong>
              </summary>
              <form method="post" action={`/app/complaints/${encodeURIComponent(view.complaintId)}/actions/${name}`} novalidate>
                <IdempotencyKey />
                <FormError form={form} />
                {STEP_FIELDS[name](form, session, directory)}
                <div class="form-actions">
                  <button type="submit" class="btn btn-primary" data-submit-step={name}>
                    {stepText(name, 'button')}
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
    <Page title={t('complaints.new.title')} session={session} screen="complaints">
      <div class="page-head">
        <div>
          <h1>{t('complaints.new.title')}</h1>
          <p class="sub">{t('complaints.new.sub')}</p>
        </div>
        <div class="head-badges">
          <a class="btn btn-small btn-ghost" href="/app/complaints">
            {t('complaints.page.all')}
          </a>
        </div>
      </div>
      <Card>
        <form method="post" action="/app/complaints" novalidate data-complaint-form>
          <IdempotencyKey />
          <FormError form={form} />
          <input type="hidden" name="visitId" value={form.value('visitId', visitId ?? '')} />
          <input type="hidden" name="customerId" value={form.value('customerId', customerId ?? '')} />
          <TextArea form={form} name="description" label={t('complaints.new.description')} required rows={4} />
          <div class="row2">
            <Select
              form={form}
              name="source"
              label={t('complaints.new.source')}
              value="in_person"
              options={NEW_SOURCES.map((x): [string, string] => [x, t(`complaints.source.${x}`)])}
            />
            <Field
              form={form}
              name="plate"
              label={t('complaints.new.plate')}
              hint={t(visitId || customerId ? 'complaints.new.plateFromFile' : 'complaints.new.plateHint')}
              autocomplete="off"
            />
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" data-submit-complaint>
              {t('complaints.new.submit')}
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
  const status: Status = STATUSES.find((s) => s === query.status) ?? 'open';
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
