import { IDEMPOTENCY_HEADER } from '../api/idempotency.js';
import { count, date, money } from './format.js';
import { hasKey, type Key, language, t } from './i18n/index.js';

// The API answers in its own terms: a machine-readable `code` and `details.fields` (field path → zod's or the
// domain's English sentence). People at the counter and customers get, in their language, the field's label,
// what is wrong and what to do; never a path like `lines.0.quantity`, zod's wording, cents or an ISO string.

/** "Quantity", or "Quantity (Line 2)" for a field inside a repeated group (`lines.1.quantity`). */
export function fieldLabel(path: string): string {
  const parts = path.split('.').filter((p) => p !== 'payload' && p !== '');
  if (parts[0] === 'decision' || parts[0] === 'decisions') return t('field.decision');
  const leafAt = parts.findLastIndex((p) => !/^\d+$/.test(p));
  const leaf = parts[leafAt] ?? '';
  const key = `field.${leaf}`;
  const label = hasKey(key) ? t(key) : t('field.generic');
  const index = parts.findLastIndex((p, i) => /^\d+$/.test(p) && i < leafAt);
  const group = index > 0 ? parts[index - 1] : undefined;
  if (index > 0 && group && group !== leaf) {
    const groupKey = `field.${group}`;
    return t('field.row', { group: hasKey(groupKey) ? t(groupKey) : '', n: Number(parts[index]) + 1, label });
  }
  return label;
}

/** A field picked from buttons rather than typed (the booking's free times): its wrong value is a choice to make. */
const picked = (path: string) => /(^|\.)slot$/.test(path);

/** A bound as people read it: money for an amount in cents, else the number in the page's grouping. */
const bound = (path: string, n: string | undefined = '') => (/cents$/i.test(path) ? money(Number(n)) : count(Number(n)));

/** Nothing a person should not read: dates as ISO, field paths, codes, zod's vocabulary, bare cents. */
export const RAW_TEXT =
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\b[a-z]+[A-Z]?\w*\.\d+\.\w+|\b[a-z]+(_[a-z]+)+\b|\b[a-z]+[A-Z]\w*\.[a-z]+[A-Z]?\w*\b|Too (small|big)|expected (string|number)|Invalid input|\b\d{5,}\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/;

/**
 * The API's wording (zod's, or a domain rule's) → what to tell a person, first match wins. Each rule gives the
 * catalogue key and the bounds it names; `path` turns a bound on an amount in cents into money.
 */
