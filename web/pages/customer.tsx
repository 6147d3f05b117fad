import type { CustomerFile } from '../../api/queries/customer-file.js';
import type { FileChange } from '../../api/queries/customer-lookup.js';
import type { CustomerField, VehicleField } from '../../domain/customer-file.js';
import { LANGUAGES } from '../../domain/language.js';
import { FRONT_DESK_ROLES, holdsRole } from '../../domain/roles.js';
import type { Directory } from '../../domain/staff.js';
import { date, dateTime, km, languageName, money, who } from '../format.js';
import { Check, type FailedForm, Field, FormError, type FormValues, FormView, num, Select, TextArea, text } from '../forms.js';
import { t } from '../i18n/index.js';
import { Badge, Card, Empty, Facts, Page, StageBadge } from '../layout.js';
import type { Session } from '../session.js';

const CHANNELS: [string, string][] = [
  ['sms', 'SMS'],
  ['phone', 'Phone'],
  ['email', 'E-mail'],
];
const CHANNEL_LABEL: Record<string, string> = Object.fromEntries(CHANNELS);

/** The words for every field of the files, keyed by the change schemas' fields so none is forgotten. */
const FIELD_LABEL: Record<CustomerField | VehicleField | 'customerId', string> = {
  name: 'Name',
  phone: 'Phone',
  email: 'E-mail',
  address: 'Address',
  birthday: 'Birthday',
  household: 'Household',
  preferredChannel: 'Reach by',
  language: 'Language',
  optedOut: 'Opted out of messages',
  plate: 'Plate',
  model: 'Model',
  year: 'Year',
  engineNo: 'Engine no.',
  keyCode: 'Key code',
  colour: 'Colour',
  transmission: 'Transmission',
  options: 'Main options',
  purchaseDate: 'Purchase date',
  salesperson: 'Salesperson',
  mileage: 'Mileage',
  customerId: 'Owner',
};

