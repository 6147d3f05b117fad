import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { OpenTask, TaskOpened } from '../../activities/tasks.js';
import type { EventWritten, VisitEventRecord } from '../../activities/visit-records.js';
import { historyOfAllRuns } from '../../api/history/runs.js';
import { signStaffToken } from '../../api/tokens.js';
import { complaints } from '../../db/care-schema.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { consents, invoices, outbox, serviceHistory, tasks, visitEvents, visitForms, visits } from '../../db/schema.js';
import { readVisit } from '../../db/visit-view.js';
import type { StaffRole } from '../../domain/roles.js';
import type { VisitState } from '../../domain/visit-state.js';
import { LOCAL_ACTIVITY_MARKER } from '../../runtime/history-json.js';
import { cachedWorkflowBundle, prebuiltWorkflowBundle } from '../../runtime/workflow-bundle.js';
import { seedCatalogue } from '../../scripts/demo/catalogue.js';
import { ApiError, ServicelaneClient } from '../../scripts/demo/client.js';
import { DEMO_ADVISORS, DEMO_POLICY, playVisit, random, type VisitOutcome } from '../../scripts/demo/day.js';
import { createDatabase } from '../support/postgres.js';
import { type AppProcess, kill, startAppProcess } from '../support/worker-process.js';

/**
 * The production shape: `npm run build`, then two `npm run worker` and two `npm run api` processes against a
 * Temporal server and a PostgreSQL database of their own, a day of visits played through both APIs by clients
 * that retry like real ones, and one worker and one API SIGKILLed in the middle.
 */
const VISITS = 16;
/** This seed's day has no-shows, walk-ins, approvals on the signed link and by phone, extra work, a QC rework,
 * declined lines, unreached follow-up calls and complaints (`playVisit` draws them the same way each run). */
const SEED = 1;
/**
 * The demo's day, with room for a crash: a customer whose arrival is held up by it still counts as arrived,
 * and a follow-up call logged late still counts (the demo's 5 s grace and 90 s window are for a calm day).
 */
const POLICY = { ...DEMO_POLICY, noShowGraceMs: 30_000, followUpWindowMs: 600_000 };
/** Appointments 30–60 s ahead: a booking slowed down by a busy machine is still in the future when it lands. */
const BOOK_AHEAD_MS = 30_000;
/** The crash comes once every booked customer was due, with most visits mid-way. */
const KILL_AFTER_MS = BOOK_AHEAD_MS + 35_000;
/** A deadline that names each unfinished visit's last call, rather than a bare test timeout. */
const DAY_ENDS_WITHIN_MS = 300_000;

const root = fileURLToPath(new URL('../..', import.meta.url));
const STAFF: [StaffRole, string][] = [
  ['advisor', 'adv-lena'],
  ['technician', 'tech-omar'],
  ['foreman', 'fm-jo'],
  ['qc', 'qc-kim'],
  ['manager', 'mgr-eva'],
  ['admin', 'adm-ida'],
];

let database: DatabaseHandle;
let dropDatabase: () => Promise<void>;
let temporal: Client;
let url: string;
const started: AppProcess[] = [];

beforeAll(async () => {
  ({ url, drop: dropDatabase } = await createDatabase(inject('postgresUrl')));
  // What a release ships: the bundle the production workers below must load instead of bundling.
  await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
  temporal = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
}, 240_000);

afterAll(async () => {
  await Promise.all(started.map((p) => kill(p.child)));
  await temporal?.connection.close();
  await database?.close();
  await dropDatabase?.();
});

