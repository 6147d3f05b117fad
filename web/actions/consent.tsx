import { Field, Radios, SignaturePad } from '../fields.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { compact, type FormValues, type FormView, text } from '../forms.js';
import { t } from '../i18n/index.js';
import { type ActionContext, SIGNED_BY } from './form-kit.js';

/** The customer's consent, as `decide` and `revise_promise` take it: a recorded phone call or a signature. */
export const ConsentFields = ({ form, ctx }: { form: FormView; ctx: ActionContext }) => (
  <>
    <Radios
      form={form}
      name="consent.method"
      label={t('actionForm.consent')}
      value="phone"
      options={[
        ['phone', t('actionForm.phoneCallRecorded')],
        ['signature', t('actionForm.signedInPerson')],
      ]}
    />
    <div class="row2">
      <Field form={form} name="consent.spokeWith" label={t('actionForm.spokeWith')} value={ctx.state.customer.name} />
      <Field form={form} name="consent.callReference" label={t('actionForm.callRecordingReference')} />
    </div>
    <Field
      form={form}
      name="consent.calledAt"
      label={t('actionForm.calledAt')}
      type="datetime-local"
      value={toLocalInput(Date.now(), ctx.tz)}
    />
    <details class="sub">
      <summary>{t('actionForm.signatureInPerson')}</summary>
      <SignaturePad
        form={form}
        prefix="consent.signature"
        label={t('actionForm.customerSignature')}
        signer={SIGNED_BY(ctx.state)}
      />
    </details>
  </>
);

export const encodeConsent = (v: FormValues, tz: string, staffId: string) =>
  v['consent.method'] === 'signature'
    ? {
        method: 'signature',
        signature: { signedBy: text(v, 'consent.signature.signedBy') ?? '', image: v['consent.signature.image'] ?? '' },
      }
    : compact({
        method: 'phone',
        callReference: text(v, 'consent.callReference') ?? '',
        calledBy: staffId,
        calledAt: fromLocalInput(v['consent.calledAt'] ?? '', tz),
        spokeWith: text(v, 'consent.spokeWith') ?? '',
      });