/** A recorded value as people read it. */
function shown(field: string, value: string | null): string {
  if (value === null) return '—';
  if (field === 'birthday' || field === 'purchaseDate') return date(`${value}T12:00:00Z`, 'UTC');
  if (field === 'optedOut') return value === 'true' ? 'yes' : 'no';
  if (field === 'preferredChannel') return CHANNEL_LABEL[value] ?? value;
  if (field === 'language') return languageName(value);
  if (field === 'mileage') return km(Number(value));
  if (field === 'customerId') return 'another customer';
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
  const what = (c: FileChange) => (c.subject === 'customer' ? 'Customer' : plateOf(c.subjectId));
  return (
    <Card title="Changes to this file" id="changes">
      {file.changes.length === 0 ? (
        <Empty>No changes since the file was opened.</Empty>
      ) : (
        <table class="table" data-changes>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>File</th>
              <th>Field</th>
              <th>Was</th>
              <th>Now</th>
            </tr>
          </thead>
          <tbody>
            {file.changes.map((c) => (
              <tr>
                <td>{dateTime(c.at, tz)}</td>
                <td>{who(directory, c.changedBy)}</td>
                <td>{what(c)}</td>
                <td>{FIELD_LABEL[c.field as CustomerField] ?? c.field}</td>
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

const JOB_TYPE: Record<string, string> = { customer_pay: 'Customer pay', warranty: 'Warranty', campaign: 'Campaign' };

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
          <p class="sub">
            Customer file · since {date(c.createdAt, tz)} · {file.vehicles.length} vehicle(s)
          </p>
        </div>
        {c.optedOut ? <Badge tone="red">Opted out of messages</Badge> : null}
      </div>
      <div class="customer-grid">
        <Card title="Customer">
          <Facts
            rows={[
              ['Phone', <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>],
              ['E-mail', c.email ?? '—'],
              ['Address', c.address ?? '—'],
              ['Birthday', c.birthday ? shown('birthday', c.birthday) : '—'],
              ['Household', c.household ?? '—'],
              ['Reach by', CHANNEL_LABEL[c.preferredChannel] ?? c.preferredChannel],
              [t('language.choose'), languageName(c.language)],
              ['Updated', dateTime(c.updatedAt, tz)],
            ]}
          />
          {mayEdit(session) ? (
            <details class="edit-file" open={edit.isFailed}>
              <summary class="btn btn-small">Edit customer</summary>
              <FormError form={edit} />
              <form method="post" action={`/app/customers/${c.id}`} novalidate data-edit-customer>
                <Field form={edit} name="name" label="Name" value={c.name} required />
                <div class="row2">
                  <Field form={edit} name="phone" label="Phone" type="tel" value={c.phone} required />
                  <Field form={edit} name="email" label="E-mail" type="email" value={c.email ?? ''} />
                </div>
                <TextArea form={edit} name="address" label="Address" value={c.address ?? ''} />
                <div class="row2">
                  <Field form={edit} name="birthday" label="Birthday" type="date" value={c.birthday ?? ''} />
                  <Select form={edit} name="preferredChannel" label="Reach by" value={c.preferredChannel} options={CHANNELS} />
                </div>
                <Select
                  form={edit}
                  name="language"
                  label={t('language.choose')}
                  value={c.language ?? ''}
                  hint="The customer's messages and approval page are in this language."
                  options={[
                    ['', t('language.notChosen')],
                    ...LANGUAGES.map((l): [string, string] => [l, t(`language.name.${l}`)]),
                  ]}
                />
                <TextArea form={edit} name="household" label="Household" value={c.household ?? ''} />
                <Check form={edit} name="optedOut" label="Opted out of messages" checked={c.optedOut} />
                <button type="submit" class="btn btn-primary btn-small">
                  Save customer
                </button>
              </form>
            </details>
          ) : null}
        </Card>
        <div class="customer-vehicles">
          {file.vehicles.length === 0 ? <Empty>No vehicles on file.</Empty> : null}
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
                    ['VIN', <span class="mono">{v.vehicle.vin}</span>],
                    ['Year', v.vehicle.year ? String(v.vehicle.year) : '—'],
                    ['Mileage', km(v.vehicle.mileage)],
                    ['Engine no.', v.vehicle.engineNo ?? '—'],
                    ['Key code', v.vehicle.keyCode ?? '—'],
                    ['Colour · gearbox', `${v.vehicle.colour ?? '—'} · ${v.vehicle.transmission ?? '—'}`],
                    ['Main options', v.vehicle.options ?? '—'],
                    [
                      'Purchased',
                      v.vehicle.purchaseDate
                        ? `${shown('purchaseDate', v.vehicle.purchaseDate)}${v.vehicle.salesperson ? ` from ${v.vehicle.salesperson}` : ''}`
                        : (v.vehicle.salesperson ?? '—'),
                    ],
                  ]}
                />
                <Facts
                  rows={[
                    [
                      'Next service',
                      v.nextMaintenance ? (
                        <span>
                          <strong>{date(v.nextMaintenance.dueAt, tz)}</strong> or {km(v.nextMaintenance.dueMileage)}
                          <span class="muted small">
                            {' '}
                            ({v.nextMaintenance.basis === 'time' ? 'time' : 'distance'} first
                            {v.nextMaintenance.source === 'workflow' ? ', told at delivery' : ''})
                          </span>
                        </span>
                      ) : (
                        '—'
                      ),
                    ],
                    [
                      'Open visits',
                      v.openVisits.length ? (
                        <span>
                          {v.openVisits.map((o) => (
                            <a href={`/app/visits/${o.visitId}`} class="openvisit">
                              RO {o.roNumber} <StageBadge stage={o.stage} />
                            </a>
                          ))}
                        </span>
                      ) : (
                        'none'
                      ),
                    ],
                    [
                      'Declined work',
                      v.declinedRecommendations.length
                        ? v.declinedRecommendations.map((d) => `${d.description} (${money(d.totalCents)})`).join('; ')
                        : 'none',
                    ],
                  ]}
                />
              </div>
              <h3>Service history</h3>
              {v.serviceHistory.length ? (
                <table class="table">
                  <thead>
                    <tr>
                      <th>Date</th>
                      <th>RO</th>
                      <th class="num">Mileage</th>
                      <th>Advisor</th>
                      <th>Job type</th>
                      <th>Work</th>
                      <th class="num">Invoice</th>
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
                        <td>{JOB_TYPE[h.jobType] ?? h.jobType}</td>
                        <td>{h.description}</td>
                        <td class="num">{money(h.totalCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <Empty>No service on file yet.</Empty>
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
        Book next visit
      </a>
      <details class="edit-file" open={form.isFailed}>
        <summary class="btn btn-small">Edit vehicle</summary>
        <FormError form={form} />
        <form
          method="post"
          action={`/app/customers/${file.customer.id}/vehicles/${car.vin}`}
          novalidate
          data-edit-vehicle={car.vin}
        >
          <div class="row2">
            <Field form={form} name="plate" label="Plate" value={car.plate} required />
            <Field form={form} name="model" label="Model" value={car.model} required />
          </div>
          <div class="row2">
            <Field form={form} name="year" label="Year" inputmode="numeric" value={opt(car.year)} />
            <Field form={form} name="mileage" label="Mileage (km)" inputmode="numeric" value={opt(car.mileage)} />
          </div>
          <div class="row2">
            <Field form={form} name="engineNo" label="Engine no." value={car.engineNo ?? ''} />
            <Field form={form} name="keyCode" label="Key code" value={car.keyCode ?? ''} />
          </div>
          <div class="row2">
            <Field form={form} name="colour" label="Colour" value={car.colour ?? ''} />
            <Field form={form} name="transmission" label="Transmission" value={car.transmission ?? ''} />
          </div>
          <TextArea form={form} name="options" label="Main options" value={car.options ?? ''} />
          <div class="row2">
            <Field form={form} name="purchaseDate" label="Purchase date" type="date" value={car.purchaseDate ?? ''} />
            <Field form={form} name="salesperson" label="Salesperson" value={car.salesperson ?? ''} />
          </div>
          <button type="submit" class="btn btn-primary btn-small">
            Save vehicle
          </button>
        </form>
      </details>
    </div>
  );
};
