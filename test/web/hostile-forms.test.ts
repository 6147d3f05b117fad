import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { devSettings } from '../../api/settings.js';
import type { StaffRole } from '../../domain/roles.js';
import { signApprovalLink } from '../../runtime/approval-links.js';
import { signBookingLink } from '../../runtime/booking-links.js';
import { RAW_TEXT } from '../../web/plain-errors.js';
import { staffToken } from '../support/auth.js';
import { seedPriceList } from '../support/catalogue.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  assigneeOf,
  bookVisit,
  bookWithCallDue,
  foreman,
  receiveAndDiagnose,
  receiveAndEstimate,
  seedTechnicians,
  signature,
  stateOf,
  tasksOf,
  walkIn,
  workStarted,
} from '../support/visits.js';
import { until } from '../support/waiting.js';

/*
 * Every form the screens draw, found on the pages themselves (each `<form method="post">` with the names of its
 * fields; the staff's screens and the customer's booking and approval pages), sent back with hostile values in place
 * of some of its fields: bytes no UTF-8 decoder accepts, NUL and other controls, lone surrogates, numbers no person
 * types, impossible dates, huge text, a key of the form that no header can carry. The screens pass what people type
 * on to the API (web/forms.tsx), so whatever comes in must end as a page with a 4xx and the API's refusal in words,
 * or a redirect: never a 5xx, never SQL or a stack, and the refusal's banner holds nothing raw
 * (web/plain-errors.ts `RAW_TEXT`, a header's name, an id).
 *
 * FORMS_SEED=<seed> (printed on failure) sends the same forms again; FORMS_RUNS the forms sent per form found.
 */

const SEED = Number(process.env.FORMS_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FORMS_RUNS ?? 4);

