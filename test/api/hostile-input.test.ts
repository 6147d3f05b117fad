// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { signStaffToken } from '../../api/tokens.js';
import { staff, technicians } from '../../db/schema.js';
import { StaffRole } from '../../domain/roles.js';
import { Stage } from '../../domain/stages.js';
import type { VisitState } from '../../domain/visit-state.js';
import { complaintStateQuery, rescueStateQuery } from '../../workflows/care-messages.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  bookVisit,
  newVisitBody,
  pickup,
  qcPassed,
  signature,
  stateOf,
  walkIn,
  workCompleted,
  workStarted,
} from '../support/visits.js';

/*
 * Every operation of the API's own /openapi.json, sent requests whose path, query and body values are
 * valid-looking values mixed with hostile ones (NUL, lone surrogates, C0/C1 controls, RTL overrides, emoji,
 * 100k-character strings, boundary numbers, far and impossible dates), by the roles that may call it, with
 * actions sent to real visits, complaints and rescues in a stage that accepts them so the payload reaches the
 * workflow's validator. No answer may be a 5xx or carry SQL or a stack, nor name a bound the field does not have
 * (zod's safe-integer range); afterwards no workflow may be left with a failing activity, and every visit must still
 * accept a valid next action.
 *
 * HOSTILE_SEED=<seed> (printed on failure) generates the same requests again; operations run concurrently and share
 * the fixtures, so the stage each request meets may differ with timing. HOSTILE_RUNS scales the runs per operation;
 * HOSTILE_REPORT=<file> writes every finding, and the answers per operation and status, as JSON.
 */

const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 5);
/** Operations in flight at once: a request to a jammed visit waits out the Temporal deadline, the others go on. */
const CONCURRENCY = 4;
/** Longer than the API's Temporal deadline, so a request that never answers is a finding, not a hang. */
const REQUEST_TIMEOUT_MS = 75_000;
/** The API's Temporal deadline: generous, so a busy test machine is not mistaken for an outage. */
const TEMPORAL_DEADLINE_MS = 30_000;

// Patterns of what must never reach a client: SQL text, driver messages, bind parameters, stack frames.
const SQL =
  /\bselect\s+(distinct\s+)?["*(]|\bfrom\s+"\w+"\s+where\b|\binsert into\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete from\b|\$[1-9]\d*\b|syntax error|violates|failed query|unsupported unicode escape|invalid byte sequence|invalid input syntax|out of range for type/i;
/** zod's `.int()` bound, ±(2^53 - 1). */
const SAFE_RANGE = /\b9007199254740991\b/;
const STACK = / {4}at |\bat \S+ \(\S+:\d+:\d+\)|\.[jt]s:\d+:\d+/;

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema from the served document is probed loosely
type Schema = any;

/** A value written into the JSON body verbatim (a number JSON.stringify cannot produce, e.g. 1e309). */
class Raw {
  constructor(readonly text: string) {}
}
/** A field whose valid value only the target entity knows (a line id, the invoice total): resolved at send time. */
class Hint {
  constructor(
    readonly field: string,
    readonly pick: number,
    /** Used when the entity knows no value for the field. */
    readonly fallback: unknown,
  ) {}
}

const LONG = 'x'.repeat(100_000);
const HOSTILE_TEXT: (string | Raw)[] = [
  '\u0000',
  'Check \u0000 noise',
  '\uD800',
  'lone \uDC00 low',
  '\uDBFF\uDBFF',
  '\u0001\u0002\u0007\u001b[31m',
  '\u007f',
  '\u0080\u0085\u009f',
  '\u2028\u2029',
  '\u202Eevil\u202C',
  '\u200B\u200D\uFEFF',
  '😀🚗🔧',
  '👨‍👩‍👧‍👦',
  'Z̷̢̛a̸l̵g̶o',
  'مرحبا بالعالم',
  'e\u0301',
  '\t',
  '\r\n',
  ' ',
  '',
  'O\'Brien "quoted" \\ back',
  '%00',
  '\\u0000',
  '<img src=x onerror=alert(1)>',
  '../../etc/passwd',
  LONG,
  '€'.repeat(60_000),
];
const HOSTILE_NUMBERS: unknown[] = [
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -1,
  -(2 ** 31) - 1,
  0,
  -0,
  1e308,
  -1e308,
  5e-324,
  0.1,
  1.5,
  new Raw('1e309'),
  new Raw('-1e309'),
  new Raw('123456789012345678901234567890'),
  'NaN',
  'Infinity',
  '1',
  null,
];
const HOSTILE_DATE_TIMES = [
  '0001-01-01T00:00:00Z',
  '0099-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30T10:00:00Z',
  '2026-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '2038-01-19T03:14:08Z',
  '2100-01-01T00:00:00+14:00',
  '2030-06-01T10:00:00-23:59',
  '2030-06-01T24:00:00Z',
  '2030-06-01T10:00:60Z',
  '2030-06-01',
];
const HOSTILE_DATES = [
  '0001-01-01',
  '0099-12-31',
  '1900-01-01',
  '1969-12-31',
  '9999-12-31',
  '2026-02-30',
  '0000-00-00',
  '2026-13-01',
  '+275760-09-13',
  '10000-01-01',
];
/** Percent-escapes no UTF-8 decoder accepts, for URLs only: a client can send these bytes. */
const HOSTILE_URL_PARTS = ['%FF', '%C0%80', '%ED%A0%80', '%E0%80%80', '%', '%zz', '%00'].map((p) => new Raw(p));

const READABLE = ['Ana Pereira', 'Front brake pads', 'Müller & Söhne', 'Check the rattle at 50 km/h', 'Oil filter'];

/** URL-encodes like a client would, including a lone surrogate as its WTF-8 bytes (which no decoder accepts). */
function encodePart(value: unknown): string {
  if (value instanceof Raw) return value.text;
  let out = '';
  for (const ch of String(value)) {
    const cu = ch.charCodeAt(0);
    if (ch.length === 1 && cu >= 0xd800 && cu <= 0xdfff)
      out += [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

function serialize(body: unknown): string {
  const raws: string[] = [];
  const json = JSON.stringify(body, (_key, value) => {
    if (value instanceof Raw) {
      raws.push(value.text);
      return `__raw_${raws.length - 1}__`;
    }
    return value;
  });
  return json.replace(/"__raw_(\d+)__"/g, (_, i: string) => raws[Number(i)] as string);
}

/** One character or sequence a column, a driver or a JSON parser may choke on, to hide inside ordinary text. */
const HOSTILE_CORES = ['\u0000', '\uD800', '\uDC00', '\u0001\u001b', '\u0085', '\u202E', '\u200B\uFEFF', '😀', 'e\u0301'];

const hostileString = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...HOSTILE_CORES))
        .map(([v, h]) => `${typeof v === 'string' ? v : 'Check'} ${h} noise`),
    },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(42, null, true, [], {}) },
  );

