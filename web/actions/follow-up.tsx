import { Check, Radios, TextArea } from '../fields.js';
import { bool, compact, num, text, yesNo } from '../forms.js';
import { t } from '../i18n/index.js';
import type { StepForms } from './form-kit.js';
import { ReachedField } from './reached.js';

// Step 9 of the loop, follow-up: the call within three days of delivery.

export const FOLLOW_UP_FORMS = {
  record_follow_up: {
    primary: () => true,
    Fields: ({ form }) => (
      <>
        <ReachedField form={form} />
        <Radios
          form={form}
          name="satisfaction"
          label={t('actionForm.satisfaction')}
          // A call nobody answered has no score: this choice clears one picked by mistake.
          options={[
            ['', t('actionForm.noScore')],
            ['1', '1'],
            ['2', '2'],
            ['3', '3'],
            ['4', '4'],
            ['5', '5'],
          ]}
        />
        <Check form={form} name="complaint" label={t('actionForm.theCustomerHasAComplaint')} />
        <TextArea form={form} name="comments" label={t('actionForm.comments')} />
      </>
    ),
    encode: (v) => ({
      body: compact({
        reached: yesNo(v, 'reached'),
        satisfaction: num(v, 'satisfaction'),
        complaint: bool(v, 'complaint'),
        comments: text(v, 'comments'),
      }),
    }),
  },
} satisfies StepForms;
