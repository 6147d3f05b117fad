import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { visitEvents } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { comparableState, foreman, inRepairWith, seedTechnicians, workStarted } from '../support/visits.js';

// Two people acting on one visit's job at once, through the API as the workshop's screens send it: whichever lands
// first wins, the other is told why in words, and the read model ends as the workflow does.

const stack = useTestStack();
let app: RequestingApp;
beforeAll(async () => {
  app = createApp(
    { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
    { ...devSettings(), temporalCallTimeoutMs: 60_000 },
  );
  await seedTechnicians(stack);
});

/** The second request starts this long after the first: from at once to after the first's check. */
const LAGS = [0, 0, 5, 10, 20, 35, 50];
const lagged = (ms: number, send: () => Response | Promise<Response>) =>
  new Promise<Response>((resolve) => setTimeout(() => resolve(send()), ms));

describe('the job handed to another technician while its technician starts it', () => {
  it('the start lands first and the hand-over stops it, or the start is told by name whose job it is now', async () => {
    const outcomes = new Set<string>();
    for (const lag of LAGS) {
      const visitId = await inRepairWith(stack, 'tech-omar');
      const [handedOver, started] = await Promise.all([
        postJson(asStaff(app, 'foreman', foreman.id), `/visits/${visitId}/actions/reassign_technician`, {
          technicianId: 'tech-ivy',
          confirmOffToday: true,
        }),
        lagged(lag, () =>
          postJson(asStaff(app, 'technician', 'tech-omar'), `/visits/${visitId}/actions/start_work`, workStarted),
        ),
      ]);
      expect(handedOver.status, `lag ${lag} ms`).toBe(200);
      const types = (await stack.database.db.select().from(visitEvents).where(eq(visitEvents.visitId, visitId))).map(
        (e) => e.type,
      );
      if (started.status === 200) {
        outcomes.add('started, then handed over');
        expect(types.slice(-2)).toEqual(['work_started', 'technician_reassigned']);
      } else {
        outcomes.add('handed over, start refused');
        expect(started.status, `lag ${lag} ms`).toBe(409);
        // Whether the API's own check or the workflow's caught it: Ivy by name, never her id.
        const { error } = await readJson(started);
        expect(error, `lag ${lag} ms`).toMatchObject({
          message: 'this job is assigned to Ivy; ask the foreman to reassign it',
          details: { reason: 'assigned_elsewhere', assignee: { id: 'tech-ivy', name: 'Ivy' } },
        });
        expect(types.at(-1)).toBe('technician_reassigned');
        expect(types).not.toContain('work_started');
      }
      const manager = asStaff(app, 'manager', 'mgr-eva');
      const stored = await readJson(await manager.request(`/visits/${visitId}`));
      const live = await readJson(await manager.request(`/visits/${visitId}?live=true`));
      expect(comparableState(stored.state)).toEqual(comparableState(live.state));
    }
    console.log(`outcomes: ${[...outcomes].join('; ')}`);
  });
});
