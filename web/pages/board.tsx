import type { AppointmentBoard } from '../../api/queries/appointments.js';
import type { VisitList } from '../../api/queries/visit-list.js';
import { addDays, longDay, time, toLocalInput } from '../format.js';
import { type FailedForm, Field, FormError, FormView, IdempotencyKey, Select, TextArea } from '../forms.js';
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
}

const BookingForm = ({
  session,
  failed,
  day,
  demoTimers,
}: {
  session: Session;
  failed?: FailedForm;
  day: string;
  demoTimers?: boolean;
}) => {
  const form = new FormView('book', failed);
  const advisor = session.staff.role === 'advisor' ? session.staff.id : '';
  const defaultTime = toLocalInput(
    Math.max(Date.parse(`${day}T09:00:00Z`), Math.ceil((Date.now() + 3_600_000) / 1_800_000) * 1_800_000),
    session.tz,
  );
  return (
    <details class="card booking" id="book" open={form.isFailed}>
      <summary class="card-head">
        <h2>Book an appointment or start a walk-in</h2>
      </summary>
      <form method="post" action="/app/board/book" class="card-body" novalidate>
        <IdempotencyKey />
        <input type="hidden" name="day" value={day} />
        <FormError form={form} />
        <div class="book-grid">
          <fieldset class="group">
            <legend>Customer</legend>
            <Field form={form} name="customer.name" label="Name" required autocomplete="off" />
            <div class="row2">
              <Field form={form} name="customer.phone" label="Phone" type="tel" required placeholder="+49 30 1234567" />
              <Field form={form} name="customer.email" label="E-mail" type="email" />
            </div>
            <Select
              form={form}
              name="customer.preferredChannel"
              label="Reach by"
              value="sms"
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
              <Field form={form} name="vehicle.plate" label="Plate" required />
              <Field form={form} name="vehicle.model" label="Model" required />
            </div>
            <Field form={form} name="vehicle.vin" label="VIN" required class="mono" maxlength="17" />
            <div class="row2">
              <Field form={form} name="vehicle.year" label="Year" inputmode="numeric" />
              <Field form={form} name="vehicle.mileage" label="Mileage (km)" inputmode="numeric" />
            </div>
          </fieldset>
          <fieldset class="group">
            <legend>Visit</legend>
            <TextArea form={form} name="requestedServices" label="Requested services, one per line" rows={2} />
            <div class="row2">
              <Field form={form} name="appointmentAt" label="Appointment" type="datetime-local" value={defaultTime} />
              <Field form={form} name="advisorId" label="Advisor" value={advisor} required />
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
  const mayBook = ['advisor', 'manager', 'admin'].includes(session.staff.role);
  const count = (f: (i: (typeof items)[number]) => boolean) => items.filter(f).length;
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

      {mayBook ? <BookingForm session={session} failed={p.failed} day={p.day} demoTimers={p.demoTimers} /> : null}

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
                    <td>{i.advisorId}</td>
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
                  <td>{v.advisorId}</td>
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
