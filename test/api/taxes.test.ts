import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { estimateLines, newVisitBody, receiveAndDiagnose, signature } from '../support/visits.js';

// Issue 17: a tax rate per shop. SHOP_TAX_RATE feeds each new visit's policy (a per-visit override still wins in
// development); the visit, the customer's approval and the approval page add the visit's tax to every amount.
// 1.5 h × 90.00 + 12.50 + 2 × 18.00 = 183.50 net; at 13 %, 23.855 → 23.86 tax and 207.36 in all.

/** A busy test machine may take longer than the production 5 s to confirm an action. */
const LOADED_MACHINE_MS = 60_000;

describe('a tax rate per shop', () => {
  const stack = useTestStack();
  let shanghai: ReturnType<typeof createApp>;
  let advisor: ReturnType<typeof asStaff>;
  beforeAll(async () => {
    shanghai = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), currency: 'CNY', taxRateBasisPoints: 1_300, temporalCallTimeoutMs: LOADED_MACHINE_MS },
    );
    advisor = asStaff(shanghai, 'advisor', 'adv-lena');
  });

  const open = async (body: object) => {
    const res = await postJson(advisor, '/visits', body);
    expect(res.status).toBe(201);
    return (await readJson(res)).visitId as string;
  };
  const visit = async (visitId: string) => (await readJson(await advisor.request(`/visits/${visitId}`))).state;

  it("prices a visit at the shop's rate: the visit, the approval the customer opens and the page they see", async () => {
    const visitId = await open(newVisitBody());
    expect(await visit(visitId)).toMatchObject({ taxRateBasisPoints: 1_300, totals: { taxCents: 0, totalCents: 0 } });

    await receiveAndDiagnose(stack, visitId);
    const lines = estimateLines.map((l, i) => (i === 2 ? { ...l, recommended: true } : l));
    const submitted = await postJson(
      advisor,
      `/visits/${visitId}/actions/submit_estimate`,
      { lines, promisedAt: new Date(Date.now() + 8 * 3_600_000).toISOString() },
      { 'idempotency-key': `estimate-${visitId}` },
    );
    expect(submitted.status).toBe(200);
    // The advisor marked the wiper blades recommended; the others are required, as a line is unless marked.
    expect((await visit(visitId)).lines.map((l: { recommended: boolean }) => l.recommended)).toEqual([false, false, true]);

    const link = await readJson(await postJson(advisor, `/visits/${visitId}/approval-links`, {}));
    const approval = await readJson(await shanghai.request(`/approvals/${link.token}`));
    expect(approval).toMatchObject({
      taxRateBasisPoints: 1_300,
      totals: { subtotalCents: 18_350, taxCents: 2_386, totalCents: 20_736 },
    });
    expect(approval.lines.map((l: { recommended: boolean }) => l.recommended)).toEqual([false, false, true]);
    const page = await (await shanghai.request(`/app/approval?token=${link.token}&lang=zh-CN`)).text();
    for (const part of ['增值税 13%', '¥207.36', '¥23.86', '建议项目']) expect(page).toContain(part);

    const decided = await postJson(shanghai, `/approvals/${link.token}`, {
      decisions: approval.lines.map((l: { id: string }) => ({ lineId: l.id, approved: true })),
      signature: signature('Ana Pereira'),
    });
    expect(decided.status).toBe(200);
    expect((await visit(visitId)).totals).toMatchObject({ subtotalCents: 18_350, taxCents: 2_386, totalCents: 20_736 });
  });

  it("keeps a development override of the visit's rate, and a shop without tax charges none", async () => {
    const overridden = await open({ ...newVisitBody(), policy: { taxRateBasisPoints: 1_900 } });
    expect((await visit(overridden)).taxRateBasisPoints).toBe(1_900);
    const untaxed = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), taxRateBasisPoints: 0, temporalCallTimeoutMs: LOADED_MACHINE_MS },
    );
    const res = await postJson(asStaff(untaxed, 'advisor', 'adv-lena'), '/visits', newVisitBody());
    const visitId = (await readJson(res)).visitId as string;
    expect((await visit(visitId)).taxRateBasisPoints).toBe(0);
  });
});
