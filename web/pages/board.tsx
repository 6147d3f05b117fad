import type { AppointmentBoard } from '../../api/queries/appointments.js';
import type { CustomerFile } from '../../api/queries/customer-file.js';
import type { CustomerMatch } from '../../api/queries/customer-lookup.js';
import type { VisitList } from '../../api/queries/visit-list.js';
import { FRONT_DESK_ROLES, holdsRole } from '../../domain/roles.js';
import { type Directory, directoryOf, type StaffMember } from '../../domain/staff.js';
import { addDays, longDay, time, toLocalInput, who } from '../format.js';
import { Check, type FailedForm, Field, FormError, FormView, IdempotencyKey, Select, TextArea } from '../forms.js';
import { Badge, Card, Empty, Page, StageBadge } from '../layout.js';
import type { Session } from '../session.js';

const CONFIRMATION: Record<string, [string, string]> = {
  confirmed: ['green', 'Confirmed'],
  call_due: ['amber', 'Call due'],
  not_reached: ['red', 'Not reached'],
  unconfirmed: ['grey', 'Unconfirmed'],
};

export interface BoardPageProps {
  session: Session;
  day: string;
  today: string;
  board: AppointmentBoard;
  walkIns: VisitList['items'];
  failed?: FailedForm;
  flash?: string;
  highlight?: string;
  /** The API takes per-visit timer overrides (development): offer demo timers. */
  demoTimers?: boolean;
  /** The staff directory: the advisors a booking can name, and the names on the board. */
  staff: StaffMember[];
  /** Customers found by the booking form's lookup. */
  lookup?: { q: string; matches: CustomerMatch[] };
  /** "Book next visit" from a file: the customer and the vehicle to fill in. */
  prefill?: { file: CustomerFile; vin?: string };
}

/** Customers on file for the booking: search, then pick one of their vehicles (or none) to fill the form. */
const Lookup = ({ day, lookup }: { day: string; lookup?: BoardPageProps['lookup'] }) => (
  <div class="lookup">
    <form method="get" action="/app/board#book" class="lookup-form">
      <input type="hidden" name="date" value={day} />
      <label for="lookup-q">Customer on file?</label>
      <input id="lookup-q" type="search" name="lookup" value={lookup?.q ?? ''} placeholder="Phone, name, plate or VIN" />
      <button type="submit" class="btn btn-small">
        Find
      </button>
    </form>
    {lookup ? (
      lookup.matches.length === 0 ? (
        <p class="muted small">Nobody on file matches “{lookup.q}”: fill in a new customer below.</p>
      ) : (
        <ul class="lookup-results" data-lookup-results>
          {lookup.matches.map((m) => (
            <li>
              <strong>{m.name}</strong> <span class="muted small">{m.phone}</span>{' '}
              {m.vehicles.map((v) => (
                <a class="btn btn-small" href={`/app/board?date=${day}&customer=${m.id}&vin=${v.vin}#book`}>
                  {v.plate} · {v.model}
                </a>
              ))}{' '}
              <a class="btn btn-small btn-ghost" href={`/app/board?date=${day}&customer=${m.id}#book`}>
                another vehicle
              </a>
            </li>
          ))}
        </ul>
      )
    ) : null}
  </div>
);