const SQL = /\bselect\s+["*(]|\binsert into\b|\bdelete from\b|syntax error|violates|failed query|invalid byte sequence/i;
const STACK = / {4}at |\bat \S+ \(\S+:\d+:\d+\)|\.[jt]sx?:\d+:\d+/;
/** What a person must not read in a refusal besides `RAW_TEXT`: the API's header names, a UUID. */
const RAW_EXTRA = /Idempotency-Key|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The banner over a refused form and the message of an error page. */
const shownRefusals = (html: string) =>
  [...html.matchAll(/(?:role="alert"|data-error-message)[^>]*>([^<]*)</g)].map((m) => fromHtml(m[1] ?? ''));

/** One form field's value as it goes on the wire: already percent-encoded, so bytes no decoder accepts can be sent. */
class Wire {
  constructor(readonly encoded: string) {}
}
const HOSTILE: (string | Wire)[] = [
  '\u0000',
  'a\nb',
  'a\r\nb',
  '\u0001\u001b[31m',
  '\u0085',
  '\u202Eevil',
  '\u200B',
  '\uFFFD',
  'ä',
  'Ā',
  '😀',
  '  ',
  '',
  'x'.repeat(70_000),
  '-0',
  '0x10',
  '1e308',
  '-1e308',
  '9007199254740993',
  'NaN',
  'Infinity',
  '1,5',
  '0001-01-01T10:00',
  '9999-12-31T23:59',
  '2030-02-30T10:00',
  '2030-03-31T02:30',
  '0000-00-00',
  'true',
  'false',
  '__proto__',
  new Wire('%FF'),
  new Wire('%ED%A0%80'),
  new Wire('%C0%80'),
  new Wire('%'),
  new Wire('%zz'),
];

const encode = (value: string | Wire) => (value instanceof Wire ? value.encoded : encodeURIComponent(value));

/** Who sends a form: a member of staff signed in, or anyone (the customer's booking and approval pages). */
type Sender = StaffRole | 'public';

interface FoundForm {
  page: string;
  role: Sender;
  action: string;
  /** Each field's name and the value the page drew it with. */
  fields: [string, string][];
}

const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const fromHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The page's POST forms and their fields (inputs, selects, text areas), with the values drawn into them. */
function formsOf(html: string, page: string, role: Sender): FoundForm[] {
  const found: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, open = '', inner = ''] = m;
    if ((attr(open, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = fromHtml(attr(open, 'action') ?? '');
    // Signing out and switching the language are no forms of the shop's work, and signing out ends the session.
    if (!action.startsWith('/app/') || action === '/app/logout') continue;
    const fields = new Map<string, string>();
    for (const f of inner.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
      const name = attr(f[2] ?? '', 'name');
      if (name && !fields.has(name)) fields.set(name, fromHtml(attr(f[2] ?? '', 'value') ?? ''));
    }
    found.push({ page, role, action, fields: [...fields] });
  }
  return found;
}

const stack = useTestStack();
const cookies = new Map<Sender, string>();
const cookieOf = async (role: Sender) => {
  if (role === 'public') return '';
  const known = cookies.get(role);
  if (known) return known;
  const cookie = `sl_session=${await staffToken(role, role === 'advisor' ? 'adv-lena' : `${role}-1`)}`;
  cookies.set(role, cookie);
  return cookie;
};
const get = async (path: string, role: Sender) =>
  stack.app.request(`http://localhost${path}`, { headers: { cookie: await cookieOf(role) } });
const post = async (form: FoundForm, body: string) =>
  stack.app.request(`http://localhost${form.action}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'http://localhost',
      cookie: await cookieOf(form.role),
    },
    body,
  });

const forms: FoundForm[] = [];

beforeAll(async () => {
  await seedPriceList(stack.app);
  const booked = await bookVisit(stack, { inMs: 30 * 86_400_000 });
  const arrived = await walkIn(stack);
  const diagnosed = await walkIn(stack);
  await receiveAndDiagnose(stack, diagnosed);
  const estimated = await walkIn(stack);
  await receiveAndEstimate(stack, estimated);
  // Work on the call list (a day-before call falling due) and in the workshop (a job to assign, one under way), so the
  // crawl meets the call list's and the workshop's forms too.
  await seedTechnicians(stack);
  const callDue = await bookWithCallDue(stack);
  const approve = async (visitId: string) => {
    const { lines } = await receiveAndEstimate(stack, visitId);
    await act(stack, visitId, 'decide', {
      decisions: lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    return visitId;
  };
  const toAssign = await approve(await walkIn(stack));
  const underWay = await approve(await walkIn(stack));
  const proposed = async (visitId: string) => (await stateOf(stack, visitId)).dispatch.proposal !== null;
  await until('both jobs proposed by the plan', async () => (await proposed(toAssign)) && (await proposed(underWay)));
  const technicianId = (await stateOf(stack, underWay)).dispatch.proposal?.technicianId as string;
  await act(stack, underWay, 'assign_technician', { technicianId }, foreman);
  await act(stack, underWay, 'start_work', workStarted, await assigneeOf(stack, underWay));
  await until('the day-before call on the list', async () => (await tasksOf(stack, callDue)).some((t) => t.status === 'open'));
  const { approvalLinkKey } = devSettings();
  const approvalId = (await stateOf(stack, estimated)).approvals[0]?.id as string;
  const approvalToken = (await signApprovalLink({ visitId: estimated, approvalId }, approvalLinkKey, 3600)).token;
  const slot = new Date(`${new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)}T09:00:00Z`).toISOString();
  const online = await postJson(stack.app, '/booking', {
    services: [{ kind: 'labour_operation', code: 'OIL-CHANGE' }],
    slot,
    customer: { name: 'Online Customer', phone: '+49 40 555 8123' },
    vehicle: { vin: 'WVWZZZ1JZYW812345', plate: 'HH-ON 1', model: 'VW Golf' },
  });
  expect(online.status).toBe(201);
  const bookingToken = (await signBookingLink((await readJson(online)).visitId, approvalLinkKey)).token;
  // A point on the contact list and a suggestion not yet decided, so the crawl meets the forms that keep and decide them.
  const manager = { authorization: `Bearer ${await staffToken('manager', 'mgr-max')}` };
  const point = {
    name: 'Servicelane Wuhan East',
    region: 'Hubei',
    city: 'Wuhan',
    address: '88 Luoyu Road',
    phone: '+49 30 1234567',
  };
  expect((await postJson(stack.app, '/contact-list/points', point, manager)).status).toBe(201);
  const suggestion = { stage: 'quality_check', suggestion: 'Print the QC checklist on the work order.', language: 'en' };
  expect((await postJson(stack.app, '/feedback', suggestion, manager)).status).toBe(201);
  const pages: [string, Sender][] = [
    [`/app/visits/${booked}`, 'advisor'],
    [`/app/visits/${arrived}`, 'advisor'],
    [`/app/visits/${diagnosed}`, 'advisor'],
    [`/app/visits/${diagnosed}`, 'technician'],
    [`/app/visits/${estimated}`, 'advisor'],
    ['/app/board', 'advisor'],
    ['/app/calls', 'advisor'],
    ['/app/complaints/new', 'advisor'],
    ['/app/workshop', 'foreman'],
    [`/app/visits/${toAssign}`, 'foreman'],
    [`/app/visits/${underWay}`, 'technician'],
    ['/app/technicians', 'foreman'],
    ['/app/staff', 'admin'],
    ['/app/calendar', 'manager'],
    ['/app/contact-list', 'manager'],
    ['/app/feedback', 'manager'],
    ['/app/feedback', 'technician'],
    [`/app/booking?service.labour_operation:OIL-CHANGE=true&date=${slot.slice(0, 10)}`, 'public'],
    [`/app/booking/manage?token=${bookingToken}`, 'public'],
    [`/app/approval?token=${approvalToken}`, 'public'],
  ];
  for (const [path, role] of pages) {
    const res = await get(path, role);
    expect(res.status, `${path} as ${role}`).toBe(200);
    forms.push(...formsOf(await res.text(), path, role));
  }
  for (const page of ['/app/calls', '/app/workshop', '/app/contact-list', '/app/feedback'])
    expect(
      forms.some((f) => f.page === page),
      `forms on ${page}`,
    ).toBe(true);
}, 180_000);

describe('every form of the screens, sent back with hostile values', () => {
  it('answers a page below 500 or a redirect, without SQL or a stack, its refusal in plain words', {
    timeout: 900_000,
  }, async () => {
    // The pages above draw the desk's, the workshop's and the manager's forms; too few means the crawl broke.
    expect(forms.length).toBeGreaterThan(15);
    const findings: string[] = [];
    for (const form of forms) {
      const sent = fc.sample(
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...HOSTILE)), {
          minLength: form.fields.length,
          maxLength: form.fields.length,
        }),
        { numRuns: RUNS, seed: SEED + forms.indexOf(form) },
      );
      for (const choice of sent) {
        // Some fields keep the page's value, so a form reaches past the first refusal to the API and the workflow.
        const body = form.fields
          .map(([name, drawn], i) => {
            const [hostile, value] = choice[i] ?? [false, ''];
            return `${encodeURIComponent(name)}=${hostile ? encode(value) : encodeURIComponent(drawn)}`;
          })
          .join('&');
        const res = await post(form, body);
        const text = await res.text();
        const raw = shownRefusals(text).find((m) => RAW_TEXT.test(m) || RAW_EXTRA.test(m));
        if (res.status >= 500 || SQL.test(text) || STACK.test(text) || raw)
          findings.push(
            `${form.role} POST ${form.action} (from ${form.page}) → ${res.status} ${raw ?? ''}: ${body.slice(0, 300)}`,
          );
      }
    }
    expect(findings, `FORMS_SEED=${SEED}`).toEqual([]);
  });
});
