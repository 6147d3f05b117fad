import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitState } from '../../domain/visit-state.js';
import { asStaff } from '../support/auth.js';
import { OIL_CHANGE } from '../support/catalogue.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { receiveAndDiagnose, seedTechnicians, walkIn } from '../support/visits.js';

// A billed quantity (labour hours, part units) is above 0, in steps of 0.01 and at most 10,000
// (domain/money-rules.ts `isBilledQuantity`): a quarter hour is 0.25, 1.25 h is common. 0.3333333 h or 1e-9 units
// were accepted and then shown to the customer as float noise, or as "0".

const HOUR = 3_600_000;
const NOISE = [0.3333333, 1e-9, 1.005, 0.125];
const TOO_BIG = [1e9, 10_000.01];
const BILLED = [0.25, 1.25, 2, 1.15, 0.01];

describe('billed quantities', () => {
  let stack: TestStack;
  let manager: RequestingApp;
  let advisor: RequestingApp;
  let visitId: string;
  beforeAll(async () => {
    stack = await startTestStack();
    await seedTechnicians(stack);
    manager = asStaff(stack.app, 'manager', 'mgr-eva');
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    visitId = await walkIn(stack);
    await receiveAndDiagnose(stack, visitId);
  });
  afterAll(async () => stack?.close());

  const refusal = async (res: Response) => {
    expect(res.status).toBe(400);
    return (await readJson(res)).error as { code: string; message: string; details: { fields: { field: string }[] } };
  };

  it("refuses a labour operation's flat-rate hours finer than 0.01 or beyond the bound, in words naming the hours", async () => {
    let n = 0;
    for (const flatRateHours of NOISE) {
      const error = await refusal(
        await postJson(manager, '/catalogue/labour-operations', { ...OIL_CHANGE, code: `NOISE-${++n}`, flatRateHours }),
      );
      expect(error.message, String(flatRateHours)).toContain('flatRateHours: hours must be in steps of 0.01');
    }
    for (const flatRateHours of TOO_BIG) {
      const error = await refusal(
        await postJson(manager, '/catalogue/labour-operations', { ...OIL_CHANGE, code: `BIG-${++n}`, flatRateHours }),
      );
      expect(error.message, String(flatRateHours)).toContain('flatRateHours');
    }
    const list = (await readJson(await manager.request('/catalogue/labour-operations'))) as { code: string }[];
    expect(list.filter((op) => /^(NOISE|BIG)-/.test(op.code))).toEqual([]);
  });

  it('takes quarter hours, 1.25 h, whole hours and hundredths', async () => {
    let n = 0;
    for (const flatRateHours of BILLED) {
      const res = await postJson(manager, '/catalogue/labour-operations', {
        ...OIL_CHANGE,
        code: `BILLED-${++n}`,
        flatRateHours,
      });
      expect(res.status, String(flatRateHours)).toBe(201);
      expect((await readJson(res)).flatRateHours).toBe(flatRateHours);
    }
  });

  it("refuses an estimate line's quantity finer than 0.01 in words, writes nothing, and takes 0.25, 1.25 and 2", async () => {
    const estimate = (quantities: number[]) =>
      postJson(advisor, `/visits/${visitId}/actions/submit_estimate`, {
        lines: quantities.map((quantity, i) => ({
          kind: i % 2 === 0 ? 'labour' : 'part',
          description: `Line ${i + 1}`,
          quantity,
          unitPriceCents: 9_000,
          ...(i % 2 === 0 ? { requiredSkill: 1 } : {}),
        })),
        promisedAt: new Date(Date.now() + 8 * HOUR).toISOString(),
      });
    for (const quantity of [...NOISE, ...TOO_BIG]) {
      const error = await refusal(await estimate([1, quantity]));
      expect(
        error.details.fields.map((f) => f.field),
        String(quantity),
      ).toContain('lines.1.quantity');
      if (quantity < 10_000)
        expect(error.message, String(quantity)).toContain(
          'the quantity (hours for labour, units for parts) must be in steps of 0.01',
        );
    }
    const before = (await readJson(await advisor.request(`/visits/${visitId}`))) as { state: VisitState };
    expect(before.state.stage).toBe('diagnosis');
    expect(before.state.lines).toEqual([]);

    const res = await estimate([0.25, 1.25, 2]);
    expect(res.status).toBe(200);
    const after = (await readJson(await advisor.request(`/visits/${visitId}`))) as { state: VisitState };
    expect(after.state.lines.map((l) => l.quantity)).toEqual([0.25, 1.25, 2]);
    // 0.25 h at 90.00 is 22.50; 1.25 units at 90.00 is 112.50; 2 h is 180.00.
    expect(after.state.lines.map((l) => l.totalCents)).toEqual([2_250, 11_250, 18_000]);
  });

  it('refuses a package part or a catalogue part on an estimate in units finer than 0.01', async () => {
    const error = await refusal(
      await postJson(manager, '/catalogue/packages', {
        code: 'NOISY-PKG',
        name: 'Noisy',
        items: [{ kind: 'part', partNumber: 'FILTER-OIL', quantity: 0.3333333 }],
      }),
    );
    expect(error.message).toContain('the number of units must be in steps of 0.01');
  });
});