it(`two workers and two APIs, one of each SIGKILLed mid-day: all ${VISITS} visits finish with every record once`, async () => {
  const taskQueue = `topology-${randomUUID()}`;
  const secret = randomBytes(36).toString('base64url');
  const shared = {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '4',
    AUTH_SECRET: secret,
    PUBLIC_URL: 'https://service.example',
    SHOP_TIME_ZONE: 'Europe/Berlin',
  };
  const startWorker = async () => {
    const worker = await startAppProcess('worker.ts', { ...shared, NODE_ENV: 'production' }, 'worker running');
    started.push(worker);
    return worker;
  };
  // The APIs run outside production only because the day's short timers are a per-visit override that
  // production refuses; their tokens are signed with AUTH_SECRET as in production (no dev tokens).
  const startApi = async (port: number) => {
    const api = await startAppProcess('api/main.ts', { ...shared, NODE_ENV: 'test', PORT: String(port) }, 'api listening');
    started.push(api);
    const line = api.startup.split('\n').find((l) => l.includes('api listening')) as string;
    return { ...api, url: (JSON.parse(line) as { url: string }).url };
  };

  // All four migrate the fresh database at once, as a deployment starting up does.
  let [workerA, workerB, apiA, apiB] = await Promise.all([startWorker(), startWorker(), startApi(0), startApi(0)]);
  for (const worker of [workerA, workerB])
    expect(worker.startup).toContain(`"workflowBundle":"${join(root, 'dist', 'workflows.js')}"`);

  const log: DayLog = { answered: 0, retries: [], retriedDecisionsRefused: [] };
  // One client per visit, taking turns between the two APIs; each remembers where its visit is.
  const clients = Array.from({ length: VISITS }, () => new TrackedClient([apiA.url, apiB.url], log));
  for (const [role, id] of STAFF) {
    const { token } = await signStaffToken({ id, role, name: id }, secret, 3_600);
    for (const client of clients) client.authorize(role, token);
  }
  for (const technician of [
    { id: 'tech-omar', name: 'Omar', skillLevel: 2 },
    { id: 'tech-ivy', name: 'Ivy', skillLevel: 3 },
    { id: 'tech-ben', name: 'Ben', skillLevel: 1 },
  ])
    await (clients[0] as TrackedClient).as('manager').post('/technicians', technician);
  // Bookings name their advisor from the staff directory; estimates are priced from the demo's catalogue.
  for (const advisor of DEMO_ADVISORS) await (clients[0] as TrackedClient).as('admin').post('/staff', advisor);
  await seedCatalogue(clients[0] as TrackedClient);

  const day = Promise.all(
    clients.map((client, n) => playVisit(client, n, random(SEED * 1_000 + n), { policy: POLICY, bookAheadMs: BOOK_AHEAD_MS })),
  );
  const midDay = await Promise.race([
    day.then(() => false),
    new Promise<true>((resolve) => setTimeout(() => resolve(true), KILL_AFTER_MS)),
  ]);
  expect(midDay, 'the day ended before the crash').toBe(true);
  await Promise.all([kill(workerA.child), kill(apiA.child)]);
  const answeredAtCrash = log.answered;
  // The API comes back on its address, where its clients (and a load balancer) look for it.
  [workerA, apiA] = await Promise.all([startWorker(), startApi(Number(new URL(apiA.url).port))]);
  const outcomes = await Promise.race([
    day,
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        const where = clients.map((c, n) => `  visit ${n}: ${c.last}`).join('\n');
        reject(new Error(`the day did not end within ${DAY_ENDS_WITHIN_MS / 1000} s of the crash:\n${where}`));
      }, DAY_ENDS_WITHIN_MS).unref(),
    ),
  ]);
  expect(log.answered).toBeGreaterThan(answeredAtCrash);
  // Requests sent to the dead API went to the other one, with the same Idempotency-Key.
  expect(log.retries).toContain('unreachable');

  const visitIds = outcomes.map((o) => o.visitId);
  await Promise.all(visitIds.map((id) => temporal.workflow.getHandle(id).result()));
  const workflows = await quietWorkflowsOn(taskQueue);
  expect(
    workflows
      .filter((w) => w.type === 'visit')
      .map((w) => w.id)
      .sort(),
  ).toEqual([...visitIds].sort());

  database = openDatabase({ url, poolSize: 2 });
  const { db } = database;
  const wanted = await Promise.all(workflows.map((w) => writesOf(w.id)));

  // No booking was opened twice by a retry: one visit row per visit the clients were told about.
  const visitRows = await db.select({ id: visits.id, stage: visits.stage }).from(visits);
  expect(visitRows.map((v) => v.id).sort()).toEqual([...visitIds].sort());
  const rows = {
    events: await db.select({ visitId: visitEvents.visitId, seq: visitEvents.seq }).from(visitEvents),
    forms: await db.select({ visitId: visitForms.visitId, id: visitForms.id }).from(visitForms),
    consents: await db.select({ visitId: consents.visitId, id: consents.id }).from(consents),
    invoices: await db.select({ visitId: invoices.visitId }).from(invoices),
    serviceHistory: await db.select({ visitId: serviceHistory.visitId }).from(serviceHistory),
  };
  let noShows = 0;
  for (const [index, workflow] of workflows.entries()) {
    if (workflow.type !== 'visit') continue;
    const id = workflow.id;
    const writes = wanted[index] as Writes;
    // The visit as the read model holds it: a visit in its compact aftercare run answers no state query.
    const state = (await readVisit(db, id)) as VisitState;
    expect(state, id).not.toBeNull();
    const outcome = outcomes.find((o) => o.visitId === id) as VisitOutcome;
    // The timeline the workflow keeps, the events it asked to record and the rows: the same, once each.
    const seqs = rows.events.filter((r) => r.visitId === id).map((r) => r.seq);
    expect(seqs.sort(numeric), id).toEqual(state.timeline.map((e) => e.seq).sort(numeric));
    expect(seqs, id).toEqual(writes.events.sort(numeric));
    expect(idsOf(rows.forms, id), id).toEqual(writes.forms.sort());
    expect(idsOf(rows.consents, id), id).toEqual(writes.consents.sort());
    const delivered = state.pickup ? 1 : 0;
    expect([writes.invoices, writes.serviceHistory], id).toEqual([delivered, delivered]);
    expect(
      rows.invoices.filter((r) => r.visitId === id),
      id,
    ).toHaveLength(delivered);
    expect(
      rows.serviceHistory.filter((r) => r.visitId === id),
      id,
    ).toHaveLength(delivered);
    expect(state.stage, id).toBe(outcome.kind === 'appointment' && !state.arrival ? 'no_show' : 'closed');
    expect(visitRows.find((v) => v.id === id)?.stage, id).toBe(state.stage);
    expect(state.reworkCount, id).toBe(outcome.reworks);
    if (state.stage === 'no_show') noShows++;
  }

  // Tasks and messages are keyed by the workflow's own ids: each one asked for is there, and nothing else.
  const taskRows = await db.select({ id: tasks.id, attempts: tasks.attempts }).from(tasks);
  const wantedTasks = new Map<string, number>();
  for (const w of wanted) for (const [id, attempt] of w.tasks) wantedTasks.set(id, Math.max(attempt, wantedTasks.get(id) ?? 0));
  expect(Object.fromEntries(taskRows.map((t) => [t.id, t.attempts]))).toEqual(Object.fromEntries(wantedTasks));
  const messageRows = await db.select({ id: outbox.id, status: outbox.status }).from(outbox);
  expect(messageRows.map((m) => m.id).sort()).toEqual([...new Set(wanted.flatMap((w) => w.messages))].sort());
  expect(messageRows.filter((m) => m.status !== 'sent')).toEqual([]);
  const complaintWorkflows = workflows.filter((w) => w.type === 'complaint').length;
  expect((await db.select({ id: complaints.id }).from(complaints)).length).toBe(complaintWorkflows);

  // The day had the variety the seed promises, so the checks above covered every kind of visit.
  expect(outcomes.filter((o) => o.kind === 'walk_in').length).toBeGreaterThan(0);
  expect(noShows).toBeGreaterThan(0);
  expect(outcomes.filter((o) => o.extraWork).length).toBeGreaterThan(0);
  expect(outcomes.reduce((n, o) => n + o.reworks, 0)).toBeGreaterThan(0);
  expect(outcomes.reduce((n, o) => n + o.declined, 0)).toBeGreaterThan(0);
  expect(complaintWorkflows).toBeGreaterThan(0);
  expect(wanted.flatMap((w) => w.messages).length).toBeGreaterThan(VISITS);

  // README, Idempotency: a retry returns the first answer. A customer's decision retried after its answer was
  // lost (API killed, or a 503 while the worker was down) is answered 410 "already decided" instead.
  expect(log.retriedDecisionsRefused, 'retried customer decisions must get their first answer').toEqual([]);
}, 600_000);

