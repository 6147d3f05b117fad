import { skippedTimeProblem } from '../domain/calendar-rules.js';
import type { PriorityReason } from '../domain/dispatch.js';
import { languageOf } from '../domain/language.js';
import { localDate, localInstant, localParts, startOfLocalDay } from '../domain/local-time.js';
import type { StaffRole } from '../domain/roles.js';
import { type Directory, isCustomerActor, SYSTEM_ACTOR_ID, whoIs } from '../domain/staff.js';
import type { Stage } from '../domain/stages.js';
import type { TaskKind } from '../domain/tasks.js';
import { type Catalogue, en } from './i18n/en.js';
import { currency, hasKey, type Key, locale, t } from './i18n/index.js';

// Everything the screens print: money, instants in the staff member's time zone, labels for the API's codes, all in
// the language of the page being drawn (web/i18n).

const moneyFormats = new Map<string, Intl.NumberFormat>();
/** An amount (integer cents) in the shop's currency (the `SHOP_CURRENCY` setting) and the page's locale. */
export const money = (cents: number | null | undefined) => {
  if (cents == null) return '—';
  const loc = locale();
  const cur = currency();
  const key = `${loc}|${cur}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(loc, { style: 'currency', currency: cur });
    moneyFormats.set(key, f);
  }
  return f.format(cents / 100);
};

const percentFormats = new Map<string, Intl.NumberFormat>();
/** The tax as the shop's papers name it, with its rate in the page's locale: "VAT 19%", "增值税 13%". */
export const taxName = (taxRateBasisPoints: number) => {
  const loc = locale();
  let f = percentFormats.get(loc);
  if (!f) {
    f = new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 2 });
    percentFormats.set(loc, f);
  }
  return t('money.tax', { rate: f.format(taxRateBasisPoints / 10_000) });
};

/** "90.00" for a form field in currency units. */
export const moneyInput = (cents: number | null | undefined) => (cents == null ? '' : (cents / 100).toFixed(2));

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(kind: 'dateTime' | 'time' | 'date' | 'day', tz: string): Intl.DateTimeFormat {
  const loc = locale();
  const key = `${kind}|${tz}|${loc}`;
  let f = formats.get(key);
  if (!f) {
    const options: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      dateTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      date: { day: 'numeric', month: 'short', year: 'numeric' },
      day: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
    };
    f = new Intl.DateTimeFormat(loc, { ...options[kind], timeZone: tz });
    formats.set(key, f);
  }
  return f;
}

const valid = (iso: string | null | undefined): iso is string => !!iso && !Number.isNaN(Date.parse(iso));

/**
 * Weekday, day and time; an instant in another year than `now` on the shop's clock names its year instead of its
 * weekday, so next year's maintenance reminder or a booking moved into January does not read as this year's.
 */
export function dateTime(iso: string | null | undefined, tz: string, now = Date.now()): string {
  if (!valid(iso)) return '—';
  return localDate(Date.parse(iso), tz).slice(0, 4) === localDate(now, tz).slice(0, 4)
    ? fmt('dateTime', tz).format(new Date(iso))
    : t('unit.dateTime', { date: date(iso, tz), time: time(iso, tz) });
}
export const time = (iso: string | null | undefined, tz: string) => (valid(iso) ? fmt('time', tz).format(new Date(iso)) : '—');
export const date = (iso: string | null | undefined, tz: string) => (valid(iso) ? fmt('date', tz).format(new Date(iso)) : '—');
export const longDay = (day: string) => fmt('day', 'UTC').format(new Date(`${day}T12:00:00Z`));

/** The short name of an ISO weekday (1 Monday … 7 Sunday) in the page's language: "Mon", "周一". */
export const weekdayShort = (isoDay: number) =>
  // 1 January 2024 was a Monday.
  new Intl.DateTimeFormat(locale(), { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, isoDay));

/** The full name of an ISO weekday in the page's language: "Monday", "星期一". */
export const weekdayLong = (isoDay: number) =>
  new Intl.DateTimeFormat(locale(), { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, isoDay));

/** Same day as `now` → only the time, else weekday, day and time. */
export function when(iso: string | null | undefined, tz: string, now = Date.now()): string {
  if (!valid(iso)) return '—';
  if (localDate(Date.parse(iso), tz) === localDate(now, tz)) return time(iso, tz);
  return dateTime(iso, tz, now);
}

/**
 * An instant on a list of one local day (`day`, YYYY-MM-DD: the board of that day): its time alone when it falls on that
 * day, else with its own day, as `when` names it from there. A car that arrived at 23:50 for its 08:00 booking the
 * next morning arrived "Thu 3 Dec, 23:50", not "23:50" on the day shown.
 */
export const whenOnDay = (iso: string | null | undefined, tz: string, day: string) => when(iso, tz, startOfLocalDay(day, tz));

/** A stretch of time as `when` names its start; an end on the same day is its time only ("Sat 5 Dec, 08:00–09:30"). */
export function whenRange(from: string | null | undefined, to: string | null | undefined, tz: string, now = Date.now()) {
  const sameDay = valid(from) && valid(to) && localDate(Date.parse(from), tz) === localDate(Date.parse(to), tz);
  return `${when(from, tz, now)}–${sameDay ? time(to, tz) : when(to, tz, now)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The value of an `<input type="datetime-local">` showing the instant in the zone. */
export function toLocalInput(iso: string | number | null | undefined, tz: string): string {
  if (iso == null) return '';
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = localParts(ms, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The day and the clock time of a `datetime-local` value; undefined when it names none (30 February, 24:30). */
function readLocalInput(value: string): { date: string; clock: string } | undefined {
  const m = value.trim().match(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/);
  const wall = m ? Date.parse(`${m[1]}T${m[2]}:00Z`) : Number.NaN;
  // No 30 February and no 24:30: such a value is not rolled over into another day.
  if (!m?.[1] || !m[2] || Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== `${m[1]}T${m[2]}`) return undefined;
  return { date: m[1], clock: m[2] };
}

/**
 * The instant a `datetime-local` value names in the zone, as ISO 8601, placed as the shop's hours are (local-time.ts
 * `localInstant`): a time the clocks go back over is its first pass, the one on summer time. What cannot be read is
 * passed on as it is, so the API names the field in its refusal; a time the clocks skip is refused before it is sent
 * (`skippedLocalTimes`).
 */
export function fromLocalInput(value: string, tz: string): string {
  const local = readLocalInput(value);
  return local ? new Date(localInstant(local.date, local.clock, tz)).toISOString() : value.trim();
}

/**
 * The fields of a form whose `datetime-local` value names a time the clocks skip in the zone (02:30 in Munich on the
 * last Sunday of March), each with the calendar's own sentence for it, which the form words in the page's language.
 * No instant is that time: sent on, it would be booked at 03:00 without a word to the person who typed 02:30.
 */
export function skippedLocalTimes(values: Record<string, string>, tz: string): Record<string, string> {
  const skipped: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) {
    const local = readLocalInput(value);
    const problem = local && skippedTimeProblem(local.date, local.clock, tz);
    if (problem) skipped[field] = problem;
  }
  return skipped;
}

/** "2 h 05 min", "3 d 4 h", "40 s". */
export function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return t('unit.seconds', { n: s });
  const min = Math.floor(s / 60);
  if (min < 60) return t('unit.minutes', { n: min });
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? t('unit.hoursMinutes', { h, min: pad(min % 60) }) : t('unit.hours', { n: h });
  const d = Math.floor(h / 24);
  return h % 24 ? t('unit.daysHours', { d, h: h % 24 }) : t('unit.days', { n: d });
}

/** "in 2 h 05 min" / "3 min ago". */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!valid(iso)) return '';
  const delta = Date.parse(iso) - now;
  if (Math.abs(delta) < 45_000) return t('unit.justNow');
  return t(delta >= 0 ? 'unit.inFuture' : 'unit.ago', { d: duration(delta) });
}

