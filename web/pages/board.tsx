import type { AppointmentBoard } from '../../api/queries/appointments.js';
import type { CustomerFile } from '../../api/queries/customer-file.js';
import type { CustomerMatch } from '../../api/queries/customer-lookup.js';
import type { VisitList } from '../../api/queries/visit-list.js';
import { FRONT_DESK_ROLES, holdsRole, type StaffRole } from '../../domain/roles.js';
import { type Directory, directoryOf, type StaffMember } from '../../domain/staff.js';
import { addDays, km, longDay, time, toLocalInput, who } from '../format.js';
import { Check, type FailedForm, Field, FormError, FormView, IdempotencyKey, Select, TextArea } from '../forms.js';
import { type Key, t } from '../i18n/index.js';
import { Badge, Card, Empty, Page, StageBadge } from '../layout.js';
import type { LiveMark } from '../live/topics.js';
import type { Session } from '../session.js';

const CONFIRMATION: Record<string, [string, Key]> = {
  confirmed: ['green', 'board.status.confirmed'],
  call_due: ['amber', 'board.status.call_due'],
  not_reached: ['red', 'board.status.not_reached'],
  unconfirmed: ['grey', 'board.status.unconfirmed'],
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
  live?: LiveMark;
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
      <label for="lookup-q">{t('board.lookup.label')}</label>
      <input id="lookup-q" type="search" name="lookup" value={lookup?.q ?? ''} placeholder={t('board.lookup.placeholder')} />
      <button type="submit" class="btn btn-small">
        {t('board.lookup.find')}
      </button>
    </form>
    {lookup ? (
      lookup.matches.length === 0 ? (
        <p class="muted small">{t('board.lookup.none', { q: lookup.q })}</p>
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
                {t('board.lookup.another')}
              </a>
            </li>
          ))}
        </ul>
      )
    ) : null}
  </div>
);

/**
 * Demo timers rehearse the shop's processes in development: a manager or an admin may give a visit calls in
 * seconds, an advisor booking a real customer never meets the choice.
 */
