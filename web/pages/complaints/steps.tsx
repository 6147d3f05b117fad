// A complaint's next steps: each step's form, and its fields read back into the API's body.
import type { JSX } from 'hono/jsx/jsx-runtime';
import { COMPLAINT_ACTIONS, type ComplaintActionName, type ComplaintStage } from '../../../domain/complaints.js';
import { COMPLAINT_ROLES, holdsRole } from '../../../domain/roles.js';
import type { Directory } from '../../../domain/staff.js';
import { PageError } from '../../api-client.js';
import { Radios, Select, TextArea } from '../../fields.js';
import { compact, type FailedForm, FormError, type FormValues, FormView, IdempotencyKey, text, yesNo } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Card, Empty } from '../../layout.js';
import type { Session } from '../../session.js';
import type { ComplaintView } from './common.js';

const REPORT_CHANNELS = COMPLAINT_ACTIONS.report_outcome.payload.shape.channel.options;
export type ComplaintReportChannel = (typeof REPORT_CHANNELS)[number];

const isChannel = (channel: string): channel is ComplaintReportChannel =>
  (REPORT_CHANNELS as readonly string[]).includes(channel);

/** A channel read from the record may be newer than the screens: an unknown one is left out. */
export const channelLabel = (channel: string) => (isChannel(channel) ? t(`complaints.channel.${channel}`) : null);

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
export function NextSteps({
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