it('a production worker starts only from a bundle built from the sources it stands in', () => {
  const dist = join(root, 'dist');
  expect(prebuiltWorkflowBundle(dist)).toBe(join(dist, 'workflows.js'));
  const copy = mkdtempSync(join(tmpdir(), 'servicelane-release-'));
  try {
    // A release tree as deployed: the built bundle next to the sources it was built from.
    const { sources } = JSON.parse(readFileSync(join(dist, 'workflows.manifest.json'), 'utf8')) as { sources: object };
    for (const file of Object.keys(sources)) cpSync(join(root, file), join(copy, file));
    cpSync(dist, join(copy, 'dist'), { recursive: true });
    expect(prebuiltWorkflowBundle(join(copy, 'dist'), copy)).toBe(join(copy, 'dist', 'workflows.js'));

    appendFileSync(join(copy, 'workflows/visit.ts'), '\n// changed after the build\n');
    expect(() => prebuiltWorkflowBundle(join(copy, 'dist'), copy)).toThrow(
      /stale: workflows\/visit\.ts changed since it was built; run `npm run build` again/,
    );
    writeFileSync(join(copy, 'dist', 'workflows.js'), '// another bundle\n');
    expect(() => prebuiltWorkflowBundle(join(copy, 'dist'), copy)).toThrow(/not the bundle its manifest describes/);
    expect(() => prebuiltWorkflowBundle(join(copy, 'nothing-built'), copy)).toThrow(
      /No workflow bundle .*run it before `npm run worker`/,
    );
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

it('npm start bundles the workflows once and reuses that bundle while it matches the sources', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'servicelane-dev-bundle-'));
  try {
    const built = await cachedWorkflowBundle(dir);
    const builtAt = statSync(built).mtimeMs;
    expect(await cachedWorkflowBundle(dir)).toBe(built);
    expect(statSync(built).mtimeMs, 'an unchanged bundle is not written again').toBe(builtAt);
    // Whatever the cached file became, the next start bundles again rather than run it.
    writeFileSync(built, '// another bundle\n');
    expect(await cachedWorkflowBundle(dir)).toBe(built);
    expect(prebuiltWorkflowBundle(dir)).toBe(built);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

interface DayLog {
  answered: number;
  retries: string[];
  /** Retried customer decisions that got something other than their first answer. */
  retriedDecisionsRefused: string[];
}

/** A client that remembers its last call and logs what the whole day's clients went through. */
class TrackedClient extends ServicelaneClient {
  last = 'nothing yet';
  private retried = false;

  constructor(
    baseUrls: string[],
    private readonly log: DayLog,
  ) {
    super(baseUrls, {
      // Long enough to outlast a claim left by the killed API (taken over after 60 s) and a worker's restart.
      retryForMs: 150_000,
      onRetry: (reason) => {
        this.retried = true;
        log.retries.push(reason);
      },
    });
  }

  override async call<T>(...args: Parameters<ServicelaneClient['call']>): Promise<T> {
    const [method, path] = args;
    this.last = `${method} ${path}: waiting since ${new Date().toISOString()}`;
    this.retried = false;
    try {
      const answer = await super.call<T>(...args);
      this.last = `${method} ${path}: answered`;
      this.log.answered++;
      return answer;
    } catch (err) {
      // The customer's decision was recorded by the attempt whose answer was lost; noted and checked at the
      // end, so the records of the whole day are checked first. (playVisit does not read this answer.)
      if (this.retried && method === 'POST' && path.startsWith('/approvals/') && err instanceof ApiError && err.status === 410) {
        this.log.retriedDecisionsRefused.push(err.message.slice(err.message.indexOf(' answered ')));
        this.last = `${method} ${path}: refused on retry`;
        return undefined as T;
      }
      throw err;
    }
  }
}

const numeric = (a: number, b: number) => a - b;
const idsOf = (rows: { visitId: string; id: string }[], visitId: string) =>
  rows
    .filter((r) => r.visitId === visitId)
    .map((r) => r.id)
    .sort();

/** Every workflow the day started on this task queue, once none has an activity left to run. */
async function quietWorkflowsOn(taskQueue: string) {
  const found: { id: string; type: string }[] = [];
  await expect
    .poll(
      async () => {
        found.length = 0;
        // A visit that continued as new is listed once per run.
        for await (const w of temporal.workflow.list({ query: `TaskQueue = '${taskQueue}'` }))
          if (!found.some((f) => f.id === w.workflowId)) found.push({ id: w.workflowId, type: w.type });
        const described = await Promise.all(found.map((w) => temporal.workflow.getHandle(w.id).describe()));
        return described.flatMap((d) =>
          (d.raw.pendingActivities ?? []).map(
            (a) =>
              `${d.type} ${d.workflowId}: ${a.activityType?.name} attempt ${a.attempt}, ${a.lastFailure?.message ?? 'no failure'}`,
          ),
        );
      },
      // An activity lost with the killed worker is retried after its 30 s timeout, and then waits its backoff.
      { timeout: 120_000, interval: 1_000 },
    )
    .toEqual([]);
  return found;
}

interface Writes {
  events: number[];
  forms: string[];
  consents: string[];
  invoices: number;
  serviceHistory: number;
  tasks: [string, number][];
  messages: string[];
}

/** What the workflow asked its activities to write, read from the histories of all its runs. */
async function writesOf(workflowId: string): Promise<Writes> {
  const writes: Writes = { events: [], forms: [], consents: [], invoices: 0, serviceHistory: 0, tasks: [], messages: [] };
  const runs = await historyOfAllRuns(temporal, workflowId);
  for (const event of runs.flatMap((run) => run.events ?? [])) {
    // A visit's event and task writes are local activities: their markers keep what each wrote, not what it was given.
    const marker = event.markerRecordedEventAttributes;
    const markerData = marker?.markerName === LOCAL_ACTIVITY_MARKER ? marker.details?.data?.payloads?.[0] : undefined;
    const markerResult = marker?.details?.result?.payloads?.[0];
    if (markerData && markerResult) {
      const type = defaultPayloadConverter.fromPayload<{ activity_type: string }>(markerData).activity_type;
      const result = defaultPayloadConverter.fromPayload<Record<string, unknown>>(markerResult);
      if (type === 'recordVisitOpened' && typeof result.openedSeq === 'number') writes.events.push(result.openedSeq);
      if (type === 'recordVisitEvent') {
        const written = result as unknown as EventWritten;
        writes.events.push(written.seq);
        if (written.form) writes.forms.push(written.form);
        if (written.consent) writes.consents.push(written.consent);
        if (written.invoice) writes.invoices++;
        if (written.serviceHistory) writes.serviceHistory++;
      }
      if (type === 'openTask') {
        const opened = result as unknown as TaskOpened;
        writes.tasks.push([opened.taskId, opened.attempt]);
      }
      continue;
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    const payload = scheduled?.input?.payloads?.[0];
    if (!scheduled || !payload) continue;
    const input = defaultPayloadConverter.fromPayload<Record<string, unknown>>(payload);
    switch (scheduled.activityType?.name) {
      case 'recordVisitOpened': {
        const opened = input.openedEventRecord as VisitEventRecord | undefined;
        if (opened) writes.events.push(opened.entry.seq);
        break;
      }
      case 'recordVisitEvent': {
        const record = input as unknown as VisitEventRecord;
        writes.events.push(record.entry.seq);
        if (record.form) writes.forms.push(record.form.id);
        if (record.consent) writes.consents.push(record.consent.id);
        if (record.invoice) writes.invoices++;
        if (record.serviceHistory) writes.serviceHistory++;
        break;
      }
      case 'openTask':
      case 'openCareTask': {
        const task = input as unknown as OpenTask;
        writes.tasks.push([task.id, task.attempt ?? 1]);
        break;
      }
      case 'notify':
        writes.messages.push(input.id as string);
        break;
      case 'handOverUndelivered':
        throw new Error(`${workflowId}: a message could not be delivered through the log channel`);
    }
  }
  return writes;
}
