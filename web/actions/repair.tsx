import { requiredSkillOf } from '../../domain/assignment-rules.js';
import { Check, Field, Select, TextArea } from '../fields.js';
import { fromLocalInput, hours } from '../format.js';
import { bool, compact, type FormView, text } from '../forms.js';
import { t } from '../i18n/index.js';
import { choicesFor } from './catalogue-pick.js';
import type { StepForms, Technician } from './form-kit.js';
import { encodeLines, LinesEditor } from './lines.js';
import { PromisedAt } from './promise.js';

// Step 6 of the loop, repair: the work started, additional work found, the work done.

/**
 * The hand-over of a job in repair: whom to (the technicians on the rota — the plan's, which has only the active
 * ones — with the skill the job needs, but its assignee; those not working today marked so) and why. The visit page
 * and the board offer the same. Handing it to someone not working today asks "hand over anyway" once the API has
 * said so, as a desk booking on a closed day does.
 */
export const ReassignFields = (p: {
  form: FormView;
  technicians: readonly Technician[];
  requiredSkill: number;
  assignee: string | null | undefined;
}) => (
  <>
    <Select
      form={p.form}
      name="technicianId"
      label={t('actionForm.newTechnician')}
      value=""
      options={[
        ['', t('actionForm.choose')] as [string, string],
        ...p.technicians
          .filter((x) => x.skillLevel >= p.requiredSkill && x.id !== p.assignee)
          .map((x) => {
            const option = { name: x.name, skill: x.skillLevel, hours: hours(x.loadHours) };
            return [x.id, t(x.awayToday ? 'actionForm.techOptionAway' : 'actionForm.techOption', option)] as [string, string];
          }),
      ]}
    />
    <Field form={p.form} name="reason" label={t('actionForm.whyReassign')} />
    {p.form.errorExact('confirmOffToday') || p.form.checked('confirmOffToday') ? (
      <Check form={p.form} name="confirmOffToday" label={t('actionForm.handOverAnyway')} />
    ) : null}
  </>
);

export const REPAIR_FORMS = {
  // The technician's confirmations of the seed's repair rules [S1.6], ticked like the delivery checklist.
  start_work: {
    primary: () => true,
    Fields: ({ form }) => <Check form={form} name="checklist.fenderCovers" label={t('actionForm.fenderCoversFitted')} />,
    encode: (v) => ({ body: { checklist: { fenderCovers: bool(v, 'checklist.fenderCovers') } } }),
  },
  report_additional_work: {
    Fields: ({ form, ctx }) => (
      <>
        <LinesEditor
          form={form}
          offered={[]}
          taxRateBasisPoints={ctx.state.taxRateBasisPoints}
          catalogue={choicesFor(ctx.catalogue, ctx.state.vehicle.model)}
        />
        <TextArea form={form} name="reason" label={t('actionForm.whyIsItNeeded')} required />
        <PromisedAt form={form} ctx={ctx} />
      </>
    ),
    encode: (v, { tz }) => {
      const l = encodeLines(v);
      return {
        body: { lines: l.body, promisedAt: fromLocalInput(v.promisedAt ?? '', tz), reason: text(v, 'reason') ?? '' },
        rename: l.rename,
      };
    },
  },
  complete_work: {
    primary: () => true,
    Fields: ({ form }) => (
      <>
        <Check form={form} name="checklist.genuineParts" label={t('actionForm.genuinePartsAndFluidsUsed')} />
        <Check form={form} name="checklist.onlyWorkOrderItems" label={t('actionForm.exactlyTheWorkOrderItems')} />
        <TextArea form={form} name="notes" label={t('actionForm.notesForQualityControl')} />
      </>
    ),
    encode: (v) => ({
      body: compact({
        checklist: {
          genuineParts: bool(v, 'checklist.genuineParts'),
          onlyWorkOrderItems: bool(v, 'checklist.onlyWorkOrderItems'),
        },
        notes: text(v, 'notes'),
      }),
    }),
  },
  // The foreman hands the job to someone else when its technician cannot go on (domain/assignment-rules.ts).
  reassign_technician: {
    Fields: ({ form, ctx }) => (
      <ReassignFields
        form={form}
        technicians={ctx.technicians}
        requiredSkill={requiredSkillOf(ctx.state)}
        assignee={ctx.state.dispatch.technicianId}
      />
    ),
    encode: (v) => ({
      body: compact({
        technicianId: v.technicianId ?? '',
        reason: text(v, 'reason'),
        confirmOffToday: bool(v, 'confirmOffToday') || undefined,
      }),
    }),
  },
} satisfies StepForms;