/**
 * The label of a code a record holds, from the catalogue section keyed by its domain union (`stage`, `role`…);
 * a code the catalogue does not know (a newer record than this screen) is shown as it is rather than as a
 * missing-key marker.
 */
const labelOf = (section: 'stage' | 'reason' | 'fuel' | 'taskKind' | 'role', code: string) => {
  const key = `${section}.${code}` as Key;
  return hasKey(key) ? t(key) : code;
};

export const stageLabel = (stage: Stage | string) => labelOf('stage', stage);
export const reasonLabel = (reason: PriorityReason | string) => labelOf('reason', reason);
export const fuelLabel = (level: string) => labelOf('fuel', level);
export const taskKindLabel = (kind: TaskKind | string) => labelOf('taskKind', kind);
export const roleLabel = (role: StaffRole | string) => labelOf('role', role);
/** "A, B or C" in the page's language. */
export const oneOf = (items: readonly string[]) => new Intl.ListFormat(locale(), { type: 'disjunction' }).format(items);

/** Fuel levels in the order the walk-around form offers them. */
export const FUEL_LEVELS = Object.keys(en.fuel) as (keyof Catalogue['fuel'])[];

/** A count or a bound in the page's grouping: 10,000 rather than 10000. */
export const count = (n: number) => new Intl.NumberFormat(locale()).format(n);
export const km = (n: number | null | undefined) => (n == null ? '—' : t('unit.km', { n: count(n) }));
/** A next service as people are told it: its day on the shop's calendar and its mileage (`visit.dueOr` and kin). */
export const dueFigure = (due: { dueAt: string; dueMileage: number }, tz: string) => ({
  date: date(due.dueAt, tz),
  km: km(due.dueMileage),
});
export const hours = (n: number) => t('unit.hours', { n: count(Math.round(n * 10) / 10) });
/**
 * A billed quantity (labour hours, part units) as people read it: to the hundredth it is billed in
 * (domain/money-rules.ts `QUANTITY_STEPS_PER_UNIT`), so 0.25 h stays 0.25 and a figure recorded before the rule
 * (0.3333333) shows as 0.33, never as float noise.
 */
export const quantity = (n: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(n);
/** Billed labour hours (a flat rate, a line's hours): to the hundredth, "1.25 h", where `hours` rounds a load to tenths. */
export const billedHours = (n: number) => t('unit.hours', { n: quantity(n) });

/**
 * The name people know a staff member by, from the directory (`GET /staff`); an id the directory does not know
 * is shown as it is, marked unknown, `system` is the software itself and `customer:…` the customer on their own.
 */
export function who(directory: Directory, id: string | null | undefined): string {
  if (!id) return '—';
  if (id === 'system' || id === SYSTEM_ACTOR_ID) return t('who.system');
  const person = whoIs(directory, id);
  if (!person.known && isCustomerActor(id)) return t('who.customer');
  if (!person.known) return t('who.unknown', { id });
  return person.active ? person.name : t('who.left', { name: person.name });
}

/** A language's own name ("中文（简体）"); none on record reads as not chosen (English, the default). */
export const languageName = (code: string | null | undefined) => {
  const lang = languageOf(code);
  return lang ? t(`language.name.${lang}`) : t('language.notChosen');
};
