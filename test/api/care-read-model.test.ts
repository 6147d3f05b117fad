import { beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../api/app.js';
import type { ComplaintState } from '../../domain/complaints.js';
import type { RescueState } from '../../domain/rescue.js';
import type { StaffRole } from '../../domain/roles.js';
import { asStaff, staffToken } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { appCountingQueries } from '../support/query-count.js';
import { useTestStack } from '../support/stack.js';

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('complaints and rescues: every GET and the complaint screen answer from PostgreSQL', () => {
  const stack = useTestStack();
  /** Every workflow query the app below sends: the reads under test must send none. */
  const queries: string[] = [];
  let app: ReturnType<typeof createApp>;
  const as = (role: StaffRole, id?: string): RequestingApp => asStaff(app, role, id);
  const advisor = () => as('advisor', 'adv-lena');
  const page = async (path: string, role: StaffRole, id?: string) =>
    app.request(path, { headers: { cookie: `sl_session=${await staffToken(role, id)}` } });
  const read = async (path: string, who: RequestingApp = advisor()) => {
    const res = await who.request(path);
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return readJson(res);
  };

  /**
   * Sends a step and checks read-your-writes: the answer holds the step's own entry, GET right after reads the
   * same, and the workflow's own state (asked through the diagnosis route) agrees.
   */
  const stepAndCompare = async <S extends { stage: string; timeline: { type: string; actorId: string }[] }>(
    path: string,
    name: string,
    body: unknown,
    expected: { stage: string; entry: string; actorId: string },
    opts: { live: boolean },
  ): Promise<S> => {
    const who = expected.actorId === 'mgr-ute' ? as('manager', 'mgr-ute') : advisor();
    const res = await postJson(who, `${path}/actions/${name}`, body);
    expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
    const answered: S = await readJson(res);
    expect(answered.stage, name).toBe(expected.stage);
    expect(answered.timeline.at(-1), name).toMatchObject({ type: expected.entry, actorId: expected.actorId });
    expect((await read(path)).state, name).toEqual(answered);
    if (opts.live) expect((await read(`${path}?live=true`, as('manager'))).state, name).toEqual(answered);
    return answered;
  };

  /** A step: its name and body, the stage and entry it leads to; by the advisor, also read live unless said. */
  type Step = [name: string, body: unknown, stage: string, entry: string, opts?: { live?: boolean; actorId?: string }];
  /** Sends the steps in order, each checked by stepAndCompare; the answer to the last. */
  const walk = async <S extends { stage: string; timeline: { type: string; actorId: string }[] }>(
    path: string,
    steps: Step[],
  ) => {
    let last: S | undefined;
    for (const [name, body, stage, entry, { live = true, actorId = 'adv-lena' } = {}] of steps)
      last = await stepAndCompare<S>(path, name, body, { stage, entry, actorId }, { live });
    return last as S;
  };

  beforeAll(async () => {
    app = appCountingQueries(stack, queries);
  });

  it("answers each complaint step with the complaint as the database holds it, the same as GET and the workflow's state", async () => {
    const created = await postJson(advisor(), '/complaints', {
      description: 'Scratch on the door after the service',
      plate: 'B-RM-1',
    });
    expect(created.status).toBe(201);
    const { complaintId } = await readJson(created);
    const path = `/complaints/${complaintId}`;
    // Read-your-writes for the POST too: the complaint is there with its deadlines and its 'received' entry.
    const opened = (await read(path)).state as ComplaintState;
    expect(opened).toMatchObject({ complaintId, stage: 'received', plate: 'B-RM-1', source: 'api' });
    expect(opened.timeline.map((e) => e.type)).toEqual(['received']);
    expect((await read(`${path}?live=true`, as('manager'))).state).toEqual(opened);

    const last = await walk<ComplaintState>(path, [
      ['assign', { assigneeId: 'adv-lena', acknowledgement: 'Called and apologised' }, 'assigned', 'assigned'],
      ['propose_solution', { solution: 'Polish the door' }, 'solution_proposed', 'solution_proposed'],
      ['carry_out', { notes: 'Polished' }, 'carried_out', 'carried_out'],
      [
        'report_outcome',
        { explanation: 'A tool slipped', remedy: 'Polished and a free wash', channel: 'phone' },
        'outcome_reported',
        'outcome_reported',
      ],
      // Only the service manager closes a complaint; the closed complaint's workflow ends: only the read model
      // answers for it then.
      ['close', { customerAccepted: true, notes: 'Happy again' }, 'closed', 'closed', { live: false, actorId: 'mgr-ute' }],
    ]);
    expect(last).toMatchObject({
      assigneeId: 'adv-lena',
      solution: 'Polish the door',
      outcome: { explanation: 'A tool slipped', remedy: 'Polished and a free wash', channel: 'phone', notes: 'Happy again' },
      customerAccepted: true,
    });
    expect(last.timeline.map((e) => e.type)).toEqual([
      'received',
      'assigned',
      'solution_proposed',
      'carried_out',
      'outcome_reported',
      'closed',
    ]);
    // The ended workflow's result is what the read model holds.
    expect(JSON.parse(JSON.stringify(await stack.client.workflow.getHandle(complaintId).result()))).toEqual(last);
  });

  it('answers each rescue step with the rescue as the database holds it, through tow-in, fix on site and cancel', async () => {
    const rescueOf = async (plate: string) => {
      const call = await readJson(
        await postJson(advisor(), '/hotline/calls', {
          callerName: 'Mara Stein',
          phone: '+49 30 5550177',
          summary: "Car won't start",
          category: 'rescue',
          location: 'Aral, Tempelhofer Damm 12',
          plate,
        }),
      );
      const path = `/rescues/${call.rescueId}`;
      // Read-your-writes for the call too: the POST answers once the rescue is on record.
      expect((await advisor().request(path)).status).toBe(200);
      return path;
    };
    const towed = await rescueOf('B-MS-1');
    const dispatched = (await read(towed)).state as RescueState;
    expect(dispatched).toMatchObject({ stage: 'dispatched', customer: { name: 'Mara Stein' }, setOutEscalated: false });
    expect(dispatched.timeline.map((e) => e.type)).toEqual(['dispatched']);
    const done = await walk<RescueState>(towed, [
      ['set_out', { crew: 'Truck 2', etaAt: inMs(3_600_000) }, 'on_the_way', 'set_out'],
      ['set_out', { crew: 'Truck 2', etaAt: inMs(7_200_000) }, 'on_the_way', 'eta_changed'],
      ['arrive', { notes: 'Battery dead' }, 'arrived', 'arrived'],
      [
        'tow_in',
        {
          vehicle: { vin: 'WVWZZZ1KZAW654321', plate: 'B-MS-1', model: 'VW Polo', mileage: 88_000 },
          advisorId: 'adv-lena',
          requestedServices: ['Check the battery'],
        },
        'towed_in',
        'towed_in',
        { live: false },
      ],
    ]);
    expect(done.visitId).toBeDefined();
    expect((await read(towed)).record).toMatchObject({ visitId: done.visitId, stage: 'towed_in' });

    await walk<RescueState>(await rescueOf('B-MS-2'), [
      ['set_out', { crew: 'Truck 1', etaAt: inMs(3_600_000) }, 'on_the_way', 'set_out'],
      ['arrive', {}, 'arrived', 'arrived'],
      ['resolve_on_site', { notes: 'Jump-started' }, 'resolved_on_site', 'resolved_on_site', { live: false }],
    ]);

    await walk<RescueState>(await rescueOf('B-MS-3'), [
      ['cancel', { reason: 'The car started again' }, 'cancelled', 'cancelled', { live: false }],
    ]);
  });

  it('answers the complaint and rescue GETs, the list and the complaint screen with the worker down, and sends no workflow query', async () => {
    const created = await readJson(
      await postJson(advisor(), '/complaints', { description: 'Waited two hours', plate: 'B-RM-2' }),
    );
    const complaintPath = `/complaints/${created.complaintId}`;
    await postJson(advisor(), `${complaintPath}/actions/assign`, { assigneeId: 'adv-lena', acknowledgement: 'Sorry' });
    const call = await readJson(
      await postJson(advisor(), '/hotline/calls', {
        callerName: 'Ole Berg',
        phone: '+49 30 5550178',
        summary: 'Flat tyre',
        category: 'rescue',
        location: 'A100 exit Tempelhof',
      }),
    );
    const rescuePath = `/rescues/${call.rescueId}`;
    queries.length = 0;
    const restart = await stack.stopWorker();
    try {
      const complaint = await read(complaintPath);
      expect(complaint.state).toMatchObject({ stage: 'assigned', assigneeId: 'adv-lena' });
      expect(complaint.state.timeline.map((e: { type: string }) => e.type)).toEqual(['received', 'assigned']);
      const rescue = await read(rescuePath);
      expect(rescue.state).toMatchObject({
        stage: 'dispatched',
        location: 'A100 exit Tempelhof',
        customer: { name: 'Ole Berg' },
      });
      const list = await read('/complaints');
      expect(list.items.map((c: { complaintId: string }) => c.complaintId)).toContain(created.complaintId);

      const screen = await page(`/app${complaintPath}`, 'advisor', 'adv-lena');
      expect(screen.status).toBe(200);
      const html = await screen.text();
      expect(html).toContain('Waited two hours');
      expect(html).toContain('data-entry="assigned"');
      expect((await page('/app/complaints', 'manager')).status).toBe(200);
      expect(queries).toEqual([]);
    } finally {
      await restart();
    }
  });

  it('keeps the live state for diagnosis: manager and admin only', async () => {
    const { complaintId } = await readJson(
      await postJson(advisor(), '/complaints', { description: 'Radio reset', plate: 'B-RM-3' }),
    );
    const refused = await advisor().request(`/complaints/${complaintId}?live=true`);
    expect(refused.status).toBe(403);
    expect((await readJson(refused)).error.message).toContain('live');
    for (const role of ['manager', 'admin'] as const)
      expect((await read(`/complaints/${complaintId}?live=true`, as(role))).state).toMatchObject({
        complaintId,
        stage: 'received',
      });
    expect((await advisor().request(`/complaints/${complaintId}?live=maybe`)).status).toBe(400);
    expect(queries.filter((q) => q.startsWith(`${complaintId}:`))).toHaveLength(2);
  });
});
