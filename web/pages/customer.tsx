import type { CustomerFile } from '../../api/queries/customer-file.js';
import type { FileChange } from '../../api/queries/customer-lookup.js';
import type { CustomerField, VehicleField } from '../../domain/customer-file.js';
import { LANGUAGES } from '../../domain/language.js';
import { FRONT_DESK_ROLES, holdsRole } from '../../domain/roles.js';
import type { Directory } from '../../domain/staff.js';
import { date, dateTime, km, languageName, money, who } from '../format.js';
import { Check, type FailedForm, Field, FormError, type FormValues, FormView, num, Select, TextArea, text } from '../forms.js';
import { type Key, t } from '../i18n/index.js';
import { Badge, Card, Empty, Facts, Page, StageBadge } from '../layout.js';
import type { Session } from '../session.js';

// Built per render: the labels are in the page's language.
const channels = (): [string, string][] => [
  ['sms', t('customerPage.sms')],
  ['phone', t('customerPage.phone')],
  ['email', t('customerPage.email')],
];
const channelLabel = (channel: string) => Object.fromEntries(channels())[channel] ?? channel;

/** The words for every field of the files, keyed by the change schemas' fields so none is forgotten. */
const FIELD_LABEL: Record<CustomerField | VehicleField | 'customerId', Key> = {
  name: 'customerPage.name',
  phone: 'customerPage.phone',
  email: 'customerPage.email',
  address: 'customerPage.address',
  birthday: 'customerPage.birthday',
  household: 'customerPage.household',
  preferredChannel: 'customerPage.reachBy',
  language: 'customerPage.language',
  optedOut: 'customerPage.optedOut',
  plate: 'customerPage.plate',
  model: 'customerPage.model',
  year: 'customerPage.year',
  engineNo: 'customerPage.engineNo',
  keyCode: 'customerPage.keyCode',
  colour: 'customerPage.colour',
  transmission: 'customerPage.transmission',
  options: 'customerPage.options',
  purchaseDate: 'customerPage.purchaseDate',
  salesperson: 'customerPage.salesperson',
  mileage: 'customerPage.mileage',
  customerId: 'customerPage.owner',
};

/** A recorded value as people read it. */
function shown(field: string, value: string | null): string {
  if (value === null) return '—';
  if (field === 'birthday' || field === 'purchaseDate') return date(`${value}T12:00:00Z`, 'UTC');
  if (field === 'optedOut') return t(value === 'true' ? 'customerPage.yes' : 'customerPage.no');
  if (field === 'preferredChannel') return channelLabel(value);
  if (field === 'language') return languageName(value);
  if (field === 'mileage') return km(Number(value));
  if (field === 'customerId') return t('customerPage.anotherCustomer');
  return value;
}

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
  mileage: num(v, 'mileage') ?? null,
});