const BookingForm = ({
  session,
  failed,
  day,
  demoTimers,
  staff,
  lookup,
  prefill,
}: {
  session: Session;
  failed?: FailedForm;
  day: string;
  demoTimers?: boolean;
  staff: StaffMember[];
  lookup?: BoardPageProps['lookup'];
  prefill?: BoardPageProps['prefill'];
}) => {
  const form = new FormView('book', failed);
  const advisors = staff.filter((m) => m.role === 'advisor' && m.active);
  const advisor = advisors.some((a) => a.id === session.staff.id) ? session.staff.id : '';
  const customer = prefill?.file.customer;
  const car = prefill?.file.vehicles.find((v) => v.vehicle.vin === prefill.vin)?.vehicle;
  const duplicate = form.errorExact('confirmDuplicate');
  const defaultTime = toLocalInput(
    Math.max(Date.parse(`${day}T09:00:00Z`), Math.ceil((Date.now() + 3_600_000) / 1_800_000) * 1_800_000),
    session.tz,
  );
  return (
    <details class="card booking" id="book" open={form.isFailed || !!lookup || !!prefill}>
      <summary class="card-head">
        <h2>Book an appointment or start a walk-in</h2>
      </summary>
      <div class="card-body">
        <Lookup day={day} lookup={lookup} />
      </div>
      <form method="post" action="/app/board/book" class="card-body" novalidate>
        <IdempotencyKey />
        <input type="hidden" name="day" value={day} />
        {customer ? <input type="hidden" name="customer.id" value={customer.id} /> : null}
        {form.isFailed && form.value('customer.id') ? (
          <input type="hidden" name="customer.id" value={form.value('customer.id')} />
        ) : null}
        <FormError form={form} />
        {duplicate ? <Check form={form} name="confirmDuplicate" label="Open anyway: the customer wants a second visit" /> : null}
        <div class="book-grid">
          <fieldset class="group">
            <legend>Customer</legend>
            <Field form={form} name="customer.name" label="Name" required autocomplete="off" value={customer?.name} />
            <div class="row2">
              <Field
                form={form}
                name="customer.phone"
                label="Phone"
                type="tel"
                required
                placeholder="+49 30 1234567"
                value={customer?.phone}
              />
              <Field form={form} name="customer.email" label="E-mail" type="email" value={customer?.email ?? ''} />
            </div>
            <Select
              form={form}
              name="customer.preferredChannel"
              label="Reach by"
              value={customer?.preferredChannel ?? 'sms'}
              options={[
                ['sms', 'SMS'],
                ['phone', 'Phone'],
                ['email', 'E-mail'],
              ]}
            />
          </fieldset>
          <fieldset class="group">
            <legend>Vehicle</legend>
            <div class="row2">
              <Field form={form} name="vehicle.plate" label="Plate" required value={car?.plate} />
              <Field form={form} name="vehicle.model" label="Model" required value={car?.model} />
            </div>
            <Field form={form} name="vehicle.vin" label="VIN" required class="mono" maxlength="17" value={car?.vin} />
            <div class="row2">
              <Field form={form} name="vehicle.year" label="Year" inputmode="numeric" value={car?.year ? String(car.year) : ''} />
              <Field
                form={form}
                name="vehicle.mileage"
                label="Mileage (km)"
                inputmode="numeric"
                hint={car?.mileage ? `${car.mileage} km on file` : undefined}
              />
            </div>
          </fieldset>
          <fieldset class="group">
            <legend>Visit</legend>
            <TextArea form={form} name="requestedServices" label="Requested services, one per line" rows={2} />
            <div class="row2">
              <Field form={form} name="appointmentAt" label="Appointment" type="datetime-local" value={defaultTime} />
              <Select
                form={form}
                name="advisorId"
                label="Advisor"
                value={advisor}
                options={[['', 'Choose the advisor'], ...advisors.map((a): [string, string] => [a.id, a.name])]}
                hint={
                  advisors.length === 0
                    ? 'No advisors in the staff directory yet: the administrator adds them on the Staff screen.'
                    : undefined
                }
              />
            </div>
            {demoTimers ? (
              <Select
                form={form}
                name="timers"
                label="Timers (development)"
                options={[
                  ['', 'Shop defaults (day-before call, 3-day follow-up)'],
                  ['demo', 'Demo: calls due in seconds'],
                ]}
              />
            ) : null}
            <Select
              form={form}
              name="priorityReason"
              label="Priority claim"
              options={[
                ['', 'None'],
                ['recall', 'Recall / campaign'],
                ['rework', 'Comeback (rework)'],
                ['warranty', 'Warranty'],
                ['waiting', 'Customer waits on site'],
              ]}
            />
          </fieldset>
        </div>
        <div class="form-actions">
          <button type="submit" name="kind" value="appointment" class="btn btn-primary">
            Book appointment
          </button>
          <button type="submit" name="kind" value="walk_in" class="btn">
            Start walk-in now
          </button>
        </div>
      </form>
    </details>
  );
};