const hostileNumber = fc.constantFrom(...HOSTILE_NUMBERS);

/** Builds arbitraries from the JSON Schema the API serves for each body and parameter. */
class Generator {
  constructor(
    private readonly doc: Schema,
    private readonly hintable: ReadonlySet<string>,
    /** Out of 20 leaves, how many are hostile: requests range from nearly valid to mostly hostile. */
    private readonly hostileWeight: number,
  ) {}

  deref(schema: Schema): Schema {
    let s = schema;
    while (s?.$ref) s = this.doc.components.schemas[s.$ref.split('/').pop()];
    return s ?? {};
  }

  /** A valid-looking value or, for `hostileWeight` leaves in 20, a hostile one. */
  value(schemaIn: Schema, field = '', depth = 0): fc.Arbitrary<unknown> {
    const schema = this.deref(schemaIn);
    const branches = schema.oneOf ?? schema.anyOf;
    if (branches) return fc.oneof(...branches.map((b: Schema) => this.value(b, field, depth)));
    const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
    if (type === 'object' || schema.properties) return this.object(schema, depth);
    if (type === 'array') {
      const min = schema.minItems ?? 0;
      return fc.array(this.value(schema.items ?? {}, field, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    const valid = this.validLeaf(schema, type, field);
    const hostile =
      type === 'integer' || type === 'number'
        ? hostileNumber
        : type === 'boolean'
          ? fc.constantFrom<unknown>('true', 0, 1, null)
          : schema.format === 'date-time'
            ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_DATE_TIMES) }, hostileString(valid))
            : schema.format === 'date'
              ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_DATES) }, hostileString(valid))
              : hostileString(valid);
    return fc.oneof({ weight: 20 - this.hostileWeight, arbitrary: valid }, { weight: this.hostileWeight, arbitrary: hostile });
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const props = Object.entries<Schema>(schema.properties ?? {});
    if (props.length === 0 || depth > 6) return fc.constant({});
    const required: string[] = schema.required ?? [];
    return fc.record(Object.fromEntries(props.map(([name, s]) => [name, this.value(s, name, depth + 1)])), {
      requiredKeys: props.map(([name]) => name).filter((name) => required.includes(name)),
    });
  }

  private validLeaf(schema: Schema, type: string | undefined, field: string): fc.Arbitrary<unknown> {
    const hinted = (base: fc.Arbitrary<unknown>) =>
      this.hintable.has(field)
        ? fc.oneof(
            { weight: 4, arbitrary: fc.tuple(fc.nat(99), base).map(([n, v]) => new Hint(field, n, v)) },
            { weight: 1, arbitrary: base },
          )
        : base;
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (type === 'boolean') return fc.boolean();
    if (type === 'integer' || type === 'number') {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = schema.maximum ?? Math.max(min, 1_000);
      const int32 = min >= -(2 ** 31) && max <= 2 ** 31 - 1;
      const base =
        type === 'integer'
          ? fc.oneof(
              int32 ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true }).map(Math.floor),
              fc.constantFrom(min, max),
            )
          : fc.oneof(
              fc.double({
                min: schema.exclusiveMinimum ?? min,
                max,
                noNaN: true,
                minExcluded: schema.exclusiveMinimum !== undefined,
              }),
              fc.constant(max),
            );
      return hinted(base);
    }
    if (type !== 'string' && type !== undefined) return fc.jsonValue({ maxDepth: 1 });
    const HOUR = 3_600_000;
    if (schema.format === 'date-time')
      return fc.integer({ min: -72, max: 72 }).map((h) => new Date(Date.now() + (h || 1) * HOUR).toISOString());
    if (schema.format === 'date')
      return fc.integer({ min: -3, max: 3 }).map((d) => new Date(Date.now() + d * 24 * HOUR).toISOString().slice(0, 10));
    if (schema.format === 'uuid') return hinted(fc.uuid({ version: 4 }));
    if (schema.format === 'email') return fc.constantFrom('ana@example.com', 'o.brien+shop@example.org');
    if (schema.pattern) {
      const max = schema.maxLength ?? 200;
      return hinted(fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= max));
    }
    const maxLength = Math.min(schema.maxLength ?? 200, 40);
    const minLength = Math.max(schema.minLength ?? 1, 1);
    if (schema.example !== undefined) return hinted(fc.constant(schema.example));
    return hinted(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...READABLE) },
        {
          weight: 1,
          arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }).filter((s) => s.trim().length >= minLength),
        },
      ),
    );
  }

  /** Query and path values are text on the wire: numbers become their decimal form, and raw escapes pass through. */
  param(schemaIn: Schema, name: string): fc.Arbitrary<unknown> {
    const value = this.value(schemaIn, name, 0);
    return fc.oneof(
      { weight: 6, arbitrary: value },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_URL_PARTS) },
      // A cursor is opaque but decodable (base64url JSON): one that decodes to hostile parts must be refused too.
      {
        weight: name === 'cursor' ? 3 : 0,
        arbitrary: fc
          .array(fc.oneof(hostileString(fc.constant('x')), hostileNumber, fc.constant('x')), { minLength: 1, maxLength: 3 })
          .map((parts) => Buffer.from(serialize(parts), 'utf8').toString('base64url')),
      },
    );
  }
}