const DEMO_TIMER_ROLES = ['manager', 'admin'] as const satisfies readonly StaffRole[];

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
        <h2>{t('board.book.title')}</h2>
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
        {duplicate ? <Check form={form} name="confirmDuplicate" label={t('board.book.anyway')} /> : null}
        <div class="book-grid">
          <fieldset class="group">
            <legend>{t('board.book.customer')}</legend>
            <Field
              form={form}
              name="customer.name"
              label={t('board.book.name')}
              required
              autocomplete="off"
              value={customer?.name}
            />
            <div class="row2">
              <Field
                form={form}
                name="customer.phone"
                label={t('board.book.phone')}
                type="tel"
                required
                placeholder="+49 30 1234567"
                value={customer?.phone}
              />
              <Field form={form} name="customer.email" label={t('board.book.email')} type="email" value={customer?.email ?? ''} />
            </div>
            <Select
              form={form}
              name="customer.preferredChannel"
              label={t('board.book.reachBy')}
              value={customer?.preferredChannel ?? 'sms'}
              options={[
                ['sms', t('board.book.sms')],
                ['phone', t('board.book.byPhone')],
                ['email', t('board.book.byEmail')],
              ]}
            />
          </fieldset>
          <fieldset class="group">
            <legend>{t('board.book.vehicle')}</legend>
            <div class="row2">
              <Field form={form} name="vehicle.plate" label={t('board.book.plate')} required value={car?.plate} />
              <Field form={form} name="vehicle.model" label={t('board.book.model')} required value={car?.model} />
            </div>
            <Field
              form={form}
              name="vehicle.vin"
              label={t('board.book.vin')}
              required
              class="mono"
              maxlength="17"
              value={car?.vin}
            />
            <div class="row2">
              <Field
                form={form}
                name="vehicle.year"
                label={t('board.book.year')}
                inputmode="numeric"
                value={car?.year ? String(car.year) : ''}
              />
              <Field
                form={form}
                name="vehicle.mileage"
                label={t('board.book.mileage')}
                inputmode="numeric"
                hint={car?.mileage ? t('board.book.onFile', { km: km(car.mileage) }) : undefined}
              />
            </div>
          </fieldset>
          <fieldset class="group">
            <legend>{t('board.book.visit')}</legend>
            <TextArea form={form} name="requestedServices" label={t('board.book.services')} rows={2} />
            <div class="row2">
              <Field
                form={form}
                name="appointmentAt"
                label={t('board.book.appointment')}
                type="datetime-local"
                value={defaultTime}
              />
              <Select
                form={form}
                name="advisorId"
                label={t('board.book.advisor')}
                value={advisor}
                options={[['', t('board.book.chooseAdvisor')], ...advisors.map((a): [string, string] => [a.id, a.name])]}
                hint={advisors.length === 0 ? t('board.book.noAdvisors') : undefined}
              />
            </div>
            {demoTimers ? (
              <Select
                form={form}
                name="timers"
                label={t('board.book.timers')}
                options={[
                  ['', t('board.book.timersDefault')],
                  ['demo', t('board.book.timersDemo')],
                ]}
              />
            ) : null}
            <Select
              form={form}
              name="priorityReason"
              label={t('board.book.priority')}
              options={[
                ['', t('board.book.none')],
                ['recall', t('board.book.recall')],
                ['rework', t('board.book.rework')],
                ['warranty', t('board.book.warranty')],
                ['waiting', t('board.book.waiting')],
              ]}
            />
          </fieldset>
        </div>
        <div class="form-actions">
          <button type="submit" name="kind" value="appointment" class="btn btn-primary">
            {t('board.book.submit')}
          </button>
          <button type="submit" name="kind" value="walk_in" class="btn">
            {t('board.book.walkIn')}
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
    <Page title={t('board.title')} session={session} screen="board" flash={p.flash} live={p.live}>
      <div class="page-head">
        <div>
          <h1>{t('board.title')}</h1>
          <p class="sub">
            {longDay(p.day)} {p.day === p.today ? t('board.today') : ''}
          </p>
        </div>
        <div class="chips">
          <span class="chip">
            <strong>{items.length}</strong> {t('board.booked')}
          </span>
          <span class="chip">
            <strong>{count((i) => i.confirmation.status === 'confirmed')}</strong> {t('board.confirmed')}
          </span>
          <span class="chip">
            <strong>{count((i) => i.arrived)}</strong> {t('board.arrived')}
          </span>
          <span class="chip chip-warn">
            <strong>{count((i) => i.noShowFlagged)}</strong> {t('board.noShow')}
          </span>
          <span class="chip">
            <strong>{p.walkIns.length}</strong> {t('board.walkIns')}
          </span>
        </div>
        <form class="daynav" method="get" action="/app/board">
          <a class="btn btn-ghost btn-small" href={`/app/board?date=${addDays(p.day, -1)}`} aria-label={t('board.previousDay')}>
            ‹
          </a>
          <input type="date" name="date" value={p.day} aria-label={t('board.day')} data-autosubmit />
          <a class="btn btn-ghost btn-small" href={`/app/board?date=${addDays(p.day, 1)}`} aria-label={t('board.nextDay')}>
            ›
          </a>
          {p.day !== p.today ? (
            <a class="btn btn-ghost btn-small" href="/app/board">
              {t('board.todayButton')}
            </a>
          ) : null}
          <noscript>
            <button type="submit" class="btn btn-small">
              {t('board.show')}
            </button>
          </noscript>
        </form>
      </div>

      {mayBook ? (
        <BookingForm
          session={session}
          failed={p.failed}
          day={p.day}
          demoTimers={p.demoTimers && holdsRole(session.staff.role, DEMO_TIMER_ROLES)}
          staff={p.staff}
          lookup={p.lookup}
          prefill={p.prefill}
        />
      ) : null}

      <Card title={t('board.bookings')}>
        {items.length === 0 ? (
          <Empty>{t('board.noBookings')}</Empty>
        ) : (
          <table class="table table-board">
            <thead>
              <tr>
                <th>{t('board.time')}</th>
                <th>{t('board.customer')}</th>
                <th>{t('board.plate')}</th>
                <th>{t('board.model')}</th>
                <th>{t('board.advisor')}</th>
                <th>{t('board.services')}</th>
                <th>{t('board.confirmation')}</th>
                <th>{t('board.arrivedCol')}</th>
                <th>{t('board.stage')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const [tone, label] = CONFIRMATION[i.confirmation.status] ?? ['grey', 'board.status.unconfirmed'];
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
                      <Badge tone={tone}>{t(label)}</Badge>
                      {i.confirmation.calls ? (
                        <span class="muted small"> {t('board.calls', { n: i.confirmation.calls })}</span>
                      ) : null}
                    </td>
                    <td>
                      {i.arrived ? (
                        <Badge tone="green">✓ {time(i.arrivedAt, tz)}</Badge>
                      ) : i.noShowFlagged ? (
                        <Badge tone="red">{t('board.noShowBadge')}</Badge>
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

      <Card title={t('board.walkInsTitle')}>
        {p.walkIns.length === 0 ? (
          <Empty>{t('board.noWalkIns')}</Empty>
        ) : (
          <table class="table table-board">
            <thead>
              <tr>
                <th>{t('board.openedCol')}</th>
                <th>{t('board.customer')}</th>
                <th>{t('board.plate')}</th>
                <th>{t('board.model')}</th>
                <th>{t('board.advisor')}</th>
                <th>{t('board.stage')}</th>
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
