import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vehicles } from '../../db/schema.js';
import { CATALOGUES } from '../../web/i18n/index.js';
import { staffToken } from '../support/auth.js';
import { useTestStack } from '../support/stack.js';
import { stateOf, walkIn } from '../support/visits.js';

// A form's hidden reference comes from the page's address (a new complaint opened from a customer's file or a
// visit): an address typed or cut short puts something there that names no record. The refusal says so in the
// person's words, never zod's "Invalid UUID" under "This field". The same for the ids in a form's own address.
//
// REFERENCES_SEED=<seed> (printed on failure) sends the same addresses again.

const SEED = Number(process.env.REFERENCES_SEED ?? Date.now() % 2 ** 31);
/** Path segments as a client can send them (already percent-encoded): bytes, sizes and names no id has. */
const HOSTILE_IDS = [
  '%00',
  'adv-lena%00',
  '%FF',
  '%ED%A0%80',
  'x'.repeat(5_000),
  '%2e%2e',
  '%2F%2Fevil.example',
  '%E2%80%AE',
  '-1',
  '99999999999999999999',
  '__proto__',
  '%F0%9F%98%80',
  '00000000-0000-4000-8000-000000000000',
];

describe("a form's hidden reference that names no record", () => {
  const stack = useTestStack();

  it('the new complaint from an address whose customer or visit is not an id: refused in plain words, either language', async () => {
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    for (const [field, label] of [
      ['customerId', 'customerId'],
      ['visitId', 'visitId'],
    ] as const)
      for (const [acceptLanguage, lang] of [
        ['zh-CN', 'zh-CN'],
        ['en-GB', 'en'],
      ] as const) {
        const page = await stack.app.request(`http://localhost/app/complaints/new?${field}=from-an-old-link`, {
          headers: { cookie, 'accept-language': acceptLanguage },
        });
        const html = await page.text();
        const drawn = [...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map(([, n, v]): [string, string] => [
          n ?? '',
          v ?? '',
        ]);
        expect(drawn).toContainEqual([field, 'from-an-old-link']);
        const body = new URLSearchParams([...drawn, ['description', 'The rattle is back']]);
        const res = await stack.app.request('http://localhost/app/complaints', {
          method: 'POST',
          headers: { cookie, origin: 'http://localhost', 'accept-language': acceptLanguage },
          body,
        });
        const refused = await res.text();
        expect(res.status).toBe(400);
        const catalogue = CATALOGUES[lang];
        const said = catalogue.error.notOnFile.replace('{{label}}', catalogue.field[label]);
        expect(refused.replace(/&#39;/g, "'")).toContain(said);
        expect(refused).not.toMatch(/Invalid UUID/);
      }
  });
  it("a car's change sent from an address whose customer is not on file, or not its owner: nothing saved, a page and no 500", async () => {
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    const { customer, vehicle } = await stateOf(stack, await walkIn(stack));
    const other = (await stateOf(stack, await walkIn(stack))).customer;
    const plateOf = async () => (await stack.database.db.select().from(vehicles).where(eq(vehicles.vin, vehicle.vin)))[0]?.plate;
    const before = await plateOf();
    for (const customerPath of ['%00', 'not-a-file', '00000000-0000-4000-8000-000000000000', other.id]) {
      const res = await stack.app.request(`http://localhost/app/customers/${customerPath}/vehicles/${vehicle.vin}`, {
        method: 'POST',
        headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ plate: 'B-XX 99', model: vehicle.model }).toString(),
      });
      expect(res.status, customerPath).toBeGreaterThanOrEqual(400);
      expect(res.status, customerPath).toBeLessThan(500);
      const said = (await res.text()).match(/data-error-message="true">([^<]*)</)?.[1]?.replace(/&#39;/g, "'");
      expect([CATALOGUES.en.errorPage.noRecord, CATALOGUES.en.errorPage.badAddress], customerPath).toContain(said);
      expect(await plateOf(), customerPath).toBe(before);
    }
    // From the owner's file it is saved, and the page goes back to that file.
    const saved = await stack.app.request(`http://localhost/app/customers/${customer.id}/vehicles/${vehicle.vin}`, {
      method: 'POST',
      headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ plate: 'B-XX 99', model: vehicle.model }).toString(),
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/app/customers/${customer.id}?done=file_saved#changes`);
    expect(await plateOf()).toBe('B-XX 99');
  });
  it("every form's address with one id replaced by a hostile one answers below 500, without SQL or a stack", async () => {
    const cookies = {
      advisor: `sl_session=${await staffToken('advisor', 'adv-lena')}`,
      manager: `sl_session=${await staffToken('manager', 'mgr-eva')}`,
      admin: `sl_session=${await staffToken('admin', 'admin-1')}`,
    };
    const visitId = await walkIn(stack);
    const { customer } = await stateOf(stack, visitId);
    const pages: [string, string][] = [
      [`/app/visits/${visitId}`, cookies.advisor],
      [`/app/customers/${customer.id}`, cookies.advisor],
      ['/app/complaints/new', cookies.advisor],
      ['/app/technicians', cookies.manager],
      ['/app/staff', cookies.admin],
      ['/app/calendar', cookies.manager],
      ['/app/contact-list', cookies.manager],
      ['/app/feedback', cookies.manager],
    ];
    // Each form's address with each of its ids (the segments after the screen's name) in turn replaced.
    const targets: [string, string][] = [];
    for (const [page, cookie] of pages) {
      const html = await (await stack.app.request(`http://localhost${page}`, { headers: { cookie } })).text();
      for (const m of html.matchAll(/<form\b[^>]*method="post"[^>]*action="(\/app\/[^"?]+)/g)) {
        const segments = (m[1] ?? '').split('/');
        for (let i = 3; i < segments.length; i++)
          targets.push([segments.map((part, j) => (j === i ? '{id}' : part)).join('/'), cookie]);
      }
    }
    expect(targets.some(([t]) => t.startsWith('/app/customers/{id}/vehicles/'))).toBe(true);
    // A NUL every time (what PostgreSQL and a header refuse), and two more of the list, picked by the seed.
    const [nul = '%00', ...others] = HOSTILE_IDS;
    const picks = fc
      .sample(fc.subarray(others, { minLength: 2, maxLength: 2 }), { numRuns: targets.length, seed: SEED })
      .map((two) => [nul, ...two]);
    const findings: string[] = [];
    for (const [i, [target, cookie]] of targets.entries())
      for (const id of picks[i] ?? [nul]) {
        const path = target.replace('{id}', id);
        const res = await stack.app.request(`http://localhost${path}`, {
          method: 'POST',
          headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
          body: 'plate=B-XX%2099&model=Golf&description=Rattle',
        });
        const text = await res.text();
        if (res.status >= 500 || /failed query|violates|invalid byte sequence| {4}at |\.[jt]sx?:\d+:\d+/.test(text))
          findings.push(`${path.slice(0, 120)} → ${res.status}`);
      }
    expect(findings, `REFERENCES_SEED=${SEED}`).toEqual([]);
  });
});
