import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { drawSignature } from '../support/browser.js';
import { postJson, readJson } from '../support/http.js';
import { approvalLinkOf, at, inLanguageLink, type Screen, startTour, type Tour, tourScreens } from '../support/screen-tour.js';
import type { TestStack } from '../support/stack.js';
import {
  act,
  bookVisit,
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
  technician,
  visitRow,
  walkIn,
} from '../support/visits.js';

// Issue 17: every screen a person meets, in English and Chinese, at 1366×768, a tablet both ways and a phone
// (test/support/screen-tour.ts checks each one). The visits are seeded through the workflows at each stage of
// the loop, so every action form the stage offers is open on its page.

const HOUR = 3_600_000;
let tour: Tour;
const v: Record<string, string> = {};
let customerId = '';
let complaintId = '';
let plate = '';
/** Each language signs its own estimate on the customer's link; the superseded link is the replaced estimate's. */
const links: Record<string, string> = {};

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
  await act(s, id, 'start_work', {}, technician);
}

beforeAll(async () => {
  tour = await startTour();
}, 300_000);

afterAll(async () => {
  await tour?.close();
});

// A test, not a hook: the helpers poll the workflows with expect.poll.
it('seeds a visit at every stage of the loop through the workflows', { timeout: 900_000 }, async () => {
  const s = tour.stack;
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
        policy: fastPolicy({ confirmationLeadMs: HOUR - 500 }),
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
        technician,
      );
      await approvalLinkOf(s, id, 'additional_work_found');
    })(),
    (async () => {
      v.qc = await walk('Omar Said');
      await toRepair(s, v.qc);
      await act(s, v.qc, 'complete_work', {}, technician);
    })(),
    (async () => {
      v.qcFailed = await walk('Eva Klein');
      await toRepair(s, v.qcFailed);
      await act(s, v.qcFailed, 'complete_work', {}, technician);
      await act(
        s,
        v.qcFailed,
        'record_qc',
        { passed: false, failedItems: ['Wash incomplete: door sills and the rear wheel arches still dirty'] },
        qc,
      );
    })(),
    (async () => {
      v.delivery = await walk('Tom Berg');
      await toRepair(s, v.delivery);
      await act(s, v.delivery, 'complete_work', {}, technician);
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
  complaintId = (await readJson(opened)).complaintId;
  await expect.poll(async () => (await advisor.request(`/complaints/${complaintId}`)).status).toBe(200);
});

const visit = (stage: string, as: Screen['as']) => at(`visit-${stage}`, as, () => `/app/visits/${v[stage]}`, { openAll: true });

/** Sends a form with its button: the answer to the post, once its page has loaded. */
async function send(page: Page, button: Locator) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), button.click()]);
  await page.waitForLoadState('load');
  return response;
}

/** The customer signs every line on the link in the page's language; the answer is the thank-you page. */
const signed: Screen = {
  name: 'approval-signed',
  as: 'customer',
  async open(page, base, lang) {
    await page.goto(`${base}${inLanguageLink(links[`sign-${lang}`] ?? '', lang)}`);
    for (const input of await page.locator('input[type=radio][value=approve]').all()) await input.check();
    await drawSignature(page, 'canvas.signature-pad');
    const response = await send(page, page.locator('[data-send-decision]'));
    await page.waitForSelector('[data-confirmation]');
    return response;
  },
};

/** A booking sent empty: the board again, each field saying what to do. */
const bookingErrors: Screen = {
  name: 'board-errors',
  as: 'advisor',
  status: 400,
  async open(page, base) {
    await page.goto(`${base}/app/board`);
    await page.evaluate('document.getElementById("book").open = true');
    const response = await send(page, page.locator('#book button[value="appointment"]'));
    // Drawn again on the board's own address, not the post's.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/board');
    return response;
  },
};

/** The car received without its covers fitted: the visit again with the form's errors. */
const actionErrors: Screen = {
  name: 'visit-action-errors',
  as: 'advisor',
  status: 400,
  async open(page, base) {
    await page.goto(`${base}/app/visits/${v.reception}`);
    const form = page.locator('form[data-action="arrive"]');
    await page.evaluate('document.getElementById("action-arrive").open = true');
    if (await form.locator('[name=coversFitted]').isChecked()) await form.locator('[name=coversFitted]').uncheck();
    const response = await send(page, form.locator('button[type=submit]').first());
    // The address bar shows the visit; the post address, reopened, leads there too.
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/app/visits/${v.reception}`);
    const reopened = await page.request.get(`${base}/app/visits/${v.reception}/actions/arrive`, { maxRedirects: 0 });
    expect([reopened.status(), reopened.headers().location]).toEqual([303, `/app/visits/${v.reception}`]);
    return response;
  },
};

describe('every screen in English and Chinese at four sizes', () => {
  it('the front desk, the workshop and the manager', { timeout: 1_800_000 }, async () => {
    await tourScreens(tour, [
      at('login', 'customer', () => '/app/login'),
      at('board', 'advisor', () => '/app/board'),
      bookingErrors,
      at('visits', 'advisor', () => '/app/visits'),
      at('visits-search', 'advisor', () => `/app/visits?q=${encodeURIComponent(plate)}`),
      visit('booked', 'advisor'),
      visit('reception', 'advisor'),
      actionErrors,
      visit('diagnosis', 'technician'),
      visit('estimate', 'advisor'),
      visit('approval', 'advisor'),
      visit('dispatch', 'foreman'),
      visit('repair', 'technician'),
      visit('qc', 'qc'),
      visit('qcFailed', 'technician'),
      visit('delivery', 'advisor'),
      visit('followUp', 'advisor'),
      visit('archived', 'advisor'),
      at('calls', 'advisor', () => '/app/calls'),
      at('workshop', 'foreman', () => '/app/workshop', { openAll: true }),
      at('technicians', 'foreman', () => '/app/technicians'),
      at('staff', 'admin', () => '/app/staff'),
      at('customer', 'advisor', () => `/app/customers/${customerId}`),
      at('customer-edit', 'advisor', () => `/app/customers/${customerId}`, { openAll: true }),
      at('timeline', 'manager', () => `/app/visits/${v.followUp}/timeline`),
      at('kpis', 'manager', () => '/app/kpis'),
      at('complaints', 'advisor', () => '/app/complaints'),
      at('complaint', 'advisor', () => `/app/complaints/${complaintId}`, { openAll: true }),
      at('complaint-new', 'advisor', () => '/app/complaints/new'),
      ...['inspection', 'diagnosis', 'estimate', 'qc', 'invoice'].map((kind) =>
        at(`paper-${kind}`, 'advisor', () => `/app/visits/${v.followUp}/documents/${kind}`),
      ),
      at('not-found', 'advisor', () => '/app/no-such-screen', { status: 404 }),
      at('not-allowed', 'advisor', () => '/app/staff', { status: 403 }),
    ]);
  });

  it("the customer's approval page: open, signed, superseded", { timeout: 600_000 }, async () => {
    await tourScreens(tour, [
      at('approval-open', 'customer', (lang) => inLanguageLink(links.open ?? '', lang)),
      signed,
      at('approval-superseded', 'customer', (lang) => inLanguageLink(links.superseded ?? '', lang), { status: 410 }),
    ]);
  });
});
