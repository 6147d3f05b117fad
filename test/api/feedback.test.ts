import { describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// Staff feedback [S6]: any member of staff suggests an improvement to a step of the loop; the service manager decides
// on each with a note, and the tally per step is what the KPI review re-evaluates.

describe('staff suggestions about a step of the loop [S6]', () => {
  const stack = useTestStack();
  const today = () => new Date().toISOString().slice(0, 10);

  const suggest = (role: Parameters<typeof asStaff>[1], id: string, body: unknown) =>
    postJson(asStaff(stack.app, role, id), '/feedback', body);

  it('takes a suggestion from any member of staff and lets the service manager decide on it once', async () => {
    const sent = await suggest('technician', 'tech-ali', {
      stage: 'quality_check',
      suggestion: 'Print the QC checklist on the work order so it travels with the car.',
      language: 'en',
    });
    expect(sent.status).toBe(201);
    const created = await readJson(sent);
    expect(created).toMatchObject({ stage: 'quality_check', status: 'open', submittedBy: 'tech-ali', note: null });
    const zh = await suggest('advisor', 'adv-wang', {
      stage: 'follow_up',
      suggestion: '回访电话时先确认客户方便通话。',
      language: 'zh-CN',
    });
    expect(zh.status).toBe(201);

    const manager = asStaff(stack.app, 'manager', 'mgr-eva');
    const open = await readJson(await manager.request('/feedback?status=open'));
    expect(open.items.map((f: { id: string }) => f.id)).toContain(created.id);

    const decided = await postJson(manager, `/feedback/${created.id}/decision`, {
      decision: 'accepted',
      note: 'Done from Monday: the checklist is on the back of the work order.',
    });
    expect(decided.status).toBe(200);
    expect(await readJson(decided)).toMatchObject({ status: 'accepted', decidedBy: 'mgr-eva' });
    // A second decision (a colleague's at the same moment) is refused and changes nothing.
    const again = await postJson(manager, `/feedback/${created.id}/decision`, { decision: 'declined', note: 'No.' });
    expect(again.status).toBe(409);
    const accepted = await readJson(await manager.request('/feedback?status=accepted&stage=quality_check'));
    expect(accepted.items.find((f: { id: string }) => f.id === created.id)?.note).toMatch(/back of the work order/);

    const tally = await readJson(await manager.request(`/feedback/tally?from=${today()}&to=${today()}&tz=UTC`));
    expect(tally.stages).toEqual(
      expect.arrayContaining([
        { stage: 'quality_check', received: 1, open: 0, accepted: 1, declined: 0 },
        { stage: 'follow_up', received: 1, open: 1, accepted: 0, declined: 0 },
      ]),
    );
    // In the loop's order: follow-up comes after quality control.
    const stages = tally.stages.map((s: { stage: string }) => s.stage);
    expect(stages.indexOf('quality_check')).toBeLessThan(stages.indexOf('follow_up'));
  });

  it('refuses what the record could not hold, naming the field, and writes nothing', async () => {
    const before = (await readJson(await asStaff(stack.app, 'manager').request('/feedback'))).items.length;
    const cases: [unknown, string][] = [
      [{ stage: 'closed', suggestion: 'x', language: 'en' }, 'stage'],
      [{ stage: 'diagnosis', suggestion: '   ', language: 'en' }, 'suggestion'],
      [{ stage: 'diagnosis', suggestion: 'a'.repeat(2_001), language: 'en' }, 'suggestion'],
      [{ stage: 'diagnosis', suggestion: 'bad \u0007 bell', language: 'en' }, 'suggestion'],
      [{ stage: 'diagnosis', suggestion: 'fine', language: 'fr' }, 'language'],
      [{ stage: 'diagnosis', suggestion: 'fine', language: 'en', status: 'accepted' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await suggest('qc', 'qc-1', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await readJson(res))).toContain(field);
    }
    const manager = asStaff(stack.app, 'manager');
    expect((await postJson(manager, '/feedback/not-a-uuid/decision', { decision: 'accepted', note: 'ok' })).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await postJson(manager, `/feedback/${unknown}/decision`, { decision: 'accepted', note: 'ok' })).status).toBe(404);
    const created = await readJson(
      await suggest('foreman', 'fm-jo', { stage: 'awaiting_dispatch', suggestion: 'Show skills on the board.', language: 'en' }),
    );
    const noNote = await postJson(manager, `/feedback/${created.id}/decision`, { decision: 'declined', note: '' });
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(await readJson(noNote))).toContain('note');
    expect((await postJson(manager, `/feedback/${created.id}/decision`, { decision: 'maybe', note: 'hm' })).status).toBe(400);
    expect((await manager.request('/feedback?status=pending')).status).toBe(400);
    expect((await manager.request(`/feedback/tally?from=${today()}&to=2000-01-01`)).status).toBe(400);
    const after = await readJson(await manager.request('/feedback'));
    expect(after.items).toHaveLength(before + 1);
    expect(after.items[0]).toMatchObject({ id: created.id, status: 'open' });
  });

  it('is counted per step by the daily KPI review, with what was decided, so a change is re-evaluated by its step', async () => {
    const manager = asStaff(stack.app, 'manager', 'mgr-eva');
    const sent = await readJson(
      await suggest('qc', 'qc-kim', { stage: 'ready_for_pickup', suggestion: 'Park ready cars by the door.', language: 'en' }),
    );
    await postJson(manager, `/feedback/${sent.id}/decision`, { decision: 'declined', note: 'The door is the fire exit.' });
    const review = await postJson(manager, '/kpis/review', {});
    expect(review.status).toBe(200);
    const { feedback } = await readJson(review);
    expect(feedback).toEqual(
      expect.arrayContaining([{ stage: 'ready_for_pickup', received: 1, open: 0, accepted: 0, declined: 1 }]),
    );
  });

  it("lets only the service manager read everyone's and decide; a sender reads their own", async () => {
    const created = await readJson(
      await suggest('advisor', 'adv-lena', { stage: 'reception', suggestion: 'Fit covers first.', language: 'en' }),
    );
    const own = await asStaff(stack.app, 'advisor', 'adv-lena').request('/feedback');
    expect(own.status).toBe(200);
    expect((await readJson(own)).items.map((f: { id: string }) => f.id)).toContain(created.id);
    for (const role of ['advisor', 'technician', 'qc', 'foreman'] as const) {
      const staff = asStaff(stack.app, role);
      const theirs = await staff.request('/feedback?status=all');
      expect(theirs.status, role).toBe(200);
      expect((await readJson(theirs)).items, role).toEqual([]);
      expect((await staff.request(`/feedback/tally?from=${today()}&to=${today()}`)).status, role).toBe(403);
      expect((await postJson(staff, `/feedback/${created.id}/decision`, { decision: 'accepted', note: 'ok' })).status, role).toBe(
        403,
      );
    }
    expect((await stack.app.request('/feedback')).status).toBe(401);
    expect((await postJson(stack.app, '/feedback', { stage: 'reception', suggestion: 'x', language: 'en' })).status).toBe(401);
    const admin = asStaff(stack.app, 'admin');
    expect(
      (await postJson(admin, `/feedback/${created.id}/decision`, { decision: 'declined', note: 'Covers are already first.' }))
        .status,
    ).toBe(200);
  });
});