interface Operation {
  method: string;
  path: string;
  op: Schema;
  /** `visit`, `complaint` or `rescue` actions name the stages that accept them in their description. */
  stages?: string[];
  roles: readonly string[];
}

type Kind = 'visit' | 'complaint' | 'rescue';
interface Entity {
  kind: Kind;
  id: string;
  stage: string;
  busy: boolean;
  /** Answered 5xx or never answered: kept out of further requests, checked again at the end. */
  jammed: boolean;
}

const END: Record<Kind, string[]> = {
  visit: ['closed', 'cancelled', 'no_show', 'aftercare'],
  complaint: ['closed'],
  rescue: ['towed_in', 'resolved_on_site', 'cancelled'],
};
const STAFF_IDS: Record<string, string> = {
  advisor: 'adv-lena',
  technician: 'tech-omar',
  qc: 'qc-kim',
  foreman: 'fm-jo',
  manager: 'mgr-eva',
  admin: 'admin-1',
};
const harnessIds = new Set(Object.values(STAFF_IDS));
const KIND_OF: Record<string, Kind> = { visits: 'visit', complaints: 'complaint', rescues: 'rescue', approvals: 'visit' };

interface Violation {
  operation: string;
  cause: string;
  status: number;
  suspects: string[];
  request: string;
  response: string;
}

const excerpt = (text: string, n = 300) => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);

