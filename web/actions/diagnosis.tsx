import { Check, Field, SignaturePad, TextArea } from '../fields.js';
import { bool, compact, text } from '../forms.js';
import { t } from '../i18n/index.js';
import { SIGNED_BY, type StepForms } from './form-kit.js';

// Step 3 of the loop, diagnosis: the report, explained to and signed by the customer.

export const DIAGNOSIS_FORMS = {
  record_diagnosis: {
    primary: (s) => s.stage === 'diagnosis' && !s.diagnosis,
    Fields: ({ form, ctx }) => (
      <>
        <TextArea form={form} name="findings" label={t('actionForm.findings')} rows={3} required />
        <div class="row2">
          <Field form={form} name="scanReportRef" label={t('actionForm.scanToolReportReference')} />
          <div class="field">
            <span class="label">&nbsp;</span>
            <Check form={form} name="roadTest" label={t('actionForm.roadTestDone')} />
          </div>
        </div>
        <details class="sub">
          <summary>{t('actionForm.signsReport')}</summary>
          <SignaturePad
            form={form}
            prefix="customerSignature"
            label={t('actionForm.customerSignature')}
            signer={SIGNED_BY(ctx.state)}
          />
        </details>
      </>
    ),
    encode: (v) => ({
      body: compact({
        findings: text(v, 'findings') ?? '',
        scanReportRef: text(v, 'scanReportRef'),
        roadTest: bool(v, 'roadTest'),
        customerSignature: v['customerSignature.image']
          ? { signedBy: text(v, 'customerSignature.signedBy') ?? '', image: v['customerSignature.image'] }
          : undefined,
      }),
    }),
  },
} satisfies StepForms;
