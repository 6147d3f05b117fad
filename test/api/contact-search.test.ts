import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../domain/role-rules.js';
import { mayRead, readsCustomerContact } from '../../domain/roles.js';
import { asStaff } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { seedCustomer, seedVisit } from './seed.js';

// A customer's phone number is contact data: only the roles that read it (domain/roles.ts `readsCustomerContact`)
// find a customer or a visit by it. A technician typing a number into the visit search used to learn whose it was.

describe("searching by a customer's phone number", () => {
  const stack = useTestStack();
  const subscriber = String(2_000_000 + Math.floor(Math.random() * 7_000_000));
  const phone = `+49 171 ${subscriber}`;
  let visitId: string;
  let name: string;

  beforeAll(async () => {
    name = `Contact ${subscriber}`;
    const customerId = await seedCustomer(stack.database.db, { phone, name });
    ({ id: visitId } = await seedVisit(stack.database.db, { customerId, roNumber: 9_000_000 + Number(subscriber.slice(-6)) }));
  });

  it('is one rule: the customer files are read by exactly the roles that read contact data', () => {
    for (const role of STAFF_ROLES) expect(mayRead(role, 'customerFiles'), role).toBe(readsCustomerContact(role));
  });

  it('finds the visit by the whole number or part of it for the desk, and refuses the workshop in words', async () => {
    for (const role of STAFF_ROLES) {
      const app = asStaff(stack.app, role);
      const whole = await app.request(`/visits?q=${encodeURIComponent(phone)}`);
      const part = await app.request(`/visits?q=${encodeURIComponent(`0171 ${subscriber.slice(0, 5)}`)}`);
      const byName = await app.request(`/visits?q=${encodeURIComponent(name)}`);
      // The workshop still finds the visit by the customer's name.
      expect(byName.status, role).toBe(200);
      expect(
        (await readJson(byName)).items.map((v: { visitId: string }) => v.visitId),
        role,
      ).toContain(visitId);
      if (readsCustomerContact(role)) {
        expect(whole.status, role).toBe(200);
        expect(
          (await readJson(whole)).items.map((v: { visitId: string }) => v.visitId),
          role,
        ).toContain(visitId);
        expect(part.status, role).toBe(200);
        expect(
          (await readJson(part)).items.map((v: { visitId: string }) => v.visitId),
          role,
        ).toContain(visitId);
      } else {
        expect(whole.status, role).toBe(403);
        const refusal = await readJson(whole);
        expect(Object.keys(refusal), role).toEqual(['error']);
        expect(refusal.error.code, role).toBe('forbidden');
        expect(refusal.error.message, role).toContain("may not search visits by a customer's phone number");
        expect(refusal.error.message, role).toContain('service advisor, service manager or administrator');
        expect(JSON.stringify(refusal), role).not.toContain(name);
        // Part of a number is read as an RO number or part of a plate, never matched with the phones.
        expect(part.status, role).toBe(200);
        expect(
          (await readJson(part)).items.map((v: { visitId: string }) => v.visitId),
          role,
        ).not.toContain(visitId);
      }
    }
  });

  it('finds customers on file (with their phone and e-mail) for the desk only', async () => {
    for (const role of STAFF_ROLES) {
      const res = await asStaff(stack.app, role).request(`/customers?q=${encodeURIComponent(subscriber)}`);
      if (readsCustomerContact(role)) {
        expect(res.status, role).toBe(200);
        expect(
          (await readJson(res)).map((c: { phone: string }) => c.phone),
          role,
        ).toContain(phone);
      } else {
        expect(res.status, role).toBe(403);
        const refusal = await readJson(res);
        expect(refusal.error.code, role).toBe('forbidden');
        expect(JSON.stringify(refusal), role).not.toContain(subscriber);
      }
    }
  });
});