describe('hostile input through every operation of the document', () => {
  const stack = useTestStack({ technicians: true });
  let app: ReturnType<typeof createApp>;
  let doc: Schema;
  let operations: Operation[];
  const entities: Entity[] = [];
  const violations: Violation[] = [];
  /** Answers per operation and status: shows whether the generated requests get past validation. */
  const statuses: Record<string, Record<number, number>> = {};
  const firstAnswers: Record<string, string> = {};
  /** What the last two checks found, for the report file. */
  const stuck: string[] = [];
  const tally = (key: string, bucket: number, by = 1) => {
    const counts = statuses[key] ?? {};
    counts[bucket] = (counts[bucket] ?? 0) + by;
    statuses[key] = counts;
  };
  const staffTokens = new Map<string, string>();

  const request = async (method: string, path: string, role: string | null, body?: unknown, token?: string) => {
    const headers: Record<string, string> = {};
    const bearer = token ?? (role ? staffTokens.get(role) : undefined);
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (method === 'POST') headers['idempotency-key'] = randomUUID();
    if (body !== undefined) headers['content-type'] = 'application/json';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Response>((resolve) => {
      timer = setTimeout(
        () => resolve(new Response(`no answer within ${REQUEST_TIMEOUT_MS} ms`, { status: 599 })),
        REQUEST_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([
        app.request(path, { method, headers, body: body === undefined ? undefined : serialize(body) }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  /** A valid request the fixtures need; anything but 2xx is a broken harness, not a finding. */
  // The harness's own reads: a query a busy worker could not answer in time is asked again (it is the test
  // asking, not a client of the API, so it is not a finding).
  const visitState = async (id: string): Promise<VisitState> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await stateOf(stack, id);
      } catch (err) {
        if (attempt >= 5 || !/DEADLINE_EXCEEDED/.test(String((err as { cause?: unknown }).cause ?? err))) throw err;
      }
    }
  };
  const must = async (method: string, path: string, role: string, body?: unknown) => {
    // The run's own valid PATCHes may mark the harness's staff as gone or move them to another job, whose tokens
    // then open nothing (a token's role must be the directory's): the fixtures put them back first.
    for (const [role, id] of Object.entries(STAFF_IDS))
      await stack.database.db.update(staff).set({ active: true, role }).where(eq(staff.id, id));
    await stack.database.db
      .update(technicians)
      .set({ active: true })
      .where(inArray(technicians.id, [...harnessIds]));
    const res = await request(method, path, role, body);
    const text = await res.text();
    if (res.status >= 300) throw new Error(`fixture ${method} ${path} → ${res.status} ${excerpt(text)}`);
    return JSON.parse(text);
  };

  // The fixtures: how to bring an entity to a stage with valid steps. This is the one part that knows the process.
  const HOUR = 3_600_000;
  /** The next valid step of a visit in each stage (null: the stage takes no action). */
  const visitStep = async (id: string): Promise<[string, string, unknown] | null> => {
    const s = await visitState(id);
    switch (s.stage) {
      case 'booked':
        // Confirmed: at any hour the suite runs, and whatever the walk did to the calendar, the move goes through.
        return ['reschedule', 'advisor', { appointmentAt: new Date(Date.now() + 50 * HOUR).toISOString(), confirmClosed: true }];
      case 'reception':
        return s.arrival
          ? [
              'record_inspection',
              'advisor',
              { damages: [], valuables: [], fuelLevel: 'half', mileage: 61_000, customerSignature: signature('C') },
            ]
          : ['arrive', 'advisor', { coversFitted: true, mileage: 61_000 }];
      case 'diagnosis':
        return s.diagnosis
          ? [
              'submit_estimate',
              'advisor',
              {
                promisedAt: new Date(Date.now() + 8 * HOUR).toISOString(),
                lines: [
                  { kind: 'labour', description: 'Annual service', quantity: 1.5, unitPriceCents: 9_000 },
                  { kind: 'part', description: 'Oil filter', quantity: 1, unitPriceCents: 1_250 },
                ],
              },
            ]
          : ['record_diagnosis', 'technician', { findings: 'Service due', roadTest: false }];
      case 'awaiting_approval': {
        const open = s.approvals.find((a) => !a.decidedAt);
        const pending = s.lines.filter((l) => l.status === 'proposed' && open?.lineIds.includes(l.id));
        return [
          'decide',
          'advisor',
          {
            decisions: pending.map((l) => ({ lineId: l.id, approved: true })),
            consent: { method: 'signature', signature: signature('C') },
          },
        ];
      }
      case 'awaiting_dispatch': {
        // The run's own valid PATCHes may have taken technicians off the rota, re-graded them or narrowed their
        // shifts; the fixture puts them back, then gives the job to the harness's technician, who alone may work
        // on it (domain/assignment-rules.ts), so the repair's hostile requests reach its validator. Whatever the
        // plan proposes, a reason makes the choice stand.
        await stack.database.db.update(technicians).set({ active: true, skillLevel: 3, shift: null });
        return [
          'assign_technician',
          'foreman',
          { technicianId: STAFF_IDS.technician, overrideReason: 'Fixture: the harness technician works on it' },
        ];
      }
      // The foreman, who may record the work for whichever technician the run's own requests dispatched it to.
      case 'in_repair':
        return s.work.inProgress ? ['complete_work', 'foreman', workCompleted] : ['start_work', 'foreman', workStarted];
      case 'quality_check':
        return ['record_qc', 'qc', qcPassed];
      case 'ready_for_pickup':
        return ['record_pickup', 'advisor', pickup(s.totals.totalCents)];
      case 'follow_up':
        return ['record_follow_up', 'advisor', { reached: true, satisfaction: 4 }];
      default:
        return null;
    }
  };
  /**
   * Preconditions beyond the stage, met with the visit's own next valid step (an inspection needs the arrival,
   * an estimate the diagnosis, completing the work its start), so the hostile payload meets the validator.
   */
  const READY: Record<string, (s: VisitState) => boolean> = {
    record_inspection: (s) => s.arrival !== undefined,
    submit_estimate: (s) => s.diagnosis !== undefined,
    complete_work: (s) => s.work.inProgress,
    assign_technician: (s) => s.dispatch.proposal !== null,
  };
  const prepare = async (e: Entity, action: string) => {
    const ready = READY[action];
    if (!ready || ready(await visitState(e.id))) return;
    const step = await visitStep(e.id);
    if (step && step[0] !== action) await must('POST', `/visits/${e.id}/actions/${step[0]}`, step[1], step[2]);
  };
  // The stages a walk-in passes through on its way to the follow-up call, in the contract's order.
  const VISIT_FLOW: string[] = Stage.options.slice(Stage.options.indexOf('reception'), Stage.options.indexOf('follow_up') + 1);
  const COMPLAINT_OWNER = `owner-${randomUUID()}`;
  let ownerAdded: Promise<unknown> | undefined;
  const COMPLAINT_STEPS: [string, string, unknown][] = [
    ['assign', 'received', { assigneeId: COMPLAINT_OWNER, acknowledgement: 'Called the customer back' }],
    ['propose_solution', 'assigned', { solution: 'Replace the part free of charge' }],
    ['carry_out', 'solution_proposed', { notes: 'Part replaced' }],
    ['report_outcome', 'carried_out', { explanation: 'Faulty part', remedy: 'Replaced', channel: 'phone' }],
  ];
  const RESCUE_STEPS: [string, string, () => unknown][] = [
    ['set_out', 'dispatched', () => ({ crew: 'Truck 2', etaAt: new Date(Date.now() + HOUR).toISOString() })],
    ['arrive', 'on_the_way', () => ({ notes: 'At the vehicle' })],
  ];
  let phones = 0;

  const build = async (kind: Kind, stage: string): Promise<Entity> => {
    if (kind === 'visit') {
      const id =
        stage === 'booked'
          ? await bookVisit(stack, { inMs: 48 * HOUR, policy: {} })
          : await walkIn(stack, { policy: {}, body: newVisitBody() });
      if (stage !== 'booked') {
        const target = VISIT_FLOW.indexOf(stage);
        if (target < 0) throw new Error(`no visit fixture for stage ${stage}`);
        for (;;) {
          const s = await visitState(id);
          if (VISIT_FLOW.indexOf(s.stage) >= target) break;
          const step = await visitStep(id);
          if (!step) throw new Error(`visit fixture stuck at ${s.stage}`);
          await must('POST', `/visits/${id}/actions/${step[0]}`, step[1], step[2]);
        }
      }
      return { kind, id, stage: (await visitState(id)).stage, busy: true, jammed: false };
    }
    if (kind === 'complaint') {
      // The owner is someone only the fixtures know: the run's own requests may mark anyone it can name as gone.
      ownerAdded ??= must('POST', '/staff', 'admin', { id: COMPLAINT_OWNER, name: 'Complaint Owner', role: 'advisor' });
      await ownerAdded;
      const { complaintId } = await must('POST', '/complaints', 'manager', {
        description: 'The rattle is still there',
        plate: 'B-HX-1',
      });
      let current = 'received';
      for (const [name, from, body] of COMPLAINT_STEPS) {
        if (current === stage) break;
        if (from !== current) throw new Error(`complaint fixture: ${name} from ${current}`);
        current = (await must('POST', `/complaints/${complaintId}/actions/${name}`, 'manager', body)).stage;
      }
      if (current !== stage) throw new Error(`no complaint fixture for stage ${stage}`);
      return { kind, id: complaintId, stage, busy: true, jammed: false };
    }
    const call = await must('POST', '/hotline/calls', 'advisor', {
      callerName: 'Mara Stein',
      phone: `+49 30 555${String(++phones).padStart(4, '0')}`,
      summary: 'Broke down on the ring road',
      category: 'rescue',
      location: 'A100 exit Tempelhofer Damm',
    });
    let current = 'dispatched';
    for (const [name, from, body] of RESCUE_STEPS) {
      if (current === stage) break;
      if (from !== current) throw new Error(`rescue fixture: ${name} from ${current}`);
      current = (await must('POST', `/rescues/${call.rescueId}/actions/${name}`, 'advisor', body())).stage;
    }
    if (current !== stage) throw new Error(`no rescue fixture for stage ${stage}`);
    return { kind, id: call.rescueId, stage, busy: true, jammed: false };
  };

  /** An idle entity of this kind in one of the stages, built when none is free; leased until `release`. */
  const lease = async (kind: Kind, stages?: string[]): Promise<Entity> => {
    const fits = (e: Entity) =>
      e.kind === kind && !e.busy && !e.jammed && (stages ? stages.includes(e.stage) : !END[kind].includes(e.stage));
    const free = entities.find(fits);
    if (free) {
      free.busy = true;
      return free;
    }
    const stage =
      stages?.find((s) => kind !== 'visit' || s === 'booked' || VISIT_FLOW.includes(s)) ??
      (kind === 'visit' ? 'reception' : kind === 'complaint' ? 'received' : 'dispatched');
    const started = Date.now();
    const built = await build(kind, stage);
    // Bucket 0 counts the fixtures built, bucket 1 the milliseconds they took.
    tally(`fixture ${kind} ${stage}`, 0);
    tally(`fixture ${kind} ${stage}`, 1, Date.now() - started);
    entities.push(built);
    return built;
  };

  const currentStage = async (e: Entity): Promise<string> => {
    try {
      const handle = stack.client.workflow.getHandle(e.id);
      const state: { stage: string } =
        e.kind === 'visit'
          ? await handle.query<VisitState>('state')
          : e.kind === 'complaint'
            ? await handle.query(complaintStateQuery)
            : await handle.query(rescueStateQuery);
      return state.stage;
    } catch {
      return END[e.kind][0] as string;
    }
  };

  /** Values only the entity knows, for fields the generator marked as hints. */
  const hintsFor = async (e: Entity | undefined): Promise<Record<string, unknown[]>> => {
    const visits = entities.filter((x) => x.kind === 'visit').map((x) => x.id);
    const hints: Record<string, unknown[]> = {
      visitId: visits,
      technicianId: ['tech-omar', 'tech-ivy', 'tech-ben'],
      advisorId: ['adv-lena'],
      assigneeId: ['adv-lena', 'mgr-eva'],
    };
    if (e?.kind !== 'visit') return hints;
    const s = await visitState(e.id);
    const open = s.approvals.find((a) => !a.decidedAt);
    hints.lineId = [...(open?.lineIds ?? []), ...s.lines.map((l) => l.id)];
    hints.offeredFromLineId = s.declinedBefore.map((d) => d.lineId);
    hints.amountCents = [s.totals.totalCents];
    hints.customerId = [s.customer.id];
    hints.vin = [s.vehicle.vin];
    if (s.dispatch.proposal) hints.technicianId = [s.dispatch.proposal.technicianId];
    return hints;
  };

  const resolveHints = (value: unknown, hints: Record<string, unknown[]>): unknown => {
    if (value instanceof Hint) {
      const options = hints[value.field] ?? [];
      return options.length > 0 ? options[value.pick % options.length] : value.fallback;
    }
    if (Array.isArray(value)) return value.map((v) => resolveHints(v, hints));
    if (value && typeof value === 'object' && !(value instanceof Raw))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveHints(v, hints)]));
    return value;
  };

  /** Ids a path parameter can take: the entity's own, or what the collection's list route answers. */
  const pathValue = async (op: Operation, name: string, entity: Entity | undefined): Promise<string | undefined> => {
    const collection = op.path.split('/')[1] as string;
    const schema = (op.op.parameters as Schema[]).find((p) => p.in === 'path' && p.name === name)?.schema;
    if (schema?.enum) return schema.enum[Math.floor(Math.random() * schema.enum.length)];
    if (name === 'token' && entity) {
      const link = await request('POST', `/visits/${entity.id}/approval-links`, 'advisor', {});
      return link.status === 201 ? (await readJson(link)).token : undefined;
    }
    if (entity) return entity.id;
    if (collection === 'customers' || collection === 'vehicles') {
      const visit = entities.find((e) => e.kind === 'visit');
      if (!visit) return undefined;
      const s = await visitState(visit.id);
      return collection === 'customers' ? s.customer.id : s.vehicle.vin;
    }
    const list = await request('GET', `/${collection}`, 'admin');
    if (list.status !== 200) return undefined;
    const json = await readJson(list);
    const listed: { id?: string }[] = Array.isArray(json) ? json : (json.items ?? []);
    // Not the harness's own staff: a valid PATCH moving one to another job would void its token for the operations
    // running beside this one (a token's role must be the directory's), before their fixtures could put it back.
    const items = collection === 'staff' ? listed.filter((item) => !harnessIds.has(item.id ?? '')) : listed;
    return items[Math.floor(Math.random() * items.length)]?.id;
  };

  // What in a request is likely to have caused a finding: escaped controls and surrogates, long digit runs, far years.
  const SUSPECTS =
    /\\u00[0-9a-f]{2}|\\ud[89a-f][0-9a-f]{2}|%00|%ED%A0%80|\d{10,}|\b(0000|0001|0099|1900|9999|\+275760)-\d\d-\d\d/gi;
  const record = (operation: string, cause: string, status: number, sent: string, text: string) =>
    violations.push({
      operation,
      cause,
      status,
      suspects: [...new Set(sent.match(SUSPECTS) ?? [])],
      request: excerpt(sent, 1_000),
      response: excerpt(text, 600),
    });

  /** One generated request: the entity it needs, its parameters and body resolved, its answer checked. */
  async function send(o: Operation, plan: GeneratedRequest) {
    const kind = KIND_OF[o.path.split('/')[1] as string];
    const needsEntity = kind !== undefined && /\{(id|token)\}/.test(o.path);
    const stages =
      o.stages ?? (o.path.startsWith('/approvals/') || o.path.endsWith('/approval-links') ? ['awaiting_approval'] : undefined);
    const entity = needsEntity && kind ? await lease(kind, stages) : undefined;
    try {
      const action = o.path.match(/^\/visits\/\{id\}\/actions\/(\w+)$/)?.[1];
      if (entity && action) await prepare(entity, action);
      const hints = await hintsFor(entity);
      let path = o.path;
      for (const [name, choice] of Object.entries(plan.path)) {
        const value = choice.hostile ? encodePart(choice.value) : await pathValue(o, name, entity);
        path = path.replace(`{${name}}`, value === undefined ? 'unknown' : choice.hostile ? value : encodeURIComponent(value));
      }
      const query = Object.entries(plan.query)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodePart(resolveHints(v, hints))}`)
        .join('&');
      if (query) path += `?${query}`;
      const body = o.op.requestBody ? resolveHints(plan.body ?? {}, hints) : undefined;
      const token = plan.hostileStaff
        ? (
            await signStaffToken(
              { id: plan.hostileStaff.id, role: plan.role as StaffRole, name: plan.hostileStaff.name },
              devSettings().staffTokenKey,
              3600,
            )
          ).token
        : undefined;
      const isPublic = Array.isArray(o.op.security) && o.op.security.length === 0;
      const res = await request(o.method, path, isPublic ? null : plan.role, body, token);
      const text = await res.text();
      const who = plan.hostileStaff
        ? `token sub ${JSON.stringify(plan.hostileStaff.id)} name ${JSON.stringify(plan.hostileStaff.name)}`
        : `as ${plan.role}`;
      const sent = `(${who}) ${o.method} ${path}${body === undefined ? '' : ` ${serialize(body)}`}`;
      const operation = `${o.method} ${o.path}`;
      tally(operation, res.status);
      firstAnswers[`${operation} ${res.status}`] ??= excerpt(text, 200);
      if (res.status >= 500) record(operation, `status ${res.status}`, res.status, sent, text);
      if (SQL.test(text)) record(operation, 'SQL in the answer', res.status, sent, text);
      if (STACK.test(text)) record(operation, 'stack in the answer', res.status, sent, text);
      // Every number the API takes has a bound of its own (it fits its column): zod's safe-integer range is no bound
      // to tell a client, who would send 3,000,001 km next.
      if (res.status < 500 && SAFE_RANGE.test(text))
        record(operation, 'the safe-integer range named as a bound', res.status, sent, text);
      if (entity) {
        if (res.status >= 500) entity.jammed = true;
        else if (res.status === 200 && typeof JSON.parse(text)?.stage === 'string' && !o.path.startsWith('/approvals/'))
          entity.stage = JSON.parse(text).stage;
        else entity.stage = await currentStage(entity);
      }
      // Workflows started through the API are checked at the end like the fixtures.
      if (o.method === 'POST' && res.status < 300) {
        const created = JSON.parse(text);
        if (typeof created.visitId === 'string' && !entities.some((e) => e.id === created.visitId))
          entities.push({ kind: 'visit', id: created.visitId, stage: 'created', busy: true, jammed: false });
      }
    } finally {
      if (entity) entity.busy = false;
    }
  }

  interface GeneratedRequest {
    role: string;
    hostileStaff?: { id: string; name: string };
    path: Record<string, { hostile: boolean; value: unknown }>;
    query: Record<string, unknown>;
    body?: unknown;
  }

  const requestArbitrary = (gen: Generator, o: Operation): fc.Arbitrary<GeneratedRequest> => {
    const params: Schema[] = (o.op.parameters ?? []).filter((p: Schema) => p.in === 'path' || p.in === 'query');
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const bodySchema = o.op.requestBody?.content?.['application/json']?.schema;
    const staffText = fc.oneof(fc.constantFrom(...READABLE), hostileString(fc.constant('Staff')));
    return fc.record(
      {
        role: fc.constantFrom(...o.roles),
        // One request in eight carries a token whose own claims are hostile (a NUL in `sub`, say).
        hostileStaff: fc.oneof(
          { weight: 7, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.record({ id: staffText, name: staffText }) },
        ),
        path: fc.record(
          Object.fromEntries(
            pathParams.map((p) => [
              p.name,
              fc.oneof(
                { weight: 5, arbitrary: fc.constant({ hostile: false, value: null }) },
                { weight: 1, arbitrary: gen.param(p.schema, p.name).map((value) => ({ hostile: true, value })) },
              ),
            ]),
          ),
        ),
        // An optional parameter is sent one time in three, so a request with several still often passes validation.
        query: fc
          .record(
            Object.fromEntries(
              queryParams.map((p) => [
                p.name,
                p.required
                  ? gen.param(p.schema, p.name)
                  : fc.oneof(
                      { weight: 2, arbitrary: fc.constant(undefined) },
                      { weight: 1, arbitrary: gen.param(p.schema, p.name) },
                    ),
              ]),
            ),
          )
          .map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined))),
        body: bodySchema ? gen.value(bodySchema) : fc.constant(undefined),
      },
      { requiredKeys: ['role', 'path', 'query', 'body'] },
    ) as fc.Arbitrary<GeneratedRequest>;
  };

  beforeAll(async () => {
    app = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      // The customer routes' rate limit would answer 429 before the input is looked at.
      {
        ...devSettings(),
        customerRateLimit: { limit: 1_000_000, windowMs: 60_000 },
        temporalCallTimeoutMs: TEMPORAL_DEADLINE_MS,
      },
    );
    for (const role of StaffRole.options)
      staffTokens.set(
        role,
        (await signStaffToken({ id: STAFF_IDS[role] as string, role, name: `Test ${role}` }, devSettings().staffTokenKey, 3600))
          .token,
      );
    doc = await readJson(await app.request('/openapi.json'));
    operations = Object.entries<Record<string, Schema>>(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => {
        const description: string = op.description ?? '';
        const stages = description.match(/^Accepted while the \w+ is ([^.]+)\./)?.[1]?.match(/`(\w+)`/g);
        const roles = description.match(/Roles: ([\w, ]+)\./)?.[1]?.split(', ');
        return {
          method: method.toUpperCase(),
          path,
          op,
          stages: stages?.map((s) => s.replaceAll('`', '')),
          // Undocumented roles: every role tries (a 403 is a fine answer), the admin, who may do all, most often.
          roles: roles ?? [...StaffRole.options, 'admin', 'admin', 'admin'],
        };
      }),
    );
  }, 180_000);
  afterAll(async () => {
    if (process.env.HOSTILE_REPORT)
      writeFileSync(
        process.env.HOSTILE_REPORT,
        JSON.stringify({ seed: SEED, violations, stuck, statuses, firstAnswers }, null, 1),
      );
  });

  it('reads every operation, and the stages each action is accepted in', () => {
    expect(operations.length).toBeGreaterThan(50);
    const actions = operations.filter((o) => /\/actions\//.test(o.path));
    expect(actions.length).toBeGreaterThanOrEqual(29);
    for (const o of actions) expect(o.stages, o.path).toBeDefined();
  });

  /** Reads need no fixture and answer fast, so they get more runs; writes that start workflows, twice as many. */
  const runsFor = (o: Operation) => {
    if (/\{(id|token)\}/.test(o.path) && KIND_OF[o.path.split('/')[1] as string]) return RUNS;
    return o.method === 'GET' ? RUNS * 4 : RUNS * 2;
  };

  it('answers every hostile request below 500, without SQL or a stack', async () => {
    const hintable = new Set([
      'lineId',
      'offeredFromLineId',
      'technicianId',
      'advisorId',
      'assigneeId',
      'amountCents',
      'visitId',
      'customerId',
      'vin',
    ]);
    const generators = [1, 4, 10].map((weight) => new Generator(doc, hintable, weight));
    const queue = [...operations.entries()];
    const errors: unknown[] = [];
    const workerLoop = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [index, o] = next;
        try {
          await fc.assert(
            fc.asyncProperty(fc.oneof(...generators.map((gen) => requestArbitrary(gen, o))), async (plan) => {
              await send(o, plan);
            }),
            { numRuns: runsFor(o), seed: SEED + index, endOnFailure: true },
          );
        } catch (err) {
          errors.push(err);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, workerLoop));
    expect(errors, `harness errors (seed ${SEED})`).toEqual([]);
    expect(summarize(violations), `seed ${SEED}`).toEqual([]);
  }, 600_000);

  it('leaves no workflow with a failing activity or workflow task', async () => {
    const failing = async () => {
      const found: string[] = [];
      for await (const wf of stack.client.workflow.list({ query: `TaskQueue = '${stack.taskQueue}'` })) {
        const d = await stack.client.workflow.getHandle(wf.workflowId, wf.runId).describe();
        for (const a of d.raw.pendingActivities ?? [])
          if ((a.attempt ?? 0) > 1 || a.lastFailure)
            found.push(
              `${d.type} ${wf.workflowId}: activity ${a.activityType?.name} attempt ${a.attempt}: ` +
                `${excerpt(a.lastFailure?.message ?? '', 200)} (cause: ${excerpt(a.lastFailure?.cause?.message ?? '', 200)})`,
            );
        const task = d.raw.pendingWorkflowTask;
        if (task && (task.attempt ?? 0) > 1) found.push(`${d.type} ${wf.workflowId}: workflow task attempt ${task.attempt}`);
        if (d.status.name === 'FAILED' || d.status.name === 'TERMINATED')
          found.push(`${d.type} ${wf.workflowId}: ${d.status.name}`);
      }
      return found;
    };
    // Activities run after their update answered: a first failure shows up a moment later, a passing one clears.
    let found = await failing();
    for (let i = 0; i < 10 && found.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      found = await failing();
    }
    stuck.push(...found);
    expect(found, `seed ${SEED}`).toEqual([]);
  }, 300_000);

  it('lets every visit it touched take a valid next action', async () => {
    const refused: string[] = [];
    const visits = entities.filter((e) => e.kind === 'visit');
    const check = async (e: Entity) => {
      const step = await visitStep(e.id).catch(() => null);
      if (!step) return;
      const res = await request('POST', `/visits/${e.id}/actions/${step[0]}`, step[1], step[2]);
      if (res.status !== 200) refused.push(`${e.id} ${step[0]} → ${res.status} ${excerpt(await res.text(), 200)}`);
    };
    for (let i = 0; i < visits.length; i += 8) await Promise.all(visits.slice(i, i + 8).map(check));
    stuck.push(...refused);
    expect(refused, `seed ${SEED}`).toEqual([]);
  }, 300_000);
});

/** One line per distinct finding (operation, cause and the error's message), with a count and one reproduction. */
function summarize(violations: Violation[]) {
  const groups = new Map<string, { count: number; example: Violation }>();
  for (const v of violations) {
    const message =
      v.response.match(/"message":"([^"]{0,80})/)?.[1]?.replace(/[0-9a-f-]{36}/g, '<id>') ?? v.response.slice(0, 80);
    const key = `${v.operation} | ${v.cause} | ${message}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, example: v });
  }
  return [...groups.entries()].map(
    ([key, g]) =>
      `${key} ×${g.count}\n    suspects: ${g.example.suspects.join(' ')}\n    ${excerpt(g.example.request, 400)}\n    → ${g.example.response}`,
  );
}