export function BoardPage(p: BoardPageProps) {
  const { board, session } = p;
  const tz = session.tz;
  const items = board.items;
  const mayBook = holdsRole(session.staff.role, FRONT_DESK_ROLES);
  const count = (f: (i: (typeof items)[number]) => boolean) => items.filter(f).length;
  const directory: Directory = directoryOf(p.staff);
  return (
    <Page title="Appointments" session={session} screen="board" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Appointments</h1>
          <p class="sub">
            {longDay(p.day)} {p.day === p.today ? '· today' : ''}
          </p>
        </div>
        <div class="chips">
          <span class="chip">
            <strong>{items.length}</strong> booked
          </span>
          <span class="chip">
            <strong>{count((i) => i.confirmation.status === 'confirmed')}</strong> confirmed
          </span>
          <span class="chip">
            <strong>{count((i) => i.arrived)}</strong> arrived
          </span>
          <span class="chip chip-warn">
            <strong>{count((i) => i.noShowFlagged)}</strong> no-show
          </span>
          <span class="chip">
            <strong>{p.walkIns.length}</strong> walk-ins
          </span>
        </div>
        <form class="daynav" method="get" action="/app/board">
          <a class="btn btn-ghost btn-small" href={`/app/board?date=${addDays(p.day, -1)}`} aria-label="Previous day">
            ‹
          </a>
          <input type="date" name="date" value={p.day} aria-label="Day" data-autosubmit />
          <a class="btn btn-ghost btn-small" href={`/app/board?date=${addDays(p.day, 1)}`} aria-label="Next day">
            ›
          </a>
          {p.day !== p.today ? (
            <a class="btn btn-ghost btn-small" href="/app/board">
              Today
            </a>
          ) : null}
          <noscript>
            <button type="submit" class="btn btn-small">
              Show
            </button>
          </noscript>
        </form>
      </div>

      {mayBook ? (
        <BookingForm
          session={session}
          failed={p.failed}
          day={p.day}
          demoTimers={p.demoTimers}
          staff={p.staff}
          lookup={p.lookup}
          prefill={p.prefill}
        />
      ) : null}

      <Card title="Bookings">
        {items.length === 0 ? (
          <Empty>No appointments on this day.</Empty>
        ) : (
          <table class="table table-board">
            <thead>
              <tr>
                <th>Time</th>
                <th>Customer</th>
                <th>Plate</th>
                <th>Model</th>
                <th>Advisor</th>
                <th>Services</th>
                <th>Confirmation</th>
                <th>Arrived</th>
                <th>Stage</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const [tone, label] = CONFIRMATION[i.confirmation.status] ?? ['grey', i.confirmation.status];
                return (
                  <tr class={i.visitId === p.highlight ? 'highlight' : ''} data-visit={i.visitId}>
                    <td class="strong time">{i.time}</td>
                    <td>
                      <a href={`/app/visits/${i.visitId}`}>{i.customer.name}</a>
                      <div class="muted small">{i.customer.phone}</div>
                    </td>
                    <td class="plate">
                      <a href={`/app/visits/${i.visitId}`}>{i.vehicle.plate}</a>
                    </td>
                    <td>{i.vehicle.model}</td>
                    <td>{who(directory, i.advisorId)}</td>
                    <td class="small">{i.requestedServices.join(', ') || '—'}</td>
                    <td>
                      <Badge tone={tone}>{label}</Badge>
                      {i.confirmation.calls ? <span class="muted small"> {i.confirmation.calls} call(s)</span> : null}
                    </td>
                    <td>
                      {i.arrived ? (
                        <Badge tone="green">✓ {time(i.arrivedAt, tz)}</Badge>
                      ) : i.noShowFlagged ? (
                        <Badge tone="red">No-show</Badge>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td>
                      <StageBadge stage={i.stage} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Walk-ins">
        {p.walkIns.length === 0 ? (
          <Empty>No walk-ins on this day.</Empty>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>Opened</th>
                <th>Customer</th>
                <th>Plate</th>
                <th>Model</th>
                <th>Advisor</th>
                <th>Stage</th>
              </tr>
            </thead>
            <tbody>
              {p.walkIns.map((v) => (
                <tr class={v.visitId === p.highlight ? 'highlight' : ''}>
                  <td class="strong time">{time(v.createdAt, tz)}</td>
                  <td>
                    <a href={`/app/visits/${v.visitId}`}>{v.customer.name}</a>
                  </td>
                  <td class="plate">
                    <a href={`/app/visits/${v.visitId}`}>{v.vehicle.plate}</a>
                  </td>
                  <td>{v.vehicle.model}</td>
                  <td>{who(directory, v.advisorId)}</td>
                  <td>
                    <StageBadge stage={v.stage} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </Page>
  );
}