const ChangeHistory = ({ file, directory, tz }: { file: CustomerFile; directory: Directory; tz: string }) => {
  const plateOf = (vin: string) => file.vehicles.find((v) => v.vehicle.vin === vin)?.vehicle.plate ?? vin;
  const what = (c: FileChange) => (c.subject === 'customer' ? t('customerPage.customer') : plateOf(c.subjectId));
  return (
    <Card title={t('customerPage.changes')} id="changes">
      {file.changes.length === 0 ? (
        <Empty>{t('customerPage.noChanges')}</Empty>
      ) : (
        <table class="table" data-changes>
          <thead>
            <tr>
              <th>{t('customerPage.when')}</th>
              <th>{t('customerPage.who')}</th>
              <th>{t('customerPage.file')}</th>
              <th>{t('customerPage.field')}</th>
              <th>{t('customerPage.was')}</th>
              <th>{t('customerPage.now')}</th>
            </tr>
          </thead>
          <tbody>
            {file.changes.map((c) => (
              <tr>
                <td>{dateTime(c.at, tz)}</td>
                <td>{who(directory, c.changedBy)}</td>
                <td>{what(c)}</td>
                <td>{c.field in FIELD_LABEL ? t(FIELD_LABEL[c.field as CustomerField]) : c.field}</td>
                <td class="muted">{shown(c.field, c.oldValue)}</td>
                <td>{shown(c.field, c.newValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
};

export interface CustomerPageProps {
  session: Session;
  file: CustomerFile;
  directory: Directory;
  failed?: FailedForm;
  flash?: string;
}

const JOB_TYPE: Record<string, Key> = {
  customer_pay: 'customerPage.customerPay',
  warranty: 'customerPage.warranty',
  campaign: 'customerPage.campaign',
};

/** Who may edit the files; the API enforces the same. */
const mayEdit = (session: Session) => holdsRole(session.staff.role, FRONT_DESK_ROLES);

export function CustomerPage({ session, file, directory, failed, flash }: CustomerPageProps) {
  const c = file.customer;
  const tz = session.tz;
  const edit = new FormView('customer-edit', failed);
  return (
    <Page title={c.name} session={session} screen="customer" flash={flash}>
      <div class="page-head">
        <div>
          <h1>{c.name}</h1>
          <p class="sub">{t('customerPage.sub', { since: date(c.createdAt, tz), n: file.vehicles.length })}</p>
        </div>
        {c.optedOut ? <Badge tone="red">{t('customerPage.optedOut')}</Badge> : null}
      </div>
      <div class="customer-grid">
        <Card title={t('customerPage.customer')}>
          <Facts
            rows={[
              [t('customerPage.phone'), <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>],
              [t('customerPage.email'), c.email ?? '—'],
              [t('customerPage.address'), c.address ?? '—'],
              [t('customerPage.birthday'), c.birthday ? shown('birthday', c.birthday) : '—'],
              [t('customerPage.household'), c.household ?? '—'],
              [t('customerPage.reachBy'), channelLabel(c.preferredChannel)],
              [t('language.choose'), languageName(c.language)],
              [t('customerPage.updated'), dateTime(c.updatedAt, tz)],
            ]}
          />
          {mayEdit(session) ? (
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
                  options={[
                    ['', t('language.notChosen')],
                    ...LANGUAGES.map((l): [string, string] => [l, t(`language.name.${l}`)]),
                  ]}
                />
                <TextArea form={edit} name="household" label={t('customerPage.household')} value={c.household ?? ''} />
                <Check form={edit} name="optedOut" label={t('customerPage.optedOut')} checked={c.optedOut} />
                <button type="submit" class="btn btn-primary btn-small">
                  {t('customerPage.saveCustomer')}
                </button>
              </form>
            </details>
          ) : null}
        </Card>
        <div class="customer-vehicles">
          {file.vehicles.length === 0 ? <Empty>{t('customerPage.noVehicles')}</Empty> : null}
          {file.vehicles.map((v) => (
            <Card
              title={
                <>
                  {v.vehicle.plate} <span class="muted">· {v.vehicle.model}</span>
                </>
              }
              class="vehicle"
            >
              <div class="cards-2 tight">
                <Facts
                  rows={[
                    [t('customerPage.vin'), <span class="mono">{v.vehicle.vin}</span>],
                    [t('customerPage.year'), v.vehicle.year ? String(v.vehicle.year) : '—'],
                    [t('customerPage.mileage'), km(v.vehicle.mileage)],
                    [t('customerPage.engineNo'), v.vehicle.engineNo ?? '—'],
                    [t('customerPage.keyCode'), v.vehicle.keyCode ?? '—'],
                    [t('customerPage.colourGearbox'), `${v.vehicle.colour ?? '—'} · ${v.vehicle.transmission ?? '—'}`],
                    [t('customerPage.options'), v.vehicle.options ?? '—'],
                    [
                      t('customerPage.purchased'),
                      v.vehicle.purchaseDate
                        ? `${shown('purchaseDate', v.vehicle.purchaseDate)}${v.vehicle.salesperson ? ` ${t('customerPage.from', { name: v.vehicle.salesperson })}` : ''}`
                        : (v.vehicle.salesperson ?? '—'),
                    ],
                  ]}
                />
                <Facts
                  rows={[
                    [
                      t('customerPage.nextService'),
                      v.nextMaintenance ? (
                        <span>
                          <strong>{date(v.nextMaintenance.dueAt, tz)}</strong> {t('customerPage.or')}{' '}
                          {km(v.nextMaintenance.dueMileage)}
                          <span class="muted small">
                            {' '}
                            ({t(v.nextMaintenance.basis === 'time' ? 'customerPage.timeFirst' : 'customerPage.distanceFirst')}
                            {v.nextMaintenance.source === 'workflow' ? t('customerPage.toldAtDelivery') : ''})
                          </span>
                        </span>
                      ) : (
                        '—'
                      ),
                    ],
                    [
                      t('customerPage.openVisits'),
                      v.openVisits.length ? (
                        <span>
                          {v.openVisits.map((o) => (
                            <a href={`/app/visits/${o.visitId}`} class="openvisit">
                              {t('visit.ro', { n: o.roNumber })} <StageBadge stage={o.stage} />
                            </a>
                          ))}
                        </span>
                      ) : (
                        'none'
                      ),
                    ],
                    [
                      t('customerPage.declined'),
                      v.declinedRecommendations.length
                        ? v.declinedRecommendations.map((d) => `${d.description} (${money(d.totalCents)})`).join('; ')
                        : 'none',
                    ],
                  ]}
                />
              </div>
              <h3>{t('customerPage.history')}</h3>
              {v.serviceHistory.length ? (
                <table class="table">
                  <thead>
                    <tr>
                      <th>{t('customerPage.date')}</th>
                      <th>{t('customerPage.ro')}</th>
                      <th class="num">{t('customerPage.mileage')}</th>
                      <th>{t('customerPage.advisor')}</th>
                      <th>{t('customerPage.jobType')}</th>
                      <th>{t('customerPage.work')}</th>
                      <th class="num">{t('customerPage.invoice')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.serviceHistory.map((h) => (
                      <tr>
                        <td>{date(h.at, tz)}</td>
                        <td>
                          <a href={`/app/visits/${h.visitId}`}>{h.roNumber}</a>
                        </td>
                        <td class="num">{km(h.mileage)}</td>
                        <td>{who(directory, h.advisorId)}</td>
                        <td>{h.jobType in JOB_TYPE ? t(JOB_TYPE[h.jobType] as Key) : h.jobType}</td>
                        <td>{h.description}</td>
                        <td class="num">{money(h.totalCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <Empty>{t('customerPage.noService')}</Empty>
              )}
              {mayEdit(session) ? <VehicleEdit file={file} vehicle={v.vehicle} failed={failed} /> : null}
            </Card>
          ))}
        </div>
      </div>
      <ChangeHistory file={file} directory={directory} tz={tz} />
    </Page>
  );
}

const VehicleEdit = ({
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
          <button type="submit" class="btn btn-primary btn-small">
            {t('customerPage.saveVehicle')}
          </button>
        </form>
      </details>
    </div>
  );
};
