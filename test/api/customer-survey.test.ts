// Loaded first: @hono/zod-openapi must extend zod before any schema is built.
import '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { customerSurveys } from '../../db/care-schema.js';
import { visits } from '../../db/schema.js';
import { SURVEY_QUESTIONS } from '../../domain/survey-rules.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { type TestStack, useTestStack } from '../support/stack.js';
import { estimateLink, pickedUp, visitRowOf } from '../support/survey.js';
import { act, estimateLines, outboxOf, receiveAndEstimate, repairAndDeliver, signature, walkIn } from '../support/visits.js';

// The customer's satisfaction survey after pickup [S4, S6], through the approval link they already hold: refused
// before pickup and after its window, once per visit, and every hostile value is a 400 naming the field with
// nothing written.

const GOOD = { overall: 5, explanation: 4, onTime: 5, carReady: 4, recommend: 5 };

const surveyRows = (stack: TestStack, visitId: string) =>
  stack.database.db.select().from(customerSurveys).where(eq(customerSurveys.visitId, visitId));

const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00',
  '\u001b[31m',
  '\u202Eevil',
  '\u200B\uFEFF',
  '   ',
  'x'.repeat(2_001),
];
/** Refused inside readable words too (a zero-width space or blanks among words are fine; alone they read as nothing). */
const UNSTORABLE = ['\u0000', '\uD800', '\uDC00', '\u001b[31m', '\u202E', '\u0085'];
const HOSTILE_RATINGS: unknown[] = ['5', '', 6, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, null, true, [], {}, '\u0000', '1e0'];

