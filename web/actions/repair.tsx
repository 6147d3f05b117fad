import { requiredSkillOf } from '../../domain/assignment-rules.js';
import { Check, Field, Select, TextArea } from '../fields.js';
import { fromLocalInput, hours } from '../format.js';
import { bool, compact, text } from '../forms.js';
import { t } from '../i18n/index.js';
import { choicesFor } from './catalogue-pick.js';
import type { StepForms, Technician } from './form-kit.js';
import { encodeLines, LinesEditor } from './lines.js';
import { PromisedAt } from './promise.js';

// Step 6 of the loop, repair: the work started, additional work found, the work done.

/**
 * Whom a job in repair may be handed to, as a select's options: the technicians on the rota (the plan's, which has
 * only the active ones) with the skill the job needs, but its assignee. The visit page and the board offer the same.
 */
export const reassignOptions = (
  technicians: readonly Technician[],
  requiredSkill: number,
  assignee: string | null | undefined,
) => [
  ['', t('actionForm.choose')] as [string, string],
  ...technicians
    .filter((x) => x.skillLevel >= requiredSkill && x.id !== assignee)
    .map(
      (x) =>
        [x.id, t('actionForm.techOption', { name: x.name, skill: x.skillLevel, hours: hours(x.loadHours) })] as [string, string],
    ),
];

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
      <>
        <Select
          form={form}
          name="technicianId"
          label={t('actionForm.newTechnician')}
          value=""
          options={reassignOptions(ctx.technicians, requiredSkillOf(ctx.state), ctx.state.dispatch.technicianId)}
        />
        <Field form={form} name="reason" label={t('actionForm.whyReassign')} />
      </>
    ),
    encode: (v) => ({ body: compact({ technicianId: v.technicianId ?? '', reason: text(v, 'reason') }) }),
  },
} satisfies StepForms;
