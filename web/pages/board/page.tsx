// The appointment board [S1]: the day's bookings and walk-ins, the day to show, and the booking form.
import type { AppointmentBoard } from '../../../api/queries/appointments.js';
import type { CustomerFile } from '../../../api/queries/customer-file.js';
import type { CustomerMatch } from '../../../api/queries/customer-lookup.js';
import type { VisitList } from '../../../api/queries/visit-list.js';
import type { ShopCalendar } from '../../../domain/calendar-rules.js';
import { addDays } from '../../../domain/local-time.js';
import { FRONT_DESK_ROLES, holdsRole } from '../../../domain/roles.js';
import { type Directory, directoryOf, type StaffMember } from '../../../domain/staff.js';
import { longDay } from '../../format.js';
import type { FailedForm } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Page } from '../../layout.js';
import type { LiveMark } from '../../live/topics.js';
import type { Session } from '../../session.js';
import { BookingForm, DEMO_TIMER_ROLES } from './booking.js';
import { BookingsTable, WalkInsTable } from './tables.js';

export interface BoardPageProps {
  session: Session;
  day: string;
  today: string;
  board: AppointmentBoard;
  /** The published calendar: the booking form offers a time the shop is open. */
  calendar: ShopCalendar;
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

/** Booked against the advisors' reception capacity per opening hour [S1.1]; a full hour stands out. */
const HourCapacity = ({ hours }: { hours: AppointmentBoard['capacity'] }) =>
  hours.length ? (
    <section class="chips capacity" aria-label={t('board.capacity')} data-capacity>
      {hours.map((h) => (
        <span class={`chip ${h.booked >= h.capacity ? 'chip-warn' : ''}`} data-hour={h.hour}>
          {t(h.capacity === 0 ? 'board.capacityClosedHour' : 'board.capacityHour', h)}
        </span>
      ))}
    </section>
  ) : null;

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
          calendar={p.calendar}
          demoTimers={p.demoTimers && holdsRole(session.staff.role, DEMO_TIMER_ROLES)}
          staff={p.staff}
          lookup={p.lookup}
          prefill={p.prefill}
        />
      ) : null}

      {board.closed ? (
        <p class="alert alert-warn" data-closed-day>
          {board.closed.note ? t('board.closedDayWhy', { note: board.closed.note }) : t('board.closedDay')}
        </p>
      ) : null}

      <HourCapacity hours={board.capacity} />

      <BookingsTable items={items} day={p.day} directory={directory} highlight={p.highlight} tz={tz} />

      <WalkInsTable walkIns={p.walkIns} directory={directory} highlight={p.highlight} tz={tz} />
    </Page>
  );
}
