import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { createApp } from '../../api/app.js';
import type { StaffRole } from '../../domain/roles.js';
import type { VisitState } from '../../domain/visit-state.js';
import { asStaff, staffToken } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { appCountingQueries } from '../support/query-count.js';
import { useTestStack } from '../support/stack.js';
import {
  advisor,
  comparableState,
  estimateLines,
  newVisitBody,
  phoneConsent,
  pickup,
  qcPassed,
  signature,
  workCompleted,
  workStarted,
} from '../support/visits.js';

const HOUR = 3_600_000;
const ACTORS: Partial<Record<StaffRole, string>> = {
  advisor: advisor.id,
  technician: 'tech-omar',
  foreman: 'fm-jo',
  qc: 'qc-kim',
};

describe('the visit read model: every GET and screen answers from PostgreSQL', () => {
  const stack = useTestStack({ technicians: true });
  /** Every workflow query the app below sends: the reads under test must send none. */
  const queries: string[] = [];
  let app: ReturnType<typeof createApp>;
  const as = (role: StaffRole, id?: string): RequestingApp => asStaff(app, role, id);
  const page = async (path: string, role: StaffRole, id?: string) =>
    app.request(path, { headers: { cookie: `sl_session=${await staffToken(role, id)}` } });
  const visitOf = async (visitId: string, query = '', who: RequestingApp = as('advisor')) => {
    const res = await who.request(`/visits/${visitId}${query}`);
    expect(res.status).toBe(200);
    return readJson(res);
  };

  beforeAll(async () => {
    app = appCountingQueries(stack, queries);
  });

  it("answers each action with the visit as the database holds it, the same as GET and as the workflow's own state", async () => {
    const created = await postJson(as('advisor', advisor.id), '/visits', newVisitBody());
    expect(created.status).toBe(201);
    const { visitId } = await readJson(created);
    const manager = as('manager');
    const steps: [string, StaffRole, (s: VisitState) => unknown][] = [
      ['arrive', 'advisor', () => ({ coversFitted: true, mileage: 52_000 })],
      ['record_requests', 'advisor', () => ({ requests: ['Rattle at the back'] })],
      [
        'record_inspection',
        'advisor',
        () => ({
          damages: [{ area: 'rear bumper', description: 'scratch 5 cm' }],
          valuables: ['sunglasses'],
          fuelLevel: 'half',
          mileage: 52_000,
          customerSignature: signature('Customer'),
        }),
      ],
      ['record_diagnosis', 'technician', () => ({ findings: 'Service due; wiper blades worn', roadTest: false })],
      ['submit_estimate', 'advisor', () => ({ lines: estimateLines, promisedAt: new Date(Date.now() + 8 * HOUR).toISOString() })],
      [
        'decide',
        'advisor',
        (s) => ({
          decisions: s.lines.map((l, i) => ({ lineId: l.id, approved: i !== 2 })),
          consent: phoneConsent('REC-1', 'Ana'),
        }),
      ],
      ['assign_technician', 'foreman', () => ({ technicianId: 'tech-omar', overrideReason: 'Omar knows the car' })],
      ['start_work', 'technician', () => workStarted],
      ['complete_work', 'technician', () => workCompleted],
      ['record_qc', 'qc', () => qcPassed],
      ['record_pickup', 'advisor', (s) => pickup(s.totals.totalCents)],
      ['record_follow_up', 'advisor', () => ({ reached: true, satisfaction: 5, comments: 'Great' })],
    ];
    let state: VisitState = (await visitOf(visitId)).state;
    for (const [name, role, payload] of steps) {
      const res = await postJson(as(role, ACTORS[role]), `/visits/${visitId}/actions/${name}`, payload(state));
      expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
      const answered: VisitState = await readJson(res);
      // Read-your-writes: the answer holds the action's own event, and GET reads the same visit right after.
      const own = answered.timeline.slice(state.timeline.length);
      expect(
        own.map((e) => e.actor.role),
        name,
      ).toContain(role);
      // GET right after reads the same visit; the workflow's own steps (a dispatch proposal, say) may follow it.
      const read: VisitState = (await visitOf(visitId)).state;
      const { timeline: readTimeline, ...readRest } = comparableState(read);
      const { timeline: answeredTimeline, ...answeredRest } = comparableState(answered);
      expect(readTimeline.slice(0, answeredTimeline.length), name).toEqual(answeredTimeline);
      expect(
        readTimeline.slice(answeredTimeline.length).map((e) => e.actor.role),
        name,
      ).not.toContain(role);
      if (readTimeline.length === answeredTimeline.length) expect(readRest, name).toEqual(answeredRest);
      // The workflow agrees (asked through the diagnosis route) once the steps it takes on its own are recorded too;
      // followed up, the visit continues as new into its compact aftercare run, which keeps no state to ask.
      if (name !== 'record_follow_up')
        await vi.waitFor(
          async () => {
            const [live, stored] = await Promise.all([visitOf(visitId, '?live=true', manager), visitOf(visitId)]);
            expect(comparableState(stored.state), name).toEqual(comparableState(live.state));
          },
          { timeout: 30_000, interval: 250 },
        );
      state = read;
    }
    expect(state.pickup).toMatchObject({ method: 'card', paidCents: state.totals.totalCents });
    expect(state.lines.map((l) => l.status)).toEqual(['done', 'done', 'declined']);
    expect(state.qc).toMatchObject([{ passed: true, by: 'qc-kim' }]);
    expect(state.dispatch).toMatchObject({ technicianId: 'tech-omar', overrideReason: 'Omar knows the car' });
    expect(state.followUp).toMatchObject({ reached: true, satisfaction: 5 });
    expect(state.requestedServices).toContain('Rattle at the back');
    expect(new Set(state.timeline.map((e) => e.lane))).toEqual(new Set(['customer', 'front_stage', 'back_stage']));
    // A reached customer moves the visit into aftercare, which plans the next service and records it with the visit.
    await expect.poll(async () => (await visitOf(visitId)).state.nextMaintenance, { timeout: 60_000 }).toBeDefined();
    const { nextMaintenance } = (await visitOf(visitId)).state as VisitState;
    // Its compact aftercare run keeps only the reminder's plan: the diagnosis route says so in plain words.
    await expect.poll(async () => (await manager.request(`/visits/${visitId}?live=true`)).status, { timeout: 60_000 }).toBe(409);
    expect((await readJson(await manager.request(`/visits/${visitId}?live=true`))).error.message).toContain(
      'maintenance reminder',
    );
    // The customer file tells it from that record, without asking the workflow.
    const file = await readJson(await as('advisor').request(`/customers/${state.customer.id}`));
    expect(file.vehicles[0].nextMaintenance).toMatchObject({ source: 'workflow', visitId, dueAt: nextMaintenance?.dueAt });
    // Only the diagnosis route asked the workflow.
    expect(queries.every((q) => q.startsWith(`${visitId}:`))).toBe(true);
    expect(queries.length).toBeGreaterThan(0);
  });

  it('answers GET /visits/{id}, the visit page and the workshop page with the worker down, and sends no workflow query', async () => {
    const created = await postJson(as('advisor', advisor.id), '/visits', newVisitBody());
    const { visitId } = await readJson(created);
    await postJson(as('advisor', advisor.id), `/visits/${visitId}/actions/arrive`, { coversFitted: true, mileage: 41_000 });
    queries.length = 0;
    const restart = await stack.stopWorker();
    try {
      const { state, record } = await visitOf(visitId);
      expect(state).toMatchObject({ visitId, stage: 'reception', arrival: { mileage: 41_000, coversFitted: true } });
      expect(record.roNumber).toBeGreaterThan(0);
      expect(record).not.toHaveProperty('facts');

      const visitPage = await page(`/app/visits/${visitId}`, 'advisor', advisor.id);
      expect(visitPage.status).toBe(200);
      expect(await visitPage.text()).toContain(`RO ${record.roNumber}`);
      const workshop = await page('/app/workshop', 'foreman', 'fm-jo');
      expect(workshop.status).toBe(200);
      const customer = await page(`/app/customers/${state.customer.id}`, 'advisor', advisor.id);
      expect(customer.status).toBe(200);
      expect(queries).toEqual([]);
    } finally {
      await restart();
    }
  });

  it('keeps the live state for diagnosis: manager and admin only', async () => {
    const created = await postJson(as('advisor', advisor.id), '/visits', newVisitBody());
    const { visitId } = await readJson(created);
    const refused = await as('advisor').request(`/visits/${visitId}?live=true`);
    expect(refused.status).toBe(403);
    expect((await readJson(refused)).error.message).toContain('live');
    for (const role of ['manager', 'admin'] as const) {
      const { state } = await visitOf(visitId, '?live=true', as(role));
      expect(state).toMatchObject({ visitId, stage: 'reception' });
    }
    expect((await as('advisor').request(`/visits/${visitId}?live=maybe`)).status).toBe(400);
  });
});
