// The actions the visit's stage and the signed-in role allow, each as a form to open.
import type { ActionName } from '../../../domain/actions.js';
import { ACTION_UI, type ActionContext, actionSubmit, actionTitle } from '../../actions/index.js';
import { date, km, stageLabel } from '../../format.js';
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
    staff: p.session.staff,
    technicians: p.technicians,
    plan: p.plan,
    catalogue: p.catalogue,
  };
  return (
    <Card title={t('visit.nextSteps', { stage: stageLabel(s.stage) })}>
      {actions.length ? (
        actions.map((name) => <ActionForm name={name} ctx={ctx} failed={p.failed} visitId={p.visitId} />)
      ) : (
        <Empty>
          {s.stage === 'aftercare' || s.stage === 'closed'
            ? `${t('visit.done')} ${s.nextMaintenance ? t('visit.nextDueAt', { date: date(s.nextMaintenance.dueAt, tz), km: km(s.nextMaintenance.dueMileage) }) : ''}`
            : t('visit.nothingForRole', { stage: stageLabel(s.stage) })}
        </Empty>
      )}
    </Card>
  );
};
