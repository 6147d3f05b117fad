import { defaultPayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_ENTRY_KINDS, laneOf } from '../../api/history/lanes.js';
import { historyTimeline } from '../../api/history/timeline.js';
import { ACTIONS, type ActionName } from '../../domain/actions.js';
import { actionUpdates } from '../../workflows/messages.js';
import { asStaff } from '../support/auth.js';
import { type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  bookWithCallDue,
  phoneConsent,
  receiveAndDiagnose,
  receiveAndEstimate,
  tasksOf,
  technician,
  walkIn,
} from '../support/visits.js';

describe('laneOf: the one service-blueprint mapping', () => {
  it.each([
    [{ kind: 'action', name: 'arrive', actorRole: 'advisor' }, 'customer'],
    [{ kind: 'action', name: 'decide', actorRole: 'advisor' }, 'customer'],
    [{ kind: 'action', name: 'record_pickup', actorRole: 'advisor' }, 'customer'],
    [{ kind: 'action', name: 'confirm_appointment', actorRole: 'advisor' }, 'front_stage'],
    [{ kind: 'action', name: 'record_follow_up', actorRole: 'manager' }, 'front_stage'],
    [{ kind: 'action', name: 'record_inspection', actorRole: 'advisor' }, 'front_stage'],
    [{ kind: 'action', name: 'assign_technician', actorRole: 'foreman' }, 'back_stage'],
    [{ kind: 'action', name: 'record_qc', actorRole: 'qc' }, 'back_stage'],
    [{ kind: 'action', name: 'start_work', actorRole: 'technician' }, 'back_stage'],
    // Whatever the action, what the customer sends through their link is theirs.
    [{ kind: 'action', name: 'submit_estimate', actorRole: 'customer' }, 'customer'],
    // An action this build does not know: by who sent it.
    [{ kind: 'action', name: 'future_action', actorRole: 'advisor' }, 'front_stage'],
    [{ kind: 'action', name: 'future_action', actorRole: 'technician' }, 'back_stage'],
    [{ kind: 'action', name: 'toString', actorRole: 'qc' }, 'back_stage'],
    [{ kind: 'action_failed', name: 'decide', actorRole: 'advisor' }, 'customer'],
    [{ kind: 'visit_opened', visitKind: 'walk_in' }, 'customer'],
    [{ kind: 'visit_opened', visitKind: 'appointment' }, 'front_stage'],
    [{ kind: 'timer_started' }, 'back_stage'],
    [{ kind: 'timer_fired' }, 'back_stage'],
    [{ kind: 'activity_scheduled', name: 'recordVisitEvent' }, 'back_stage'],
    [{ kind: 'activity_failed', name: 'notify' }, 'back_stage'],
    [{ kind: 'signal', name: 'superseded' }, 'back_stage'],
    [{ kind: 'stage_changed' }, 'back_stage'],
    [{ kind: 'visit_completed' }, 'back_stage'],
  ] as const)('%j → %s', (entry, lane) => {
    expect(laneOf(entry)).toBe(lane);
  });

  it('gives every action the lane declared with it', () => {
    for (const name of Object.keys(ACTIONS) as ActionName[]) {
      expect(laneOf({ kind: 'action', name, actorRole: 'advisor' })).toBe(ACTIONS[name].lane);
    }
  });

  it('gives every entry kind a lane', () => {
    for (const kind of HISTORY_ENTRY_KINDS) expect(['customer', 'front_stage', 'back_stage']).toContain(laneOf({ kind }));
  });
});

