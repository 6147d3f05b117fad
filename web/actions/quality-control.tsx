import { TextArea } from '../fields.js';
import { compact, lines, text } from '../forms.js';
import { t } from '../i18n/index.js';
import type { StepForms } from './form-kit.js';

// Step 7 of the loop, quality control: passed, or back for rework.

export const QUALITY_CONTROL_FORMS = {
  record_qc: {
    primary: () => true,
    submits: [
      { name: 'passed', value: 'true', label: 'action.record_qc.passed' },
      { name: 'passed', value: 'false', label: 'action.record_qc.failed', danger: true },
    ],
    Fields: ({ form }) => (
      <>
        <p class="hint">{t('actionForm.qcHint')}</p>
        <TextArea form={form} name="failedItems" label={t('actionForm.itemsBelowStandardOnePerLine')} rows={3} />
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v) =>
      v.passed === 'false'
        ? { body: compact({ passed: false, failedItems: lines(v, 'failedItems'), notes: text(v, 'notes') }) }
        : { body: compact({ passed: true, notes: text(v, 'notes') }) },
  },
} satisfies StepForms;
