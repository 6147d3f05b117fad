// The actions the visit's stage and the signed-in role allow, each as a form to open.
import { ActionName } from '../../../domain/actions.js';
import { othersJob } from '../../../domain/assignment-rules.js';
import { FRONT_DESK_ROLES, holdsRole } from '../../../domain/roles.js';
import { whoIs } from '../../../domain/staff.js';
import { ACTION_UI, type ActionContext, actionSubmit, actionTitle, whoActsNext } from '../../actions/index.js';
import { dueFigure, oneOf, roleLabel, stageLabel } from '../../format.js';
import { type FailedForm, FormError, FormView, IdempotencyKey } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Card, Empty } from '../../layout.js';
import type { VisitPageProps } from './page.js';

const ActionForm = ({
  name,
  ctx,
  failed,
  visitId,
}: {
  name: ActionName;
  ctx: ActionContext;
  failed?: FailedForm;
  visitId: string;
}) => {
  const ui = ACTION_UI[name];
  const form = new FormView(`action-${name}`, failed);
  const Fields = ui.Fields;
  return (
    <details
      class={`action ${ui.danger ? 'action-danger' : ''}`}
      open={ui.primary?.(ctx.state, ctx.plan) || form.isFailed}
      id={`action-${name}`}
    >
      <summary>{actionTitle(name)}</summary>
      <form method="post" action={`/app/visits/${visitId}/actions/${name}`} class="action-form" novalidate data-action={name}>
        <IdempotencyKey />
        <FormError form={form} />
        {Fields ? <Fields form={form} ctx={ctx} /> : null}
        <div class="form-actions">
          {ui.submits ? (
            ui.submits.map((s) => (
              <button type="submit" name={s.name} value={s.value} class={`btn ${s.danger ? 'btn-danger' : 'btn-primary'}`}>
                {t(s.label)}
              </button>
            ))
          ) : (
            <button type="submit" class={`btn ${ui.danger ? 'btn-danger' : 'btn-primary'}`}>
              {actionSubmit(name)}
            </button>
          )}
        </div>
      </form>
    </details>
  );
};

/** The visit's next steps for the signed-in role, or what the visit waits for when there are none. */
export const NextSteps = ({ p, actions }: { p: VisitPageProps; actions: ActionName[] }) => {
  const s = p.state;
  const tz = p.session.tz;
  const ctx: ActionContext = {
    state: s,
    tz,
    shopTz: p.shopTz,
    staff: p.session.staff,
    technicians: p.technicians,
    plan: p.plan,
    catalogue: p.catalogue,
    checklist: p.checklist,
    promise: p.promise,
    nextService: p.nextService,
  };
  // A form sent from a page opened before someone else moved the visit on: its form is gone from the page, so the
  // refusal is said here, where the person was working, instead of inside a form that is no longer drawn.
  const failedAction = ActionName.safeParse(p.failed?.id.replace(/^action-/, '')).data;
  // A technician on a job dispatch gave someone else: whose it is and who can change that, not a dead end.
  const assignee = s.stage === 'in_repair' ? othersJob(s, p.session.staff) : undefined;
  const overtaken = failedAction && !actions.includes(failedAction) && !assignee ? failedAction : undefined;
  return (
    <Card title={t('visit.nextSteps', { stage: stageLabel(s.stage) })}>
      {assignee ? (
        <div class="alert alert-warn" role="status" data-assigned-elsewhere={assignee}>
          {t('visit.assignedElsewhere', { name: technicianName(p, assignee) })}
        </div>
      ) : null}
      {overtaken ? (
        <div class="alert alert-error" role="alert" data-overtaken={overtaken}>
          {t('visit.overtaken', { action: actionTitle(overtaken), stage: stageLabel(s.stage) })}
        </div>
      ) : null}
      {actions.length ? (
        actions.map((name) => <ActionForm name={name} ctx={ctx} failed={p.failed} visitId={p.visitId} />)
      ) : (
        <Nothing p={p} />
      )}
    </Card>
  );
};

/**
 * A technician's name from the staff directory (which keeps those taken off the rota: the job of one who went home
 * is still theirs until it is handed over), else the workshop's list, which has only those on it.
 */
export const technicianName = (p: VisitPageProps, id: string) => {
  const known = p.directory ? whoIs(p.directory, id) : undefined;
  return known?.known ? known.name : (p.technicians.find((x) => x.id === id)?.name ?? id);
};

/**
 * What a role with nothing to do at this step reads: the visit is done, or has ended and a new one is booked from
 * here, or who moves it on next. Never only "nothing for you", which leaves the person nowhere to go.
 */
const Nothing = ({ p }: { p: VisitPageProps }) => {
  const s = p.state;
  const stage = stageLabel(s.stage);
  if (s.stage === 'aftercare' || s.stage === 'closed')
    return (
      <Empty>
        {`${t('visit.done')} ${s.nextMaintenance ? t('visit.nextDueAt', dueFigure(s.nextMaintenance, p.shopTz)) : ''}`}
      </Empty>
    );
  if (s.stage === 'no_show' || s.stage === 'cancelled')
    return (
      <div class="empty" data-visit-ended>
        <p>{t('visit.ended', { stage })}</p>
        {holdsRole(p.session.staff.role, FRONT_DESK_ROLES) ? (
          <a class="btn btn-primary" href={`/app/board?customer=${s.customer.id}&vin=${s.vehicle.vin}#book`} data-book-again>
            {t('visit.bookAgain')}
          </a>
        ) : (
          <p>{t('visit.bookAgainBy')}</p>
        )}
      </div>
    );
  const next = whoActsNext(s, p.plan);
  const who = [...next.roles.map(roleLabel), ...(next.customer ? [t('visit.customerActs')] : [])];
  return (
    <Empty>
      <span data-next-actor>
        {who.length ? t('visit.nextBy', { stage, who: oneOf(who) }) : t('visit.nothingForRole', { stage })}
      </span>
    </Empty>
  );
};