const RULES: [RegExp, (m: RegExpMatchArray, path: string) => [Key, Record<string, unknown>?]][] = [
  // The checklist's own sentences first: "maintenance" holds "NaN" for the number rule below.
  [/record every item of the maintenance checklist/i, () => ['error.checklistIncomplete']],
  [/fail an item of the checklist/i, () => ['error.failedNeedsItem']],
  // A follow-up call nobody answered carries no score or complaint (workflows/steps/follow-up.ts).
  [/only when the customer was reached/, () => ['error.onlyWhenReached']],
  [/data:image|signature/i, () => ['error.signature']],
  // The shop's country's plan says the number cannot be one (api/phone-check.ts): its digits, not its shape.
  [/is not a phone number (in|with)/, () => ['error.phoneImpossible']],
  // One number, one file (db/customer-phone.ts): the desk gave a file a number another file has.
  [/is on another customer's file/, () => ['error.phoneOnAnotherFile']],
  // A confirmation call logged about a booking the desk moved meanwhile (workflows/steps/appointment.ts).
  [/booking was moved since this call was about it/, () => ['error.callAboutMovedBooking']],
  // The contact list's own refusals (db/contact-list.ts): one name per city, and the list's bound.
  // The decision's refusals name a line by its id (workflows/steps/approval.ts): the form was drawn before another
  // decision, or was altered; the person is told what happened, never the id.
  [/^line \S+ is already \w+/, () => ['error.lineDecided']],
  [/^no line \S+ on this visit/, () => ['error.lineGone']],
  [/^line \S+ is decided twice/, () => ['error.lineTwice']],
  [/already has a service point named/, () => ['error.servicePointTaken']],
  [/the list holds at most \d+ service points/, () => ['error.contactListFull']],
  [/phone number/i, () => ['error.phone']],
  [/17-character VIN/i, () => ['error.vin']],
  [/covers must be fitted/i, () => ['error.covers']],
  [/must be (cleaned|confirmed done|explained|told|removed)/i, () => ['error.confirm']],
  // The technician's checklist at the car (domain/actions.ts start_work, complete_work).
  [/fit the fender covers before working/, () => ['error.fenderCovers']],
  [/confirm that (only genuine parts|exactly the items on the work order)/, () => ['error.confirm']],
  // Domain rules the screens can meet (domain/text.ts, business-hours.ts, calendar.ts, the delivery step): the
  // API words them for API clients only, in English with cents, so each is matched here and nowhere else.
  [/the invoice total is (\d+)/, (m) => ['error.invoiceTotal', { total: money(Number(m[1])) }]],
  [/must be after (opensAt|the opening time)/, () => ['error.afterOpening']],
  // Special hours inside the hour the clocks skip that night (domain/calendar-rules.ts `skippedHoursProblem`).
  [/the clocks go forward from (\d{2}:\d{2}) to (\d{2}:\d{2})/, (m) => ['error.clockSkipped', { from: m[1], to: m[2] }]],
  // The desk's second booking of a car that day (api/staff-directory.ts), which names the booking already there;
  // a move onto that day has no "anyway".
  [
    /(\S.*) is already booked on (\d{4}-\d{2}-\d{2}) at (\d{2}:\d{2}) \(repair order (\d+)\); pick another day/,
    (m) => ['error.carBookedAtMove', { plate: m[1], day: date(`${m[2]}T12:00:00Z`, 'UTC'), time: m[3], ro: m[4] }],
  ],
  [
    /(\S.*) is already booked on (\d{4}-\d{2}-\d{2}) at (\d{2}:\d{2}) \(repair order (\d+)\)/,
    (m) => ['error.carBookedAt', { plate: m[1], day: date(`${m[2]}T12:00:00Z`, 'UTC'), time: m[3], ro: m[4] }],
  ],
  [/already booked that day/, () => ['error.carBookedThatDay']],
  // A package booked for a model it is not offered for (api/booking.ts `requestedWork`) names its code: the
  // customer ticked it by its name, so the sentence names the models only.
  [/the package \S+ is offered for (.+) only/, (m) => ['error.packageModels', { models: m[1] }]],
  // Days the files and the calendar refuse (domain/customer-file.ts, api/routes/calendar.ts).
  [
    /must be a day between (\d{4}-\d{2}-\d{2}) and today/,
    (m) => ['error.dayBetween', { from: date(`${m[1]}T12:00:00Z`, 'UTC') }],
  ],
  [/is in the past; name today or a later day/, () => ['error.pastDay']],
  // The desk's booking asks to book anyway, its move to move anyway (api/booking.ts `closedRefusal`).
  [/the shop is closed on.*; tick "move anyway"/, () => ['error.shopClosedDayMove']],
  [/outside the opening hours.*; tick "move anyway"/, () => ['error.shopClosedHoursMove']],
  [/the shop is closed on/, () => ['error.shopClosedDay']],
  [/outside the opening hours/, () => ['error.shopClosedHours']],
  // Who is given the work (domain/staff.ts, domain/dispatch-assignment.ts): the screen lists names, the API words ids.
  [/is not in the staff directory/, () => ['error.notInDirectory']],
  [/no longer works (as an advisor )?here/, () => ['error.noLongerWorks']],
  [/is not a service advisor/, () => ['error.notAdvisor']],
  [/the workshop has no active technician/, () => ['error.noTechnicians']],
  [/is not an active technician/, () => ['error.notActiveTechnician']],
  // A reassignment's refusals (domain/assignment-rules.ts `reassignRefusal`).
  [/^no technician has the id /, () => ['error.unknownTechnician']],
  [/^(.+) is off the rota; choose a technician on it/, (m) => ['error.offRota', { name: m[1] }]],
  // A reassignment to someone not working today (api/assigned-work.ts `checkedReassignment`).
  [/^(.+) has no shift hours today .*; tick "hand over anyway"/, (m) => ['error.offShiftToday', { name: m[1] }]],
  [
    /^the shop is closed today .*, so (.+) does not work today; tick "hand over anyway"/,
    (m) => ['error.shopClosedToday', { name: m[1] }],
  ],
  [/^the job is already assigned to (.+)$/, (m) => ['error.alreadyAssigned', { name: m[1] }]],
  [/^(.+) has skill (\d+); this job needs skill (\d+)/, (m) => ['error.skill', { name: m[1], has: m[2], needs: m[3] }]],
  [/say why (.+) rather than (.+), whom the plan proposes/, (m) => ['error.sayWhy', { chosen: m[1], proposed: m[2] }]],
  // A booking's time the calendar cannot take (api/booking.ts `FULL`), and the walk-in of a car already expected.
  [/not the start of a booking slot/, () => ['error.chooseTime']],
  [/the workshop is fully booked that day/, () => ['error.workshopFull']],
  [/that time is fully booked/, () => ['error.timeFull']],
  [/the shop is closed that day/, () => ['error.closedThatDay']],
  [/that time has passed/, () => ['error.timePassed']],
  [/bookings open at most (\d+) days ahead/, (m) => ['error.tooFarAhead', { days: m[1] }]],
  [/must be in the years (\d{4})–(\d{4})/, (m) => ['error.years', { from: m[1], to: m[2] }]],
  [/^(\S.*) is booked for about now \(repair order (\d+)\)/, (m) => ['error.carBookedNow', { plate: m[1], ro: m[2] }]],
  [/^(\S.*) is already in the shop \(repair order (\d+)\)/, (m) => ['error.carInShop', { plate: m[1], ro: m[2] }]],
  // An estimate's bounds (domain/money-rules.ts) and the catalogue it names (domain/catalogue.ts), amounts as money.
  [/quantity × unit price must be at most (\d+) cents/, (m) => ['error.lineTooBig', { max: money(Number(m[1])) }]],
  [/must not be more than the line's (\d+) cents/, (m) => ['error.discountTooBig', { max: money(Number(m[1])) }]],
  [/the visit's lines may total at most (\d+) cents/, (m) => ['error.visitTooBig', { max: money(Number(m[1])) }]],
  // A billed quantity finer than hundredths (domain/money-rules.ts `inQuantitySteps`).
  [/must be in steps of 0\.01/, () => ['error.hundredths']],
  [/^must be at most (-?[\d.]+)$/, (m, path) => ['error.tooBig', { max: bound(path, m[1]) }]],
  [/^no (?:labour operation|part|package) (\S+) (?:on offer )?in the catalogue/, (m) => ['error.notInCatalogue', { code: m[1] }]],
  [/^(?:labour operation|part|package) (\S+) is no longer offered/, (m) => ['error.noLongerOffered', { code: m[1] }]],
  [/^package (\S+) is for (.+), not a /, (m) => ['error.packageNotForModel', { code: m[1], models: m[2] }]],
  [/cannot be in the future/, () => ['error.notFuture']],
  [/the call cannot be before the customer was asked/, () => ['error.callBeforeAsked']],
  [/this is the promised time already/, () => ['error.samePromise']],
  [/IANA time zone/, () => ['error.timeZone']],
  [/already has the id (.+)$|^technician (.+) already exists$/, (m) => ['error.idTaken', { id: m[1] ?? m[2] }]],
  [/expected array to have >=1 items/, () => ['error.addOne']],
  [
    /received undefined|required|>=1 characters|non-empty|must not be empty/i,
    (_m, path) => [picked(path) ? 'error.chooseTime' : 'error.required'],
  ],
  [/Too big: expected string to have <=(\d+)|must be at most (\d+) characters/, (m) => ['error.tooLong', { max: m[1] ?? m[2] }]],
  [/Too small: expected string to have >=(\d+)/, (m) => ['error.tooShort', { min: m[1] }]],
  [/Too small: expected (?:number|int) to be >0\b/, () => ['error.positive']],
  [/Too small: expected (?:number|int) to be >=?(-?[\d.]+)/, (m, path) => ['error.tooSmall', { min: bound(path, m[1]) }]],
  [/Too big: expected (?:number|int) to be <=?(-?[\d.]+)/, (m, path) => ['error.tooBig', { max: bound(path, m[1]) }]],
  [/expected int|whole number|integer/i, () => ['error.whole']],
  [/expected number|not a number|NaN/i, () => ['error.number']],
  [/e-?mail/i, () => ['error.email']],
  [/Invalid option|expected one of/i, () => ['error.choice']],
  [/in the future/i, () => ['error.future']],
  [/expected HH:MM/, () => ['error.clockTime']],
  // A field of a day alone (a birthday, a calendar day) asks for no time.
  [/ISO date(?!time)|expected a day/i, () => ['error.day']],
  [/datetime|ISO 8601|date/i, (_m, path) => [picked(path) ? 'error.chooseTime' : 'error.date']],
  [/control character|invisible character|well-formed|Unicode/i, () => ['error.text']],
  // A form's hidden reference to a file or a visit (the new complaint's, taken from its address) that names no record.
  [/Invalid UUID/, () => ['error.notOnFile']],
];

/**
 * How a form speaks where it differs from the staff's forms: its own labels for some fields (the customer's
 * "Mobile phone" where the desk says "Phone"), and to a customer, who sent something rather than recorded it.
 */
export interface FormVoice {
  labels?: Record<string, string>;
  customer?: boolean;
}

/** What is wrong with one field, in plain words and in the page's language. */
export function plainFieldError(path: string, message: string, voice: FormVoice = {}): string {
  const label = voice.labels?.[path] ?? fieldLabel(path);
  for (const [pattern, explain] of RULES) {
    const match = message.match(pattern);
    if (!match) continue;
    const [key, vars] = explain(match, path);
    return t(key, { label, ...vars });
  }
  // A domain sentence in English is kept for English readers, under the field's label, once it reads plainly.
  const sentence = language() === 'en' ? humanized(message) : undefined;
  return sentence ? `${label}: ${sentence}` : t('error.other', { label });
}

/**
 * A domain rule's English sentence as a person reads it: no leading field path, no `(field: value)` hints for
 * API clients, field names as their labels, days in the page's format; undefined if something raw remains.
 */
function humanized(message: string): string | undefined {
  const plain = message
    .replace(/^Invalid (body|query|param): /, '')
    .replace(/^[\w.]+: /, '')
    .replace(/\s*\([^()]*\b[a-z]+[A-Z]\w*:[^()]*\)/g, '')
    .replace(/\b[a-z]+[A-Z][A-Za-z]*\b/g, (word) => (hasKey(`field.${word}`) ? fieldLabel(word) : word))
    .replace(/\b(\d{4}-\d{2}-\d{2})\b(?!T)/g, (day) => date(`${day}T12:00:00Z`, 'UTC'));
  return RAW_TEXT.test(plain) || /\b[a-z]+[A-Z][A-Za-z]*\b/.test(plain) ? undefined : plain;
}

/**
 * Refusals that name no field in `details.fields`, in the API's words → what to tell a person, first match wins: a
 * recall line the catalogue stopped offering (api/catalogue-lines.ts), the public booking page with no advisor to book,
 * a step taken as often as one stage allows, or refused because the visit's history is nearly full.
 */
const SENTENCES: [RegExp, (m: RegExpMatchArray) => [Key, Record<string, unknown>?]][] = [
  [
    /^campaign (\S+): (?:no )?(?:labour operation|part|package) (\S+) (?:is no longer offered|in the catalogue)/,
    (m) => ['error.recallNotOffered', { campaign: m[1], code: m[2] }],
  ],
  [/^Online booking is not available right now/, () => ['error.bookingUnavailable']],
  // An action taken as often as one stage allows (domain/action-rules.ts MOST_TAKES_IN_ONE_STAGE): a reload will not help.
  [/ was already taken (\d+) times while the /, (m) => ['error.tooManyTakes', { n: m[1] }]],
  // A step refused because the history is past its room (domain/action-rules.ts HISTORY_ROOM).
  [/'s history is past /, () => ['error.historyFull']],
  // A repair step on another technician's job (domain/assignment-rules.ts), named by the API from its directory.
  [/^this job is assigned to (.+); ask the foreman to reassign it/, (m) => ['error.assignedElsewhere', { name: m[1] }]],
];

/** The fields' messages, keyed by the form's field names. */
export const plainFieldErrors = (fields: Record<string, string>, voice: FormVoice = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([path, message]) => [path, plainFieldError(path, message, voice)]));

/** The banner over a refused form: what happened and what to do. */
export function plainRefusal(
  refusal: { status: number; message: string; fields: Record<string, string> },
  voice: FormVoice = {},
): string {
  const lead: Key = voice.customer ? 'error.notSent' : 'error.notRecorded';
  // The form's key (its hidden `_key`, api/idempotency.ts) is nothing a person typed: a form sent again with other
  // values (the browser's back button) or changed, or one whose first sending is still being recorded or whose
  // answer was lost, each in words that say what to do instead of the key.
  if (refusal.message.includes(IDEMPOTENCY_HEADER))
    return refusal.status === 409 ? t('error.formInProgress') : t(lead, { what: t('error.formResent') });
  const first = Object.entries(refusal.fields)[0];
  if (first) return t(lead, { what: plainFieldError(first[0], first[1], voice) });
  for (const [pattern, explain] of SENTENCES) {
    const match = refusal.message.match(pattern);
    if (match) return t(lead, { what: t(...explain(match)) });
  }
  const what =
    refusal.status === 503
      ? t('error.unavailable')
      : refusal.status === 403
        ? t('error.forbidden')
        : language() === 'en' && humanized(refusal.message)
          ? humanized(refusal.message)
          : refusal.status === 409
            ? t('error.conflict')
            : t('error.generic');
  return t(lead, { what });
}

/** What an error page says for each answer of the API that stops a page; any other reads as "try again". */
const PAGE_ERRORS: Record<number, Key> = {
  400: 'errorPage.badAddress',
  403: 'error.forbidden',
  404: 'errorPage.noRecord',
  413: 'errorPage.tooLarge',
  415: 'errorPage.formsOnly',
  422: 'errorPage.badAddress',
  429: 'errorPage.tooManyRequests',
  503: 'error.unavailable',
};

/**
 * Why a page could not be shown, in the page's language. The API's sentence ("No visit with id …", "Invalid
 * param: id: Invalid UUID") is for API clients: an id or a parameter's name tells a person nothing to do.
 */
export const plainPageError = (status: number): string => t(PAGE_ERRORS[status] ?? 'errorPage.retry');
