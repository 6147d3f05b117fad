import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asStaff } from './auth.js';
import { seedPriceList } from './catalogue.js';
import { postJson, readJson } from './http.js';
import { approvalLinkOf, startTour, type Tour } from './screen-tour.js';
import type { TestStack } from './stack.js';
import {
  act,
  assigneeOf,
  bookVisit,
  CALL_DUE_AFTER_MS,
  estimateLines,
  fastPolicy,
  foreman,
  newVisitBody,
  qc,
  receiveAndDiagnose,
  receiveAndEstimate,
  repairAndDeliver,
  signature,
  stateOf,
  visitRow,
  walkIn,
  workCompleted,
  workStarted,
} from './visits.js';

// The screens tests' shop (issue 17): a visit at each stage of the loop, seeded through the workflows side by side,
// the customer's links, a complaint. Call it from a test (its helpers poll with expect.poll).

const HOUR = 3_600_000;

export interface Seeded {
  /** A visit per stage: booked, reception, diagnosis, estimate, approval, dispatch, repair, qc, qcFailed, delivery, followUp, archived. */
  v: Record<string, string>;
  customerId: string;
  plate: string;
  complaintId: string;
  /** The customer's links: open, sign-en, sign-zh-CN (one to sign per language), superseded. */
  links: Record<string, string>;
}