describe('the customer’s satisfaction survey after pickup', () => {
  const stack = useTestStack({ technicians: true });
  // The customer routes' limit per address is a production guard; the property below sends hundreds of requests.
  const app = () =>
    createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), temporalCallTimeoutMs: 60_000, customerRateLimit: { limit: 100_000, windowMs: 60_000 } },
    );

  it('averages each question over the range and lists every low score with its plate, as worked out by hand', async () => {
    const api = app();
    const answers = [
      { overall: 5, explanation: 5, onTime: 4, carReady: 5, recommend: 5 },
      { overall: 4, explanation: 3, onTime: 5, carReady: 4, recommend: 4, comment: 'Good' },
      { overall: 2, explanation: 1, onTime: 2, carReady: 3, recommend: 2, comment: 'Waited two hours past the promise' },
      { overall: 4, explanation: 4, onTime: 1, carReady: 5, recommend: 4 },
    ];
    const visitsDone = await Promise.all(answers.map(() => pickedUp(stack)));
    for (const [i, { token }] of visitsDone.entries())
      expect((await postJson(api, `/surveys/${token}`, answers[i])).status).toBe(201);

    const today = new Date().toISOString().slice(0, 10);
    const manager = asStaff(api, 'manager', 'mgr-eva');
    const summary = await readJson(await manager.request(`/customer-surveys?from=${today}&to=${today}&tz=UTC`));
    // By hand: overall 5+4+2+4 = 15 → 3.75 → 3.8; explanation 5+3+1+4 = 13 → 3.25 → 3.3; on time 4+5+2+1 = 12 → 3;
    // car ready 5+4+3+5 = 17 → 4.25 → 4.3; recommend 5+4+2+4 = 15 → 3.8. One rated the visit overall 2 or fewer.
    expect(summary).toMatchObject({
      answered: 4,
      averages: { overall: 3.8, explanation: 3.3, onTime: 3, carReady: 4.3, recommend: 3.8 },
      lowOverall: 1,
    });
    // Low: the third (overall 2) and the fourth (on time 1); newest first.
    const plates = await Promise.all([2, 3].map(async (i) => (await visitRowOf(stack, visitsDone[i]?.visitId ?? ''))?.plate));
    expect(summary.low.map((l: { visitId: string }) => l.visitId).sort()).toEqual(
      [visitsDone[2]?.visitId, visitsDone[3]?.visitId].sort(),
    );
    expect(summary.low.map((l: { plate: string }) => l.plate).sort()).toEqual(plates.sort());
    expect(summary.low.find((l: { overall: number }) => l.overall === 2)?.comment).toBe('Waited two hours past the promise');
    // A technician does not read customers' answers.
    expect((await asStaff(api, 'technician').request(`/customer-surveys?from=${today}&to=${today}&tz=UTC`)).status).toBe(403);
  });

  it('opens at pickup, refuses what it cannot store naming the field, takes one answer and refuses the next', async () => {
    const api = app();
    const visitId = await walkIn(stack);
    const estimated = await receiveAndEstimate(stack, visitId, estimateLines.slice(0, 1));
    const token = new URL(await estimateLink(stack, visitId)).searchParams.get('token') ?? '';

    // Before pickup the link shows the survey as not open yet, and an answer is refused in words.
    expect(await readJson(await api.request(`/surveys/${token}`))).toMatchObject({ status: 'before_pickup', closesAt: null });
    const early = await postJson(api, `/surveys/${token}`, GOOD);
    expect(early.status).toBe(409);
    expect((await readJson(early)).error.message).toBe('The survey opens once the car is picked up');

    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await repairAndDeliver(stack, visitId);
    await expect.poll(async () => (await readJson(await api.request(`/surveys/${token}`))).status).toBe('open');

    // Every body with one field broken: 400 naming that field, nothing written.
    const broken = fc.oneof(
      fc.record({
        field: fc.constantFrom(...SURVEY_QUESTIONS),
        value: fc.oneof(fc.constantFrom(...HOSTILE_RATINGS), fc.double(), fc.integer({ min: 6 }), fc.integer({ max: 0 })),
      }),
      fc.record({
        field: fc.constant('comment'),
        value: fc.oneof(
          fc.constantFrom(...HOSTILE_TEXT),
          fc.constantFrom(...UNSTORABLE).map((h) => `Great service ${h} thanks`),
          fc.constant(42),
        ),
      }),
      fc.record({ field: fc.constant('language'), value: fc.constantFrom('fr', '', 'en\u0000', 7) }),
    );
    await fc.assert(
      fc.asyncProperty(broken, async ({ field, value }) => {
        if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) return;
        const res = await postJson(api, `/surveys/${token}`, { ...GOOD, comment: 'Fine', [field]: value });
        expect(res.status).toBe(400);
        const body = await readJson(res);
        expect(body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
        expect(body.error.message).toContain(field);
      }),
      { numRuns: 80 },
    );
    // A field left out or one the survey does not ask, a body that is no object, a 1 MB comment.
    for (const body of [{ ...GOOD, overall: undefined }, { ...GOOD, staffNote: 'x' }, [GOOD], 'five stars']) {
      const res = await postJson(api, `/surveys/${token}`, body);
      expect(res.status).toBe(400);
    }
    const huge = await postJson(api, `/surveys/${token}`, { ...GOOD, comment: 'x'.repeat(1_048_576) });
    expect(huge.status).toBe(413);
    // A link that is not one, or a tampered one.
    expect((await postJson(api, '/surveys/not-a-link', GOOD)).status).toBe(401);
    expect((await postJson(api, `/surveys/${token.slice(0, -2)}xx`, GOOD)).status).toBe(401);
    expect(await surveyRows(stack, visitId)).toEqual([]);

    // Two answers sent at the same moment (two phones, a double tap): one is taken, the other told in words.
    const [a, b] = await Promise.all([
      postJson(api, `/surveys/${token}`, { ...GOOD, comment: '  Quick and friendly.\nThanks!  ' }),
      postJson(api, `/surveys/${token}`, { ...GOOD, comment: 'Sent again from the other phone' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const refused = await readJson(a.status === 409 ? a : b);
    expect(refused.error.message).toBe('This visit’s survey was already answered; thank you');
    const rows = await surveyRows(stack, visitId);
    expect(rows).toHaveLength(1);
    // Later: the first answer stands, and the link says it is answered.
    const again = await postJson(api, `/surveys/${token}`, { ...GOOD, overall: 2 });
    expect(again.status).toBe(409);
    expect(await surveyRows(stack, visitId)).toEqual(rows);
    expect(await readJson(await api.request(`/surveys/${token}`))).toMatchObject({ status: 'answered' });
  });

  it('takes the answer until the end of the 30th day after pickup on the shop’s clock, then refuses it', async () => {
    const api = app();
    const { visitId, token } = await pickedUp(stack);
    const db = stack.database.db;
    const pickupAt = (iso: string) =>
      db
        .update(visits)
        .set({ deliveredAt: new Date(iso) })
        .where(eq(visits.id, visitId));
    // The test app's shop runs on UTC: picked up 31 days and a minute before the survey's check, it is closed...
    const day = 86_400_000;
    const startOfToday = new Date(new Date().toISOString().slice(0, 10)).getTime();
    await pickupAt(new Date(startOfToday - 31 * day + 60_000).toISOString());
    const closed = await postJson(api, `/surveys/${token}`, GOOD);
    expect(closed.status).toBe(410);
    expect((await readJson(closed)).error.message).toBe('The survey of this visit has closed');
    // ...and picked up on the last day of the window (30 days before today), it is still open.
    await pickupAt(new Date(startOfToday - 30 * day).toISOString());
    expect((await postJson(api, `/surveys/${token}`, GOOD)).status).toBe(201);
  });

  it('comes with the invoice at pickup, for a walk-in signed at the desk too, and never passes as an approval link', async () => {
    const api = app();
    const { visitId } = await pickedUp(stack);
    let sent: Record<string, unknown> = {};
    await expect
      .poll(async () => {
        sent = ((await outboxOf(stack, visitId)).find((m) => m.template === 'invoice_issued')?.payload ?? {}) as Record<
          string,
          unknown
        >;
        return typeof sent.surveyUrl;
      })
      .toBe('string');
    const url = new URL(String(sent.surveyUrl));
    expect(url.pathname).toBe('/app/survey');
    // The last line of the message, so no phone takes a full stop into it.
    expect(renderMessage('invoice_issued', sent).text.split('\n').at(-1)).toBe(url.href);
    const token = url.searchParams.get('token') ?? '';
    expect(await readJson(await api.request(`/surveys/${token}`))).toMatchObject({ visitId, status: 'open' });
    expect((await api.request(`${url.pathname}${url.search}`)).status).toBe(200);
    // Its purpose is the survey: the approval page refuses it as a link of its own kind.
    expect((await api.request(`/approvals/${token}`)).status).toBe(401);
    expect((await postJson(api, `/surveys/${token}`, GOOD)).status).toBe(201);
  });
});
