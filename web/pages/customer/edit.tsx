// Editing the file: the customer's and a vehicle's forms, and their fields read back into the API's body.
import type { CustomerFile } from '../../../api/queries/customer-file.js';
import { LANGUAGES } from '../../../domain/language.js';
import { Check, Field, Select, TextArea } from '../../fields.js';
import { type FailedForm, FormError, type FormValues, FormView, num, text } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { channels } from './values.js';

/** The edit form's fields as the API's PATCH body: an emptied optional field is cleared (null). */
export const customerChangeOf = (v: FormValues) => ({
  name: text(v, 'name') ?? '',
  phone: text(v, 'phone') ?? '',
  email: text(v, 'email') ?? null,
  address: text(v, 'address') ?? null,
  birthday: text(v, 'birthday') ?? null,
  household: text(v, 'household') ?? null,
  preferredChannel: v.preferredChannel || undefined,
  language: v.language || null,
  optedOut: v.optedOut === 'true',
});

export const vehicleChangeOf = (v: FormValues) => ({
  plate: text(v, 'plate') ?? '',
  model: text(v, 'model') ?? '',
  year: num(v, 'year') ?? null,
  engineNo: text(v, 'engineNo') ?? null,
  keyCode: text(v, 'keyCode') ?? null,
  colour: text(v, 'colour') ?? null,
  transmission: text(v, 'transmission') ?? null,
  options: text(v, 'options') ?? null,
  purchaseDate: text(v, 'purchaseDate') ?? null,
  salesperson: text(v, 'salesperson') ?? null,
  warrantyMonths: num(v, 'warrantyMonths') ?? null,
  mileage: num(v, 'mileage') ?? null,
});

/** The customer's own fields, to correct or complete. */
export const CustomerEdit = ({ customer: c, failed }: { customer: CustomerFile['customer']; failed?: FailedForm }) => {
  const edit = new FormView('customer-edit', failed);
  return (
    <details class="edit-file" open={edit.isFailed}>
      <summary class="btn btn-small">{t('customerPage.editCustomer')}</summary>
      <FormError form={edit} />
      <form method="post" action={`/app/customers/${c.id}`} novalidate data-edit-customer>
        <Field form={edit} name="name" label={t('customerPage.name')} value={c.name} required />
        <div class="row2">
          <Field form={edit} name="phone" label={t('customerPage.phone')} type="tel" value={c.phone} required />
          <Field form={edit} name="email" label={t('customerPage.email')} type="email" value={c.email ?? ''} />
        </div>
        <TextArea form={edit} name="address" label={t('customerPage.address')} value={c.address ?? ''} />
        <div class="row2">
          <Field form={edit} name="birthday" label={t('customerPage.birthday')} type="date" value={c.birthday ?? ''} />
          <Select
            form={edit}
            name="preferredChannel"
            label={t('customerPage.reachBy')}
            value={c.preferredChannel}
            options={channels()}
          />
        </div>
        <Select
          form={edit}
          name="language"
          label={t('language.choose')}
          value={c.language ?? ''}
          hint={t('customerPage.languageHint')}
          options={[['', t('language.notChosen')], ...LANGUAGES.map((l): [string, string] => [l, t(`language.name.${l}`)])]}
        />
        <TextArea form={edit} name="household" label={t('customerPage.household')} value={c.household ?? ''} />
        <Check form={edit} name="optedOut" label={t('customerPage.optedOut')} checked={c.optedOut} />
        <button type="submit" class="btn btn-primary btn-small">
          {t('customerPage.saveCustomer')}
        </button>
      </form>
    </details>
  );
};

export const VehicleEdit = ({
  file,
  vehicle: car,
  failed,
}: {
  file: CustomerFile;
  vehicle: CustomerFile['vehicles'][number]['vehicle'];
  failed?: FailedForm;
}) => {
  const form = new FormView(`vehicle-${car.vin}`, failed);
  const opt = (n: number | null) => (n == null ? '' : String(n));
  return (
    <div class="file-actions">
      <a
        class="btn btn-small btn-primary"
        href={`/app/board?customer=${file.customer.id}&vin=${car.vin}#book`}
        data-book-next={car.vin}
      >
        {t('customerPage.bookNext')}
      </a>
      <details class="edit-file" open={form.isFailed}>
        <summary class="btn btn-small">{t('customerPage.editVehicle')}</summary>
        <FormError form={form} />
        <form
          method="post"
          action={`/app/customers/${file.customer.id}/vehicles/${car.vin}`}
          novalidate
          data-edit-vehicle={car.vin}
        >
          <div class="row2">
            <Field form={form} name="plate" label={t('customerPage.plate')} value={car.plate} required />
            <Field form={form} name="model" label={t('customerPage.model')} value={car.model} required />
          </div>
          <div class="row2">
            <Field form={form} name="year" label={t('customerPage.year')} inputmode="numeric" value={opt(car.year)} />
            <Field form={form} name="mileage" label={t('customerPage.mileageKm')} inputmode="numeric" value={opt(car.mileage)} />
          </div>
          <div class="row2">
            <Field form={form} name="engineNo" label={t('customerPage.engineNo')} value={car.engineNo ?? ''} />
            <Field form={form} name="keyCode" label={t('customerPage.keyCode')} value={car.keyCode ?? ''} />
          </div>
          <div class="row2">
            <Field form={form} name="colour" label={t('customerPage.colour')} value={car.colour ?? ''} />
            <Field form={form} name="transmission" label={t('customerPage.transmission')} value={car.transmission ?? ''} />
          </div>
          <TextArea form={form} name="options" label={t('customerPage.options')} value={car.options ?? ''} />
          <div class="row2">
            <Field
              form={form}
              name="purchaseDate"
              label={t('customerPage.purchaseDate')}
              type="date"
              value={car.purchaseDate ?? ''}
            />
            <Field form={form} name="salesperson" label={t('customerPage.salesperson')} value={car.salesperson ?? ''} />
          </div>
          <Field
            form={form}
            name="warrantyMonths"
            label={t('customerPage.warrantyMonths')}
            type="number"
            value={car.warrantyMonths === null ? '' : String(car.warrantyMonths)}
          />
          <button type="submit" class="btn btn-primary btn-small">
            {t('customerPage.saveVehicle')}
          </button>
        </form>
      </details>
    </div>
  );
};