async function decideAll(s: TestStack, id: string) {
  const { lines } = await stateOf(s, id);
  await act(s, id, 'decide', {
    decisions: lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
}

async function toRepair(s: TestStack, id: string) {
  await receiveAndEstimate(s, id);
  await decideAll(s, id);
  await expect.poll(async () => (await stateOf(s, id)).dispatch.proposal).not.toBeNull();
  const proposed = (await stateOf(s, id)).dispatch.proposal?.technicianId as string;
  await act(s, id, 'assign_technician', { technicianId: proposed }, foreman);
  await act(s, id, 'start_work', workStarted, await assigneeOf(s, id));
}

export async function seedEveryStage(s: TestStack): Promise<Seeded> {
  const v: Record<string, string> = {};
  const links: Record<string, string> = {};
  let customerId = '';
  let plate = '';
  const walk = async (name: string) => {
    const body = newVisitBody();
    return walkIn(s, { body: { ...body, customer: { ...body.customer, name } } });
  };
  // One visit at each stage of the loop, seeded side by side.
  await Promise.all([
    (async () => {
      // Booked an hour ahead, its day-before call due at once: the call list has it.
      const body = newVisitBody();
      v.booked = await bookVisit(s, {
        inMs: HOUR,
        policy: fastPolicy({ confirmationLeadMs: HOUR - CALL_DUE_AFTER_MS }),
        body: { ...body, customer: { ...body.customer, name: 'Zhou Min' } },
      });
    })(),
    (async () => {
      v.reception = await walk('Wang Fang');
      const row = await visitRow(s, v.reception);
      customerId = row?.customerId ?? '';
      plate = row?.plate ?? '';
    })(),
    (async () => {
      v.diagnosis = await walk('Ana Pereira');
      await act(s, v.diagnosis, 'arrive', { coversFitted: true, mileage: 52_000 });
      await act(s, v.diagnosis, 'record_inspection', {
        damages: [{ area: 'rear bumper', description: 'scratch 5 cm' }],
        valuables: ['sunglasses'],
        fuelLevel: 'half',
        mileage: 52_000,
        customerSignature: signature('Ana Pereira'),
      });
    })(),
    (async () => {
      v.estimate = await walk('Jonas Keller');
      await receiveAndDiagnose(s, v.estimate);
    })(),
    (async () => {
      v.approval = await walk('Li Wei');
      await receiveAndEstimate(s, v.approval);
      links.open = await approvalLinkOf(s, v.approval);
    })(),
    ...['en', 'zh-CN'].map((lang) =>
      (async () => {
        const id = await walk(`Signer ${lang === 'en' ? 'Smith' : 'Zhang'}`);
        await receiveAndEstimate(s, id);
        links[`sign-${lang}`] = await approvalLinkOf(s, id);
      })(),
    ),
    (async () => {
      v.dispatch = await walk('Sara Novak');
      await receiveAndEstimate(s, v.dispatch);
      await decideAll(s, v.dispatch);
    })(),
    (async () => {
      v.repair = await walk('Peter Lang');
      await toRepair(s, v.repair);
    })(),
    (async () => {
      // Extra work found on the lift replaces the estimate's link with a newer one.
      const id = await walk('Mia Roth');
      await toRepair(s, id);
      links.superseded = await approvalLinkOf(s, id);
      await act(
        s,
        id,
        'report_additional_work',
        {
          lines: [{ kind: 'part', description: 'Brake pads, front axle', quantity: 1, unitPriceCents: 8_900 }],
          promisedAt: new Date(Date.now() + 10 * HOUR).toISOString(),
          reason: 'Front pads at 2 mm',
        },
        await assigneeOf(s, id),
      );
      await approvalLinkOf(s, id, 'additional_work_found');
    })(),
    (async () => {
      v.qc = await walk('Omar Said');
      await toRepair(s, v.qc);
      await act(s, v.qc, 'complete_work', workCompleted, await assigneeOf(s, v.qc));
    })(),
    (async () => {
      v.qcFailed = await walk('Eva Klein');
      await toRepair(s, v.qcFailed);
      await act(s, v.qcFailed, 'complete_work', workCompleted, await assigneeOf(s, v.qcFailed));
      await act(
        s,
        v.qcFailed,
        'record_qc',
        { passed: false, failedItems: ['Wash incomplete: door sills, rear wheel arches still dirty'] },
        qc,
      );
    })(),
    (async () => {
      v.delivery = await walk('Tom Berg');
      await toRepair(s, v.delivery);
      await act(s, v.delivery, 'complete_work', workCompleted, await assigneeOf(s, v.delivery));
      await act(s, v.delivery, 'record_qc', { passed: true }, qc);
    })(),
    (async () => {
      v.followUp = await walk('Julia Hahn');
      await receiveAndEstimate(s, v.followUp, estimateLines);
      await decideAll(s, v.followUp);
      await repairAndDeliver(s, v.followUp);
    })(),
    (async () => {
      v.archived = await walk('Karl Busch');
      await act(s, v.archived, 'cancel', { reason: 'The customer sold the car' });
    })(),
  ]);
  const advisor = asStaff(s.app, 'advisor', 'adv-lena');
  const opened = await postJson(advisor, '/complaints', {
    visitId: v.followUp,
    description: 'The brake noise is back.',
    source: 'phone',
  });
  expect(opened.status).toBe(201);
  const complaintId: string = (await readJson(opened)).complaintId;
  await expect.poll(async () => (await advisor.request(`/complaints/${complaintId}`)).status).toBe(200);
  await seedPriceList(s.app);
  return { v, customerId, plate, complaintId, links };
}

/**
 * The file's tour, registered with vitest: the stack and the browser before all, the seeding as the file's first
 * test. Screens read `seeded` when they open, after it ran.
 */
export function seededTour(): { tour: Tour; seeded: Seeded } {
  const state = {} as { tour: Tour; seeded: Seeded };
  beforeAll(async () => {
    state.tour = await startTour();
  }, 300_000);
  afterAll(async () => {
    await state.tour?.close();
  });
  it('seeds a visit at every stage of the loop through the workflows', { timeout: 900_000 }, async () => {
    state.seeded = await seedEveryStage(state.tour.stack);
  });
  return state;
}

/** Sends a form with its button: the answer to the post, once its page has loaded. */
export async function send(page: Page, button: Locator) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), button.click()]);
  await page.waitForLoadState('load');
  return response;
}
