import { proposalWords } from '../dispatch-words.js';
import { Field, Select } from '../fields.js';
import { hours, when } from '../format.js';
import { compact, text } from '../forms.js';
import { t } from '../i18n/index.js';
import type { StepForms } from './form-kit.js';

// Step 5 of the loop, dispatch: the job to a technician, the plan's proposal or an override.

export const DISPATCH_FORMS = {
  assign_technician: {
    primary: () => true,
    Fields: ({ form, ctx }) => {
      // The plan of this moment, which the choice is checked against (its version goes with it); the visit's own
      // reading, from when it reached dispatch, where the screen has no plan.
      const proposal = ctx.plan?.proposal !== undefined ? ctx.plan.proposal : ctx.state.dispatch.proposal;
      return (
        <>
          {proposal ? (
            <p class="hint plan-reason">
              {t('actionForm.proposed')}{' '}
              <strong>{ctx.technicians.find((t) => t.id === proposal.technicianId)?.name ?? proposal.technicianId}</strong> —{' '}
              {/* Why, in the page's language: the technician's skill and hours queued, from the plan's parts. A visit
                  that reached dispatch before the plan carried them has only the plan's English sentence. */}
              {proposal.reasonParts
                ? `${proposalWords(proposal.reasonParts)} (${t('visit.finishes', { when: when(proposal.projectedFinishAt, ctx.tz) })})`
                : t(proposal.meetsPromise ? 'actionForm.proposalFinishes' : 'actionForm.proposalLate', {
                    when: when(proposal.projectedFinishAt, ctx.tz),
                  })}
            </p>
          ) : (
            <p class="hint">
              {t('actionForm.noTechnician')} <a href="/app/technicians">{t('actionForm.addOrRegrade')}</a>{' '}
              {t('actionForm.proposesAtOnce')}
            </p>
          )}
          <Select
            form={form}
            name="technicianId"
            label={t('actionForm.technician')}
            value={proposal?.technicianId ?? ''}
            options={[
              ['', t('actionForm.choose')],
              ...ctx.technicians.map(
                (x) =>
                  [x.id, t('actionForm.techOption', { name: x.name, skill: x.skillLevel, hours: hours(x.loadHours) })] as [
                    string,
                    string,
                  ],
              ),
            ]}
          />
          <Field
            form={form}
            name="overrideReason"
            label={t('actionForm.reasonForOverridingTheProposal')}
            hint={t('actionForm.onlyWhenNotTheProposedTechnician')}
          />
          {ctx.plan ? <input type="hidden" name="planVersion" value={ctx.plan.version} /> : null}
        </>
      );
    },
    encode: (v) => ({
      body: compact({
        technicianId: v.technicianId ?? '',
        overrideReason: text(v, 'overrideReason'),
        planVersion: v.planVersion || undefined,
      }),
    }),
  },
} satisfies StepForms;
