import { and, eq } from 'drizzle-orm';
import { decode as decodeJwt } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { consents, idempotencyKeys, visitEvents, visits } from '../../db/schema.js';
import { signApprovalLink } from '../../runtime/approval-links.js';
import { asStaff, staffToken } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  assignAndStart,
  phoneConsent,
  receiveAndEstimate,
  seedTechnicians,
  signature,
  stateOf,
  walkIn,
} from '../support/visits.js';

const UNKNOWN_VISIT = '00000000-0000-4000-8000-000000000000';

describe('customer approval by signed link', () => {
  const stack = useTestStack();
  let advisor: ReturnType<typeof asStaff>;
  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });

  const visitAwaitingApproval = async () => {
    const visitId = await walkIn(stack);
    const state = await receiveAndEstimate(stack, visitId);
    return { visitId, lineIds: state.lines.map((l) => l.id), approvalId: state.approvals[0]?.id as string };
  };
  const linkFor = async (visitId: string, body: unknown = {}) => {
    const res = await postJson(advisor, `/visits/${visitId}/approval-links`, body);
    expect(res.status).toBe(201);
    return readJson(res);
  };
  const decide = (token: string, decisions: { lineId: string; approved: boolean }[]) =>
    postJson(stack.app, `/approvals/${token}`, { decisions, signature: signature('Ana Pereira') });

  it('issues a link valid for 72 hours by default, with the url the customer opens', async () => {
    const { visitId, approvalId } = await visitAwaitingApproval();
    const link = await linkFor(visitId);
    expect(link).toMatchObject({ visitId, approvalId });
    expect(link.url).toBe(`http://localhost/app/approval?token=${link.token}`);
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
    const shorter = await linkFor(visitId, { expiresInHours: 2 });
    expect((Date.parse(shorter.expiresAt) - Date.now()) / 3_600_000).toBeLessThanOrEqual(2);
  });

  it("opens a link minted by hand in the language on the customer's file, like the ones the worker sends", async () => {
    const { visitId } = await visitAwaitingApproval();
    const customerId = (await stateOf(stack, visitId)).customer.id;
    const saved = await advisor.request(`/customers/${customerId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'zh-CN' }),
    });
    expect(saved.status).toBe(200);
    const link = await linkFor(visitId);
    expect(link.url).toBe(`http://localhost/app/approval?token=${link.token}&lang=zh-CN`);
    const page = await stack.app.request(new URL(link.url).pathname + new URL(link.url).search);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('lang="zh-CN"');
  });

  it("shows the customer's amounts in the shop's currency setting: ¥ in Shanghai, € in Munich", async () => {
    const { visitId } = await visitAwaitingApproval();
    const { token } = await linkFor(visitId);
    const shop = (currency: 'CNY' | 'EUR') =>
      createApp({ database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue }, { ...devSettings(), currency });
    const shanghai = await (await shop('CNY').request(`/app/approval?token=${token}&lang=zh-CN`)).text();
    expect(shanghai).toContain('¥183.50');
    expect(shanghai).not.toContain('€');
    const munich = await (await shop('EUR').request(`/app/approval?token=${token}&lang=en`)).text();
    expect(munich).toContain('€183.50');
    expect(munich).not.toContain('¥');
  });

  it('shows the customer the pending lines with prices and totals, without a login', async () => {
    const { visitId, lineIds } = await visitAwaitingApproval();
    const { token } = await linkFor(visitId);
    const res = await stack.app.request(`/approvals/${token}`);
    expect(res.status).toBe(200);
    const view = await readJson(res);
    expect(view).toMatchObject({ visitId, status: 'pending', subject: 'estimate', vehicle: { model: 'VW Golf' } });
    expect(view.lines.map((l: { id: string }) => l.id)).toEqual(lineIds);
    expect(view.lines[0]).toEqual({
      id: lineIds[0],
      kind: 'labour',
      description: 'Annual service',
      quantity: 1.5,
      unitPriceCents: 9_000,
      discountCents: 0,
      totalCents: 13_500,
      campaign: false,
      recommended: false,
      status: 'proposed',
    });
    // The suite's policy charges 19 % tax: 183.50 net + 34.87 (34.865 rounded half up).
    expect(view.totals).toEqual({
      labourCents: 13_500,
      partsCents: 4_850,
      discountCents: 0,
      subtotalCents: 18_350,
      taxCents: 3_487,
      totalCents: 21_837,
    });
    expect(view).not.toHaveProperty('timeline');
    // An estimate asks for the work the customer came for: no finding to explain it.
    expect(view).not.toHaveProperty('reason');
  });

  describe("the technician's finding on extra work", () => {
    const FINDING = 'Front brake pads worn to 2 mm:\nstopping distance is longer. <b>Replace</b> before driving on.';
    const visitWithExtraWork = async () => {
      await seedTechnicians(stack);
      const { visitId, lineIds } = await visitAwaitingApproval();
      await act(stack, visitId, 'decide', {
        decisions: lineIds.map((lineId) => ({ lineId, approved: true })),
        consent: phoneConsent('REC-77'),
      });
      // Whoever the workshop plan proposes (the shared stack's other visits keep some technicians busy).
      await expect.poll(async () => (await stateOf(stack, visitId)).dispatch.proposal).not.toBeNull();
      const proposed = (await stateOf(stack, visitId)).dispatch.proposal?.technicianId as string;
      await assignAndStart(stack, visitId, { technicianId: proposed });
      await act(
        stack,
        visitId,
        'report_additional_work',
        {
          lines: [{ kind: 'part', description: 'Brake pads', quantity: 1, unitPriceCents: 8_900 }],
          promisedAt: new Date(Date.now() + 10 * 3_600_000).toISOString(),
          reason: FINDING,
        },
        // The technician the job went to: only they report extra work on it.
        { id: proposed, role: 'technician' },
      );
      return visitId;
    };

    it('is on the view of the approval link, as the technician wrote it', async () => {
      const visitId = await visitWithExtraWork();
      const { token, approvalId } = await linkFor(visitId);
      const view = await readJson(await stack.app.request(`/approvals/${token}`));
      expect(view).toMatchObject({ approvalId, subject: 'additional_work', status: 'pending', reason: FINDING });
      // The staff's visit holds it with the approval, and the event that reported the work records it.
      const visit = await readJson(await advisor.request(`/visits/${visitId}`));
      expect(visit.state.approvals.at(-1)).toMatchObject({ id: approvalId, reason: FINDING });
      const [reported] = await stack.database.db
        .select({ data: visitEvents.data })
        .from(visitEvents)
        .where(and(eq(visitEvents.visitId, visitId), eq(visitEvents.type, 'additional_work_reported')));
      expect(reported?.data).toMatchObject({ approvalId, reason: FINDING });
    });

    it('is absent for extra work reported before the finding was kept with the approval', async () => {
      const visitId = await visitWithExtraWork();
      // Such a visit's read model holds its approvals without a reason.
      const [row] = await stack.database.db.select({ facts: visits.facts }).from(visits).where(eq(visits.id, visitId));
      const facts = row?.facts ?? {};
      const approvals = (facts.approvals ?? []).map(({ reason: _reason, ...approval }) => approval);
      expect(approvals.at(-1)?.subject).toBe('additional_work');
      await stack.database.db
        .update(visits)
        .set({ facts: { ...facts, approvals } })
        .where(eq(visits.id, visitId));
      const { token } = await linkFor(visitId);
      const res = await stack.app.request(`/approvals/${token}`);
      expect(res.status).toBe(200);
      const view = await readJson(res);
      expect(view).toMatchObject({ subject: 'additional_work', status: 'pending' });
      expect(view).not.toHaveProperty('reason');
    });
  });

  it('records the decision as the customer, with the signature as consent, and refuses the link afterwards', async () => {
    const { visitId, lineIds } = await visitAwaitingApproval();
    const { token } = await linkFor(visitId);
    const [service, filter, wipers] = lineIds as [string, string, string];
    const res = await decide(token, [
      { lineId: service, approved: true },
      { lineId: filter, approved: true },
      { lineId: wipers, approved: false },
    ]);
    expect(res.status).toBe(200);
    const view = await readJson(res);
    expect(view.status).toBe('decided');
    expect(view.lines.map((l: { status: string }) => l.status)).toEqual(['approved', 'approved', 'declined']);

    const state = await stateOf(stack, visitId);
    expect(state.stage).toBe('awaiting_dispatch');
    const decided = state.timeline.find((e) => e.type === 'customer_decided');
    expect(decided?.actor).toEqual({ id: `customer:${state.customer.id}`, role: 'customer' });
    await expect
      .poll(async () => stack.database.db.select().from(consents).where(eq(consents.visitId, visitId)))
      .toMatchObject([{ method: 'signature', signedBy: 'Ana Pereira' }]);

    for (const again of [
      await stack.app.request(`/approvals/${token}`),
      await decide(token, [{ lineId: wipers, approved: true }]),
    ]) {
      expect(again.status).toBe(410);
      expect((await readJson(again)).error.message).toContain('already decided');
    }
  });

  it("makes the customer's submission safe to retry with an Idempotency-Key", async () => {
    const { visitId, lineIds } = await visitAwaitingApproval();
    const { token } = await linkFor(visitId);
    const body = { decisions: lineIds.map((lineId) => ({ lineId, approved: true })), signature: signature('Ana Pereira') };
    const first = await postJson(stack.app, `/approvals/${token}`, body, { 'Idempotency-Key': 'tap-1' });
    const retry = await postJson(stack.app, `/approvals/${token}`, body, { 'Idempotency-Key': 'tap-1' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await readJson(retry)).toEqual(await readJson(first));
    expect((await stateOf(stack, visitId)).timeline.filter((e) => e.type === 'customer_decided')).toHaveLength(1);
    // The key is also the decision's Temporal update id, so even a lost answer cannot record it twice.
    const history = await stack.client.workflow.getHandle(visitId).fetchHistory();
    const updateIds = (history.events ?? []).flatMap((e) => {
      const meta = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta;
      return meta?.updateId ? [meta.updateId] : [];
    });
    expect(updateIds.filter((id) => id.endsWith(' tap-1'))).toEqual([
      `link:${decodeJwt(token).payload.jti} POST /approvals/:token tap-1`,
    ]);
  });

  it('gives a retried decision whose answer was lost its first answer, and anyone else the used-link refusal', async () => {
    const { visitId, lineIds } = await visitAwaitingApproval();
    const { token } = await linkFor(visitId);
    const body = { decisions: lineIds.map((lineId) => ({ lineId, approved: true })), signature: signature('Ana Pereira') };
    const first = await postJson(stack.app, `/approvals/${token}`, body, { 'Idempotency-Key': 'lost-1' });
    expect(first.status).toBe(200);
    // The answer never reached the phone and was never stored (the API died before storing it).
    await stack.database.db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, 'lost-1'));

    const retry = await postJson(stack.app, `/approvals/${token}`, body, { 'Idempotency-Key': 'lost-1' });
    expect(retry.status).toBe(200);
    expect(await readJson(retry)).toMatchObject({ status: 'decided', approvalId: (await readJson(first)).approvalId });
    expect((await postJson(stack.app, `/approvals/${token}`, body, { 'Idempotency-Key': 'other' })).status).toBe(410);
    expect((await stateOf(stack, visitId)).timeline.filter((e) => e.type === 'customer_decided')).toHaveLength(1);
  });

  it("takes the link's host from PUBLIC_URL, never from the request's Host header", async () => {
    const app = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), publicUrl: 'https://service.example-dealer.com' },
    );
    const { visitId } = await visitAwaitingApproval();
    const res = await postJson(
      asStaff(app, 'advisor'),
      `http://attacker.example/visits/${visitId}/approval-links`,
      {},
      {
        host: 'attacker.example',
        'x-forwarded-host': 'attacker.example',
      },
    );
    expect(res.status).toBe(201);
    const link = await readJson(res);
    expect(link.url).toBe(`https://service.example-dealer.com/app/approval?token=${link.token}`);
  });

  it('names the field when the decision is malformed or names a line outside the approval', async () => {
    const { visitId, lineIds } = await visitAwaitingApproval();
    const { token } = await linkFor(visitId);
    const noSignature = await postJson(stack.app, `/approvals/${token}`, { decisions: [{ lineId: lineIds[0], approved: true }] });
    expect(noSignature.status).toBe(400);
    expect((await readJson(noSignature)).error.message).toContain('signature');

    const foreign = await decide(token, [{ lineId: `${UNKNOWN_VISIT}:L1`, approved: true }]);
    expect(foreign.status).toBe(422);
    expect((await readJson(foreign)).error.details.fields[0].field).toBe('decisions.0.lineId');
  });

  it('refuses expired, tampered, cross-visit and wrong-purpose tokens', async () => {
    const a = await visitAwaitingApproval();
    const b = await visitAwaitingApproval();
    const key = devSettings().approvalLinkKey;
    const { token } = await linkFor(a.visitId);

    const expired = await signApprovalLink({ visitId: a.visitId, approvalId: a.approvalId }, key, -60);
    const res = await stack.app.request(`/approvals/${expired.token}`);
    expect(res.status).toBe(410);
    expect((await readJson(res)).error.message).toContain('expired');

    const [header, , sig] = token.split('.');
    const forgedClaims = Buffer.from(
      JSON.stringify({ purpose: 'approval', visitId: b.visitId, approvalId: b.approvalId, jti: 'x', exp: 4_000_000_000 }),
    ).toString('base64url');
    expect((await stack.app.request(`/approvals/${header}.${forgedClaims}.${sig}`)).status).toBe(401);
    expect((await stack.app.request('/approvals/not-a-token')).status).toBe(401);

    const crossVisit = await signApprovalLink({ visitId: b.visitId, approvalId: a.approvalId }, key, 3600);
    const cross = await stack.app.request(`/approvals/${crossVisit.token}`);
    expect(cross.status).toBe(403);
    expect((await readJson(cross)).error.message).toContain('does not belong');

    const staff = await stack.app.request(`/approvals/${await staffToken('manager')}`);
    expect(staff.status).toBe(401);
    const linkAsBearer = await stack.app.request(`/visits/${a.visitId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(linkAsBearer.status).toBe(401);
  });

  it('lets only advisors and managers issue links, for a visit that waits on the customer', async () => {
    const { visitId } = await visitAwaitingApproval();
    const path = `/visits/${visitId}/approval-links`;
    expect((await postJson(stack.app, path, {})).status).toBe(401);
    const forbidden = await postJson(asStaff(stack.app, 'technician'), path, {});
    expect(forbidden.status).toBe(403);
    expect((await readJson(forbidden)).error.code).toBe('forbidden');
    expect((await postJson(asStaff(stack.app, 'admin'), path, {})).status).toBe(201);

    const invalid = await postJson(advisor, path, { expiresInHours: 0 });
    expect(invalid.status).toBe(400);
    expect((await readJson(invalid)).error.message).toContain('expiresInHours');

    const atReception = await walkIn(stack);
    const notNow = await postJson(advisor, `/visits/${atReception}/approval-links`, {});
    expect(notNow.status).toBe(409);
    expect((await postJson(advisor, `/visits/${UNKNOWN_VISIT}/approval-links`, {})).status).toBe(404);
  });

  it('rate-limits the public routes per client address', async () => {
    const app = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), customerRateLimit: { limit: 2, windowMs: 60_000 } },
    );
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/approvals/not-a-token')).status);
    expect(statuses).toEqual([401, 401, 429]);
    const limited = await app.request('/approvals/not-a-token');
    expect((await readJson(limited)).error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });
});
