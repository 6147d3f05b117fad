import { Radios } from '../fields.js';
import type { FormView } from '../forms.js';
import { t } from '../i18n/index.js';

/** Whether a call reached the customer, as the confirmation call and the follow-up call record it. */
export const ReachedField = ({ form }: { form: FormView }) => (
  <Radios
    form={form}
    name="reached"
    label={t('actionForm.reachedTheCustomer')}
    options={[
      ['true', t('actionForm.reached')],
      ['false', t('actionForm.noAnswer')],
    ]}
  />
);
