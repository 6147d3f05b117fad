import { beforeAll, describe, expect, it } from 'vitest';
import { devSettings } from '../../api/settings.js';
import { tasks } from '../../db/schema.js';
import { STAFF_ROLES } from '../../domain/role-rules.js';
import { READ_WORDS, READS, type ReadName, readsAll, type StaffRole } from '../../domain/roles.js';
import { signApprovalLink } from '../../runtime/approval-links.js';
import { signBookingLink } from '../../runtime/booking-links.js';
import { asStaff, staffToken } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { act, bookVisit, newVisitBody, signature, walkIn } from '../support/visits.js';

// Access management [S7]: every GET route of the API's own document, asked by every role, by no one, by an expired
// token and by a customer's link, answers as `READS` (domain/roles.ts) says. The routes come from /openapi.json, so
// a route added later is asked too, and fails here until its row of READS says who may read it.

interface Operation {
  security?: unknown[];
  'x-read'?: string;
}

describe('who may read what', () => {
  const stack = useTestStack();
  let visitId: string;
  let vin: string;
  let phone: string;

  async function getRoutes(): Promise<{ path: string; op: Operation }[]> {
    const doc = await readJson(await stack.app.request('/openapi.json'));
    return Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      item.get ? [{ path, op: item.get }] : [],
    );
  }

  /** The route's address with the booked visit's ids in it (an unknown complaint or rescue answers 404). */
  const addressOf = (path: string) =>
    path
      .replace('{id}', path.startsWith('/complaints/') ? 'complaint-x' : path.startsWith('/rescues/') ? 'rescue-x' : visitId)
      .replace('{vin}', vin);

  const isRead = (name: string | undefined): name is ReadName => name !== undefined && name in READS;

  beforeAll(async () => {
    const body = newVisitBody();
    vin = body.vehicle.vin;
    phone = body.customer.phone;
    visitId = await bookVisit(stack, { inMs: 86_400_000, body });
    // A call for the desk and one for the foreman, so each reader's list has one to show and one to keep back.
    const task = { kind: 'confirmation_call', visitId, title: 'Call', dueAt: new Date() };
    await stack.database.db.insert(tasks).values([
      { ...task, id: `desk-${visitId}`, assigneeRole: 'advisor' },
      { ...task, id: `workshop-${visitId}`, assigneeRole: 'foreman' },
    ]);
  });

  it('answers every staff GET route by its row of READS, for every role, and refuses with 403 and no data', async () => {
    const routes = await getRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const undecided = routes.filter(({ op }) => op.security === undefined && !isRead(op['x-read'])).map(({ path }) => path);
    expect(undecided, 'GET routes whose readers nobody decided (give each requireReader and a row of READS)').toEqual([]);

    const apps = Object.fromEntries(STAFF_ROLES.map((role) => [role, asStaff(stack.app, role)]));
    for (const { path, op } of routes) {
      const read = op['x-read'];
      if (!isRead(read)) continue;
      for (const role of STAFF_ROLES) {
        const res = await apps[role]?.request(addressOf(path));
        const said = `${role} GET ${path}`;
        if (READS[read][role] === 'none') {
          expect(res?.status, said).toBe(403);
          const answer = await readJson(res as Response);
          // A refusal carries the error only: nothing of what was asked for.
          expect(Object.keys(answer), said).toEqual(['error']);
          expect(answer.error.code, said).toBe('forbidden');
          expect(answer.error.message, said).toContain(`may not read ${READ_WORDS[read]}`);
          expect(JSON.stringify(answer), said).not.toContain(phone);
        } else {
          // Read, or refused for what was asked (a query parameter it needs, an unknown complaint): never for the role.
          expect([200, 400, 404], said).toContain(res?.status);
        }
      }
    }
  }, 120_000);

  it('opens no staff GET route to no token, an expired token or a customer link, and those reach only their own visit', async () => {
    const routes = await getRoutes();
    const key = devSettings().approvalLinkKey;
    const approval = (await signApprovalLink({ visitId, approvalId: 'approval-1' }, key, 3600)).token;
    const booking = (await signBookingLink(visitId, key)).token;
    const expired = await staffToken('manager', 'mgr-max', -10);
    const callers: [string, Record<string, string>][] = [
      ['no token', {}],
      ['an expired token', { authorization: `Bearer ${expired}` }],
      ["a customer's approval link", { authorization: `Bearer ${approval}` }],
      ["a customer's booking link", { authorization: `Bearer ${booking}` }],
    ];
    for (const { path, op } of routes) {
      if (op.security !== undefined) continue;
      for (const [who, headers] of callers) {
        const res = await stack.app.request(addressOf(path), { headers });
        expect(res.status, `${who}: GET ${path}`).toBe(401);
        const answer = await readJson(res);
        expect(Object.keys(answer)).toEqual(['error']);
      }
    }
    // The booking link opens its own booking; a staff token in its place opens nothing.
    expect((await stack.app.request(`/bookings/${booking}`)).status).toBe(200);
    expect((await stack.app.request(`/bookings/${await staffToken('admin')}`)).status).toBe(401);
    expect((await stack.app.request(`/approvals/${await staffToken('admin')}`)).status).toBe(401);
  }, 60_000);

  it("shows the workshop's roles the visit and the board without the customer's phone and e-mail", async () => {
    const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const role of STAFF_ROLES) {
      const visit = await readJson(await asStaff(stack.app, role).request(`/visits/${visitId}`));
      expect(visit.state.vehicle.vin, role).toBe(vin);
      expect(visit.state.customer.phone, role).toBe(readsAll(role, 'visit') ? phone : undefined);
      expect(JSON.stringify(visit).includes(phone), role).toBe(readsAll(role, 'visit'));
      const board = await asStaff(stack.app, role).request(`/appointments?date=${day}&tz=UTC`);
      if (READS.appointments[role] === 'none') continue;
      const entry = (await readJson(board)).items.find((i: { visitId: string }) => i.visitId === visitId);
      expect(entry?.vehicle.vin, role).toBe(vin);
      expect(entry?.customer.phone, role).toBe(readsAll(role, 'appointments') ? phone : undefined);
    }
  });

  it("answers a workshop role's step with the visit as that role reads it, without the customer's phone", async () => {
    const body = newVisitBody();
    const walkedIn = await walkIn(stack, { body });
    await act(stack, walkedIn, 'arrive', { coversFitted: true, mileage: 52_000 });
    const step = async (role: StaffRole, name: string, payload: unknown) =>
      readJson(await postJson(asStaff(stack.app, role), `/visits/${walkedIn}/actions/${name}`, payload));
    const inspected = await step('advisor', 'record_inspection', {
      damages: [],
      valuables: [],
      fuelLevel: 'half',
      mileage: 52_000,
      customerSignature: signature('Customer'),
    });
    expect(inspected.customer.phone).toBe(body.customer.phone);
    const diagnosed = await step('technician', 'record_diagnosis', { findings: 'Service due', roadTest: false });
    expect(diagnosed.stage).toBe('diagnosis');
    expect(diagnosed.customer).toEqual({ id: inspected.customer.id, name: body.customer.name });
    expect(JSON.stringify(diagnosed)).not.toContain(body.customer.phone);
  });

  it('gives anyone but the front desk only the tasks for their own role', async () => {
    const roleOf = async (role: StaffRole, query = '') => {
      const res = await asStaff(stack.app, role).request(`/tasks?status=all${query}`);
      return { status: res.status, answer: await readJson(res) };
    };
    const onVisit = (answer: { items: { visitId: string; assigneeRole: string }[] }) =>
      answer.items.filter((t) => t.visitId === visitId).map((t) => t.assigneeRole);
    expect(onVisit((await roleOf('advisor')).answer).sort()).toEqual(['advisor', 'foreman']);
    expect(onVisit((await roleOf('foreman')).answer)).toEqual(['foreman']);
    for (const role of ['technician', 'qc'] as const) expect(onVisit((await roleOf(role)).answer), role).toEqual([]);
    const others = await roleOf('foreman', '&assigneeRole=advisor');
    expect(others.status).toBe(403);
    expect(Object.keys(others.answer)).toEqual(['error']);
    expect((await roleOf('foreman', '&assigneeRole=foreman')).status).toBe(200);
  });
});
