// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { createApp } from '../../api/app.js';
import { UNKNOWN_FIELD } from '../../api/errors.js';
import { takeHotlineCall } from '../../api/hotline-intake.js';
import { devSettings } from '../../api/settings.js';
import { complaints, hotlineCalls, rescues } from '../../db/care-schema.js';
import { visits } from '../../db/schema.js';
import type { RescueState } from '../../domain/rescue.js';
import { rescueRequestParts } from '../../domain/rescue-rules.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { fastPolicy, outboxRow, stateOf, taskRow } from '../support/visits.js';

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('the 24-hour hotline: classify, read back, rescue → walk-in', () => {
  const stack = useTestStack();
  let advisor: RequestingApp;
  const rescueStep = (id: string, name: string, body: unknown) => postJson(advisor, `/rescues/${id}/actions/${name}`, body);

  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });

  it('a breakdown call becomes a rescue whose missed times escalate, and the towed-in car a priority walk-in', async () => {
    const deps = { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue };
    const call = await takeHotlineCall(
      deps,
      {
        callerName: 'Mara Stein',
        phone: '+49 30 5550101',
        summary: "Car won't start at the petrol station",
        location: 'Aral, Tempelhofer Damm 12',
        plate: 'B-MS-404',
      },
      'adv-lena',
      { rescuePolicy: { setOutWithinMs: 800, etaGraceMs: 0 }, visitPolicy: fastPolicy() },
    );
    expect(call).toMatchObject({ category: 'rescue', suggestedCategory: 'rescue', complaintId: null });
    expect(call.readBack).toContain('Aral, Tempelhofer Damm 12');
    expect(call.readBack).toContain(call.reference);
    const id = call.rescueId as string;

    // The customer's first text carries the nationwide contact list [S3.5] opened on the points nearest where they are.
    await expect.poll(() => outboxRow(stack, `${id}:dispatched`)).toBeDefined();
    const sent = (await outboxRow(stack, `${id}:dispatched`))?.payload as Record<string, unknown>;
    const contactList = new URL(String(sent.contactListUrl));
    expect([contactList.pathname, contactList.searchParams.get('near')]).toEqual(['/app/contacts', 'Aral, Tempelhofer Damm 12']);
    expect(renderMessage('rescue_dispatched', sent).text.split('\n').at(-1)).toBe(contactList.href);
    const page = await stack.app.request(`${contactList.pathname}${contactList.search}`);
    expect(page.status).toBe(200);

    // Nobody sets out within the allowed time: the manager is called in.
    await expect
      .poll(() => taskRow(stack, `${id}:set-out-late`), { interval: 200 })
      .toMatchObject({ kind: 'rescue_escalation', assigneeRole: 'manager', status: 'open' });

    // On the way with an ETA that then passes: escalated again, and the customer told it is late.
    expect((await rescueStep(id, 'set_out', { crew: 'Truck 2 (Jonas)', etaAt: inMs(5_000) })).status).toBe(200);
    await expect
      .poll(() => taskRow(stack, `${id}:eta-missed:1`), { interval: 200 })
      .toMatchObject({ kind: 'rescue_escalation', status: 'open' });
    await expect.poll(async () => (await outboxRow(stack, `${id}:delayed:1`))?.template).toBe('rescue_delayed');
    // A new ETA starts the clock again; arriving clears the escalations.
    const renewed: RescueState = await readJson(
      await rescueStep(id, 'set_out', { crew: 'Truck 2 (Jonas)', etaAt: inMs(3_600_000) }),
    );
    expect(renewed).toMatchObject({ stage: 'on_the_way', etaMissed: 1, setOutEscalated: true });
    const towIn = {
      vehicle: { vin: 'WVWZZZ1KZAW123456', plate: 'B-MS-404', model: 'VW Polo', mileage: 88_000 },
      advisorId: 'adv-lena',
      requestedServices: ['Check alternator'],
    };
    // Out of order: nothing is towed before the crew is there.
    expect((await rescueStep(id, 'tow_in', towIn)).status).toBe(409);
    expect((await rescueStep(id, 'arrive', { notes: 'Battery dead, alternator suspected' })).status).toBe(200);
    await expect.poll(async () => (await taskRow(stack, `${id}:set-out-late`))?.status).toBe('done');
    expect((await taskRow(stack, `${id}:eta-missed:1`))?.status).toBe('done');

    const towed = await rescueStep(id, 'tow_in', towIn);
    expect(towed.status).toBe(200);
    const done: RescueState = await readJson(towed);
    expect(done.stage).toBe('towed_in');
    const visitId = done.visitId as string;

    // The walk-in is a real visit workflow, at reception, queued as a customer waiting.
    const visit = await stateOf(stack, visitId);
    expect(visit).toMatchObject({ kind: 'walk_in', stage: 'reception', priorityReason: 'waiting', advisorId: 'adv-lena' });
    expect(visit.customer).toMatchObject({ id: call.customerId, name: 'Mara Stein' });
    // Recorded in the form the screens word in the reader's language (web/entry-words.ts requestText).
    expect(rescueRequestParts(visit.requestedServices[0] ?? '')).toEqual({
      reference: call.reference,
      problem: "Car won't start at the petrol station",
    });
    expect(visit.requestedServices).toContain('Check alternator');
    const [row] = await stack.database.db.select().from(visits).where(eq(visits.id, visitId));
    expect(row).toMatchObject({ kind: 'walk_in', plate: 'B-MS-404', priorityReason: 'waiting' });

    const rescue: RescueState = await stack.client.workflow.getHandle(id).result();
    expect(rescue.timeline.map((e) => e.type)).toEqual([
      'dispatched',
      'set_out_late',
      'set_out',
      'eta_missed',
      'eta_changed',
      'arrived',
      'towed_in',
    ]);
    await expect
      .poll(async () => (await stack.database.db.select().from(rescues).where(eq(rescues.id, id)))[0])
      .toMatchObject({ stage: 'towed_in', visitId, etaMissedCount: 1 });
    const [logged] = await stack.database.db.select().from(hotlineCalls).where(eq(hotlineCalls.id, call.callId));
    expect(logged).toMatchObject({ category: 'rescue', rescueId: id, takenBy: 'adv-lena' });
    const detail = await readJson(await advisor.request(`/rescues/${id}`));
    expect(detail.record.visitId).toBe(visitId);
  });

  it('POST /hotline/calls classifies complaints and consultations, and asks where a rescue is', async () => {
    const complaint = await postJson(advisor, '/hotline/calls', {
      callerName: 'Jan Ott',
      phone: '+49 30 5550102',
      summary: 'I was overcharged for my last service',
      plate: 'B-JO-1',
    });
    expect(complaint.status).toBe(201);
    const taken = await readJson(complaint);
    expect(taken).toMatchObject({ category: 'complaint', rescueId: null });
    expect(taken.readBack).toContain('complaint');
    await expect
      .poll(async () => (await stack.database.db.select().from(complaints).where(eq(complaints.id, taken.complaintId)))[0])
      .toMatchObject({ source: 'hotline', hotlineCallId: taken.callId, customerId: taken.customerId });

    const question = await readJson(
      await postJson(advisor, '/hotline/calls', {
        callerName: 'Jan Ott',
        phone: '+49 30 5550102',
        summary: 'Are you open on Sunday?',
      }),
    );
    // The same caller is the same customer on file.
    expect(question).toMatchObject({ category: 'consultation', rescueId: null, complaintId: null, customerId: taken.customerId });

    // The agent overrules the keyword rule; a rescue without a location is refused.
    const overruled = await readJson(
      await postJson(advisor, '/hotline/calls', {
        callerName: 'Eva Lind',
        phone: '+49 30 5550103',
        summary: 'Question about my invoice, I am not happy',
        category: 'consultation',
      }),
    );
    expect(overruled).toMatchObject({ category: 'consultation', suggestedCategory: 'complaint' });
    const noWhere = await postJson(advisor, '/hotline/calls', {
      callerName: 'Eva Lind',
      phone: '+49 30 5550103',
      summary: 'Flat tyre on the motorway',
    });
    expect(noWhere.status).toBe(400);
    expect((await readJson(noWhere)).error.message).toContain('location');
    // Where the car stands, misspelt, is named rather than dropped (and the rescue then refused for want of it).
    const misspelt = await postJson(advisor, '/hotline/calls', {
      callerName: 'Eva Lind',
      phone: '+49 30 5550103',
      summary: 'Flat tyre on the motorway',
      locaton: 'A100 exit Tempelhof',
    });
    expect(misspelt.status).toBe(400);
    expect((await readJson(misspelt)).error.details.fields).toContainEqual({ field: 'locaton', message: UNKNOWN_FIELD });
  });

  it('a Shanghai agent’s call written down in Chinese is sorted as an English one is: a breakdown is a rescue', async () => {
    // The keyword rule knew English words only: a breakdown on the motorway written down in Chinese, taken without
    // a category, became a consultation, so no rescue set out and nobody asked where the car stood.
    const rescue = await postJson(advisor, '/hotline/calls', {
      callerName: '李娜',
      phone: '+86 139 1234 5678',
      summary: '车在沪宁高速上抛锚了，打不着火',
      location: '沪宁高速 35 公里处，往上海方向',
      plate: '沪B·67890',
    });
    expect(rescue.status, await rescue.clone().text()).toBe(201);
    expect(await readJson(rescue)).toMatchObject({ category: 'rescue', rescueId: expect.any(String) });

    const complaint = await readJson(
      await postJson(advisor, '/hotline/calls', {
        callerName: '李娜',
        phone: '+86 139 1234 5678',
        summary: '上次保养多收了钱，异响还是没修好，很不满意',
      }),
    );
    expect(complaint).toMatchObject({ category: 'complaint', complaintId: expect.any(String) });

    const question = await readJson(
      await postJson(advisor, '/hotline/calls', { callerName: '李娜', phone: '+86 139 1234 5678', summary: '周日营业吗？' }),
    );
    expect(question).toMatchObject({ category: 'consultation', rescueId: null, complaintId: null });

    const noWhere = await postJson(advisor, '/hotline/calls', {
      callerName: '李娜',
      phone: '+86 139 1234 5678',
      summary: '爆胎了，需要救援',
    });
    expect(noWhere.status).toBe(400);
    expect((await readJson(noWhere)).error.details.fields[0].field).toBe('location');
  });

  it('a shop whose language is Chinese gets the read-back in Chinese, to read to the caller as it is', async () => {
    // The read-back was English whatever the shop: a Shanghai agent had to translate it on the phone.
    const shanghai = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), shopLanguage: 'zh-CN' },
    );
    const taken = await readJson(
      await postJson(asStaff(shanghai, 'advisor', 'adv-lena'), '/hotline/calls', {
        callerName: '李娜',
        phone: '+86 139 1234 5678',
        summary: '车在沪宁高速上抛锚了。',
        location: '沪宁高速 35 公里处',
        plate: '沪B·67890',
      }),
    );
    expect(taken.readBack).toBe(
      `李娜，我向您复述一下：车在沪宁高速上抛锚了（车辆 沪B·67890）。我们正派道路救援前往沪宁高速 35 公里处。您的编号是 ${taken.reference}，救援人员的到达时间将以短信告知您。`,
    );
  });
});