describe('historyTimeline: Temporal events as the story of the visit', () => {
  const payload = (value: unknown) => defaultPayloadConverter.toPayload(value);
  const at = (second: number) => ({ eventTime: { seconds: 1_900_000_000 + second, nanos: 0 } });
  const history = {
    events: [
      {
        eventId: 1,
        ...at(0),
        workflowExecutionStartedEventAttributes: {
          workflowType: { name: 'visit' },
          input: {
            payloads: [
              payload({
                kind: 'appointment',
                appointmentAt: '2030-03-14T09:30:00+01:00',
                advisorId: 'adv-lena',
                customer: { name: 'Ana Pereira' },
                vehicle: { plate: 'AA-12-BB', model: 'VW Golf' },
              }),
            ],
          },
          searchAttributes: { indexedFields: { VisitStage: payload('booked') } },
        },
      },
      { eventId: 2, ...at(1), workflowTaskScheduledEventAttributes: {} },
      {
        eventId: 3,
        ...at(2),
        activityTaskScheduledEventAttributes: {
          activityType: { name: 'openTask' },
          activityId: '1',
          input: { payloads: [payload({ kind: 'confirmation_call', title: 'Confirm with Ana Pereira' })] },
        },
      },
      { eventId: 4, ...at(3), activityTaskCompletedEventAttributes: { scheduledEventId: 3 } },
      {
        eventId: 5,
        ...at(4),
        timerStartedEventAttributes: { timerId: '7', startToFireTimeout: { seconds: 7200 } },
        userMetadata: { summary: payload('approval reminder') },
      },
      {
        eventId: 6,
        ...at(5),
        workflowExecutionUpdateAcceptedEventAttributes: {
          protocolInstanceId: 'u-1',
          acceptedRequest: {
            meta: { updateId: 'u-1' },
            input: {
              name: 'arrive',
              args: { payloads: [payload({ actor: { id: 'adv-lena', role: 'advisor' }, payload: { mileage: 52_000 } })] },
            },
          },
        },
      },
      {
        eventId: 7,
        ...at(6),
        upsertWorkflowSearchAttributesEventAttributes: {
          searchAttributes: { indexedFields: { VisitStage: payload('reception') } },
        },
      },
      {
        eventId: 8,
        ...at(7),
        workflowExecutionUpdateAcceptedEventAttributes: {
          acceptedRequest: {
            meta: { updateId: 'u-2' },
            input: {
              name: 'record_inspection',
              args: {
                payloads: [
                  payload({
                    actor: { id: 'adv-lena', role: 'advisor' },
                    payload: { customerSignature: { signedBy: 'Ana', image: `data:image/png;base64,${'A'.repeat(5000)}` } },
                  }),
                ],
              },
            },
          },
        },
      },
      {
        eventId: 9,
        ...at(8),
        workflowExecutionUpdateCompletedEventAttributes: {
          meta: { updateId: 'u-2' },
          outcome: { failure: { message: 'boom' } },
        },
      },
      { eventId: 10, ...at(7204), timerFiredEventAttributes: { timerId: '7', startedEventId: 5 } },
      {
        eventId: 11,
        ...at(7205),
        activityTaskScheduledEventAttributes: { activityType: { name: 'notify' }, activityId: '2' },
      },
      {
        eventId: 12,
        ...at(7206),
        activityTaskFailedEventAttributes: { scheduledEventId: 11, failure: { message: 'SMS gateway down' } },
      },
      {
        eventId: 13,
        ...at(7207),
        workflowExecutionSignaledEventAttributes: {
          signalName: 'superseded',
          input: { payloads: [payload({ byVisitId: 'v-2' })] },
        },
      },
      {
        eventId: 14,
        ...at(7208),
        workflowExecutionCompletedEventAttributes: { result: { payloads: [payload({ stage: 'closed' })] } },
      },
    ],
  } as unknown as History;

  const decode = async (p: unknown) => defaultPayloadConverter.fromPayload(p as never);

  it('reads one entry per meaningful event, each with its lane', async () => {
    const entries = await historyTimeline(history, decode);
    expect(entries.map((e) => [e.eventId, e.kind, e.lane])).toEqual([
      [1, 'visit_opened', 'front_stage'],
      [3, 'activity_scheduled', 'back_stage'],
      [4, 'activity_completed', 'back_stage'],
      [5, 'timer_started', 'back_stage'],
      [6, 'action', 'customer'],
      [7, 'stage_changed', 'back_stage'],
      [8, 'action', 'front_stage'],
      [9, 'action_failed', 'front_stage'],
      [10, 'timer_fired', 'back_stage'],
      [11, 'activity_scheduled', 'back_stage'],
      [12, 'activity_failed', 'back_stage'],
      [13, 'signal', 'back_stage'],
      [14, 'visit_completed', 'back_stage'],
    ]);
  });

  it('says who did what, when, and what timers and activities were for', async () => {
    const byId = new Map((await historyTimeline(history, decode)).map((e) => [e.eventId, e]));
    expect(byId.get(1)).toMatchObject({
      at: new Date(1_900_000_000_000).toISOString(),
      toStage: 'booked',
      summary: 'Appointment booked for 2030-03-14T09:30:00+01:00: Ana Pereira, VW Golf AA-12-BB (advisor adv-lena)',
    });
    expect(byId.get(3)).toMatchObject({ name: 'openTask', summary: 'openTask: Confirm with Ana Pereira' });
    expect(byId.get(4)).toMatchObject({ name: 'openTask', summary: 'openTask done' });
    expect(byId.get(5)).toMatchObject({
      summary: 'Timer set for 2h: approval reminder',
      details: {
        timerId: '7',
        durationMs: 7_200_000,
        for: 'approval reminder',
        firesAt: new Date(1_900_007_204_000).toISOString(),
      },
    });
    expect(byId.get(6)).toMatchObject({
      name: 'arrive',
      actor: { id: 'adv-lena', role: 'advisor' },
      at: new Date(1_900_000_005_000).toISOString(),
      summary: 'arrive by adv-lena (advisor)',
      details: { updateId: 'u-1', payload: { mileage: 52_000 } },
    });
    expect(byId.get(7)).toMatchObject({ fromStage: 'booked', toStage: 'reception', summary: 'Stage booked → reception' });
    // Signature images are cut; the raw history keeps them.
    const inspection = byId.get(8)?.details?.payload as { customerSignature?: { image: string } } | undefined;
    expect(inspection?.customerSignature?.image.length).toBeLessThan(300);
    expect(byId.get(9)).toMatchObject({
      name: 'record_inspection',
      actor: { id: 'adv-lena' },
      summary: 'record inspection failed: boom',
    });
    expect(byId.get(10)).toMatchObject({ summary: 'Timer fired (2h): approval reminder' });
    expect(byId.get(12)).toMatchObject({ name: 'notify', summary: 'notify failed: SMS gateway down' });
    expect(byId.get(13)).toMatchObject({ name: 'superseded', details: { input: { byVisitId: 'v-2' } } });
    expect(byId.get(14)).toMatchObject({ fromStage: 'reception', toStage: 'closed' });
  });

  it('survives payloads it cannot decode', async () => {
    const entries = await historyTimeline(history, async () => {
      throw new Error('no codec');
    });
    expect(entries.find((e) => e.eventId === 6)).toMatchObject({ kind: 'action', name: 'arrive', actor: null });
  });

  it('reads a page as the whole timeline has it: the stage, a timer’s purpose, a failed action’s actor', async () => {
    const all = await historyTimeline(history, decode);
    for (let afterEventId = 0; afterEventId <= 14; afterEventId++)
      for (const limit of [1, 2, 3]) {
        const page = await historyTimeline(history, decode, undefined, { afterEventId, limit });
        expect(page).toEqual(all.filter((e) => e.eventId > afterEventId).slice(0, limit + 1));
      }
  });

  it('decodes only the payloads of the page it shows, not every drawn signature of the history', async () => {
    const drawn = { signedBy: 'Customer', image: `data:image/png;base64,${'A'.repeat(199_000)}` };
    const signed = {
      events: [
        history.events?.[0],
        ...Array.from({ length: 50 }, (_, i) => ({
          eventId: i + 2,
          ...at(i + 1),
          workflowExecutionUpdateAcceptedEventAttributes: {
            acceptedRequest: {
              meta: { updateId: `u-${i}` },
              input: {
                name: 'record_diagnosis',
                args: {
                  payloads: [payload({ actor: technician, payload: { findings: 'Pads worn', customerSignature: drawn } })],
                },
              },
            },
          },
        })),
      ],
    } as unknown as History;
    let decodedBytes = 0;
    const counting = async (p: unknown) => {
      decodedBytes += (p as { data?: Uint8Array }).data?.length ?? 0;
      return decode(p);
    };
    const page = await historyTimeline(signed, counting, undefined, { afterEventId: 40, limit: 3 });
    expect(page.map((e) => [e.eventId, e.actor?.id])).toEqual([41, 42, 43, 44].map((id) => [id, technician.id]));
    // The started event's input and the four actions shown: not the 46 signatures before and after them.
    expect(decodedBytes).toBeLessThan(5 * 200_000);
  });
});

