import { describe, expect, it } from 'vitest';
import { asStaff, staffToken } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { receive, walkIn } from '../support/visits.js';

// A summary cut with `.slice(0, n)` could end in half an emoji: PostgreSQL refused the event with its lone surrogate,
// and the visit went on without its record. Text is now cut between whole characters (domain/text-rules.ts `clip`).

const WRENCH = '\u{1F527}'; // two UTF-16 code units
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('text cut short never splits a character', () => {
  const stack = useTestStack({ technicians: true });

  it("records and shows a diagnosis whose findings have an emoji straddling the summary's cut", async () => {
    const visitId = await walkIn(stack);
    await receive(stack, visitId);
    // The summary took the findings' first 120 code units: the wrench's first half was the 120th.
    const findings = `${'Brake pads worn '.repeat(8).slice(0, 119)}${WRENCH} replace front pads and discs`;
    const technician = asStaff(stack.app, 'technician', 'tech-omar');
    const res = await postJson(technician, `/visits/${visitId}/actions/record_diagnosis`, { findings, roadTest: false });
    expect(res.status, await res.clone().text()).toBe(200);

    const { state: visit } = await readJson(await asStaff(stack.app, 'advisor', 'adv-lena').request(`/visits/${visitId}`));
    const diagnosed = visit.timeline.find((e: { type: string }) => e.type === 'diagnosed');
    expect(diagnosed, JSON.stringify(visit.timeline.map((e: { type: string }) => e.type))).toBeDefined();
    expect(diagnosed.summary).toMatch(/^Diagnosis: Brake pads worn/);
    expect(diagnosed.summary).not.toMatch(LONE_SURROGATE);
    expect(visit.incidents).toBeUndefined();
    // The findings themselves are on record whole.
    expect(JSON.stringify(visit)).toContain(WRENCH);
  });

  it("shows a complaint whose description has an emoji at the list's cut without a broken character", async () => {
    const visitId = await walkIn(stack);
    // The list shows the first 139 code units and an ellipsis: the wrench's first half was the 139th.
    const description = `${'Rattle from the dashboard '.repeat(6).slice(0, 138)}${WRENCH} ever since the last repair, worse when cold`;
    const opened = await postJson(asStaff(stack.app, 'advisor', 'adv-lena'), '/complaints', { description, visitId });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    const page = async () => (await stack.app.request('http://localhost/app/complaints', { headers: { cookie } })).text();
    await expect.poll(page, { timeout: 15_000 }).toContain(description.slice(0, 60));
    const html = await page();
    expect(html).toContain(`${description.slice(0, 138)}…`);
    expect(html).not.toContain('\ufffd');
  });
});
