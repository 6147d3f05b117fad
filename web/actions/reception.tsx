import { Check, Field, Radios, Select, SignaturePad, TextArea } from '../fields.js';
import { FUEL_LEVELS, fuelLabel } from '../format.js';
import { bool, compact, type FormView, lines, num, text, yesNo } from '../forms.js';
import { t } from '../i18n/index.js';
import { filled, rows, SIGNED_BY, type StepForms } from './form-kit.js';

// Step 2 of the loop, reception: the vehicle received with the three covers fitted, the walk-around inspection, the requests and the warranty check.

/** The odometer reading in km, as the arrival and the walk-around record it. */
const MileageField = ({ form, value }: { form: FormView; value: string }) => (
  <Field form={form} name="mileage" label={t('actionForm.mileageKm')} type="number" min="0" value={value} required />
);

export const RECEPTION_FORMS = {
  arrive: {
    primary: (s) => s.stage === 'booked' || !s.arrival,
    Fields: ({ form, ctx }) => (
      <>
        <Check form={form} name="coversFitted" label={t('actionForm.seatCoverSteeringWheelCoverAnd')} />
        <div class="row2">
          <MileageField form={form} value={ctx.state.vehicle.mileage == null ? '' : String(ctx.state.vehicle.mileage)} />
          <div class="field">
            <span class="label">&nbsp;</span>
            <Check form={form} name="customerWaiting" label={t('actionForm.customerWaitsOnSite')} />
          </div>
        </div>
      </>
    ),
    encode: (v) => ({
      body: compact({
        coversFitted: bool(v, 'coversFitted'),
        mileage: num(v, 'mileage'),
        customerWaiting: bool(v, 'customerWaiting'),
      }),
    }),
  },
  record_inspection: {
    primary: (s) => s.stage === 'reception' && !!s.arrival,
    Fields: ({ form, ctx }) => (
      <>
        <fieldset class="group">
          <legend>{t('actionForm.damage')}</legend>
          {[0, 1, 2].map((i) => (
            <div class="row2">
              <Field
                form={form}
                name={`damages.${i}.area`}
                label={t('actionForm.area')}
                placeholder={i === 0 ? 'rear bumper' : ''}
              />
              <Field
                form={form}
                name={`damages.${i}.description`}
                label={t('actionForm.description')}
                placeholder={i === 0 ? 'scratch 5 cm' : ''}
              />
            </div>
          ))}
        </fieldset>
        <TextArea form={form} name="valuables" label={t('actionForm.valuablesLeftInTheCar')} hint={t('actionForm.onePerLine')} />
        <div class="row2">
          <Select
            form={form}
            name="fuelLevel"
            label={t('actionForm.fuelLevel')}
            value="half"
            options={FUEL_LEVELS.map((f): [string, string] => [f, fuelLabel(f)])}
          />
          <MileageField form={form} value={String(ctx.state.arrival?.mileage ?? ctx.state.vehicle.mileage ?? '')} />
        </div>
        <SignaturePad
          form={form}
          prefix="customerSignature"
          label={t('actionForm.customerConfirmsTheInspection')}
          signer={SIGNED_BY(ctx.state)}
        />
      </>
    ),
    encode: (v) => {
      const damages = rows(v, 'damages', (i) => filled(v, [`damages.${i}.area`, `damages.${i}.description`]));
      return {
        body: {
          damages: damages.kept.map((i) => ({
            area: text(v, `damages.${i}.area`) ?? '',
            description: text(v, `damages.${i}.description`) ?? '',
          })),
          valuables: lines(v, 'valuables'),
          fuelLevel: v.fuelLevel,
          mileage: num(v, 'mileage'),
          customerSignature: { signedBy: text(v, 'customerSignature.signedBy') ?? '', image: v['customerSignature.image'] ?? '' },
        },
        rename: damages.rename,
      };
    },
  },
  record_requests: {
    Fields: ({ form, ctx }) => (
      <TextArea
        form={form}
        name="requests"
        label={t('actionForm.requestsOnePerLine')}
        value={ctx.state.requestedServices.join('\n')}
        rows={3}
      />
    ),
    encode: (v) => ({ body: { requests: lines(v, 'requests') } }),
  },
  check_warranty: {
    Fields: ({ form }) => (
      <>
        <Radios
          form={form}
          name="covered"
          label={t('actionForm.coveredByWarranty')}
          options={[
            ['true', t('actionForm.covered')],
            ['false', t('actionForm.notCovered')],
          ]}
        />
        <Field form={form} name="reference" label={t('actionForm.warrantyReference')} />
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v) => ({
      body: compact({ covered: yesNo(v, 'covered'), reference: text(v, 'reference'), notes: text(v, 'notes') }),
    }),
  },
} satisfies StepForms;