describe('GET /visits/:id/history', () => {
  const stack = useTestStack({ technicians: true });
  let staff: RequestingApp;
  let visitId: string;

  beforeAll(async () => {
    staff = asStaff(stack.app, 'manager');
    visitId = await walkIn(stack);
    const estimated = await receiveAndEstimate(stack, visitId);
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: l.kind === 'labour' })),
      consent: phoneConsent('CALL-42'),
    });
  });

  it('reads the visit’s workflow history as a timeline tagged with blueprint lanes', async () => {
    const res = await staff.request(`/visits/${visitId}/history`);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.visitId).toBe(visitId);
    const entries: { kind: string; name: string | null; lane: string; actor: { id: string } | null; toStage?: string }[] =
      body.entries;
    expect(entries[0]).toMatchObject({ kind: 'visit_opened', lane: 'customer', toStage: 'reception' });

    const actions = entries.filter((e) => e.kind === 'action');
    expect(actions.map((e) => [e.name, e.actor?.id, e.lane])).toEqual([
      ['arrive', 'adv-lena', 'customer'],
      ['record_inspection', 'adv-lena', 'front_stage'],
      ['record_diagnosis', 'tech-omar', 'back_stage'],
      ['submit_estimate', 'adv-lena', 'back_stage'],
      ['decide', 'adv-lena', 'customer'],
    ]);
    expect(entries.filter((e) => e.kind === 'stage_changed').map((e) => e.toStage)).toEqual([
      'diagnosis',
      'awaiting_approval',
      'awaiting_dispatch',
    ]);
    expect(entries.some((e) => e.kind === 'activity_completed' && e.name === 'recordVisitEvent')).toBe(true);
    expect(entries.some((e) => e.kind === 'timer_started')).toBe(true);
    expect(new Set(entries.map((e) => e.lane))).toEqual(new Set(['customer', 'front_stage', 'back_stage']));
  });

  it('words a task the visit wrote as a local activity from the tasks table, which its marker names', async () => {
    const booked = await bookWithCallDue(stack);
    await expect.poll(async () => (await tasksOf(stack, booked)).length, { timeout: 30_000, interval: 100 }).toBe(1);
    const [task] = await tasksOf(stack, booked);
    // The row is written before the workflow task that records its marker completes.
    const openings = async () =>
      (await readJson(await staff.request(`/visits/${booked}/history`))).entries.filter(
        (e: { name: string | null }) => e.name === 'openTask',
      );
    await expect.poll(openings, { timeout: 30_000, interval: 100 }).toEqual([
      expect.objectContaining({
        kind: 'activity_completed',
        summary: `openTask: ${task?.title}`,
        details: expect.objectContaining({
          local: true,
          task: { id: task?.id, kind: 'confirmation_call', title: task?.title, params: task?.params ?? null },
        }),
      }),
    ]);
  });

  it('pages the timeline with limit and cursor', async () => {
    const all = (await readJson(await staff.request(`/visits/${visitId}/history?limit=500`))).entries;
    const first = await readJson(await staff.request(`/visits/${visitId}/history?limit=3`));
    expect(first.entries).toEqual(all.slice(0, 3));
    const second = await readJson(await staff.request(`/visits/${visitId}/history?limit=3&cursor=${first.nextCursor}`));
    expect(second.entries).toEqual(all.slice(3, 6));
  });

  it('returns Temporal’s own history JSON with format=raw', async () => {
    const res = await staff.request(`/visits/${visitId}/history?format=raw`);
    expect(res.status).toBe(200);
    const raw = await readJson(res);
    expect(raw.events[0]).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
    expect(raw.events.some((e: { eventType: string }) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBe(
      true,
    );
  });

  it('reads a history larger than 4 MB: twenty-five drawn signatures of 200 kB', async () => {
    const signed = await walkIn(stack);
    await receiveAndDiagnose(stack, signed);
    const drawn = { signedBy: 'Customer', image: `data:image/png;base64,${'A'.repeat(199_000)}` };
    for (let i = 0; i < 25; i++)
      await stack.client.workflow.getHandle(signed).executeUpdate(actionUpdates.record_diagnosis, {
        args: [{ actor: technician, payload: { findings: 'Pads worn', roadTest: false, customerSignature: drawn } }],
      });
    const res = await staff.request(`/visits/${signed}/history?limit=500`);
    expect(res.status, await res.clone().text()).toBe(200);
    const diagnoses = (await readJson(res)).entries.filter((e: { name: string | null }) => e.name === 'record_diagnosis');
    expect(diagnoses).toHaveLength(26);
    expect((await staff.request(`/visits/${signed}/history?format=raw`)).status).toBe(200);
  });

  it('answers 404 for a visit Temporal does not know', async () => {
    const res = await staff.request('/visits/00000000-0000-4000-8000-000000000000/history');
    expect(res.status).toBe(404);
    expect((await readJson(res)).error.code).toBe('not_found');
  });

  it.each([
    ['/visits/not-a-uuid/history', 'id'],
    ['/visits/00000000-0000-4000-8000-000000000000/history?format=xml', 'format'],
    ['/visits/00000000-0000-4000-8000-000000000000/history?limit=0', 'limit'],
    ['/visits/00000000-0000-4000-8000-000000000000/history?cursor=zz', 'cursor'],
  ])('answers 400 naming the parameter for %s', async (path, field) => {
    const res = await staff.request(path);
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('is the service manager’s: an advisor is refused', async () => {
    const res = await asStaff(stack.app, 'advisor').request(`/visits/${visitId}/history`);
    expect(res.status).toBe(403);
    expect((await readJson(res)).error.code).toBe('forbidden');
  });

  it('needs a staff token', async () => {
    const res = await stack.app.request(`/visits/${visitId}/history`);
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('unauthenticated');
  });
});
