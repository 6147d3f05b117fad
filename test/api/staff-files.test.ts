import { beforeAll, describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { patchJson, postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { seedCustomer, seedTechnician, seedVehicle, testVin } from './seed.js';

const DAY = 86_400_000;
const fieldsOf = async (res: Response) => ((await readJson(res)).error.details.fields as { field: string }[]).map((f) => f.field);
/** The one change a visit makes to a vehicle seeded at 30,000 km: the advisor's new odometer reading. */
const mileageRead = (newValue: string) =>
  expect.objectContaining({ subject: 'vehicle', field: 'mileage', oldValue: '30000', newValue, changedBy: 'adv-lena' });

describe('the staff directory and the customer and vehicle files', () => {
  const stack = useTestStack();
  let admin: RequestingApp;
  let advisor: RequestingApp;
  let manager: RequestingApp;

  beforeAll(async () => {
    admin = asStaff(stack.app, 'admin', 'adm-ida');
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    manager = asStaff(stack.app, 'manager', 'mgr-eva');
    await seedTechnician(stack.database.db, { id: 'tech-omar', name: 'Omar Aziz' });
  });

  describe('staff directory', () => {
    it('lets an admin add, rename and deactivate staff, and every role read it with the technicians', async () => {
      const added = await postJson(admin, '/staff', { id: 'adv-nora', name: 'Nora Kim', role: 'advisor' });
      expect(added.status).toBe(201);
      expect(await readJson(added)).toEqual({ id: 'adv-nora', name: 'Nora Kim', role: 'advisor', active: true });

      const renamed = await patchJson(admin, '/staff/adv-nora', { name: 'Nora Kim-Lee' });
      expect(await readJson(renamed)).toMatchObject({ name: 'Nora Kim-Lee', active: true });

      const everyone = await readJson(await manager.request('/staff'));
      expect(everyone).toEqual(
        expect.arrayContaining([
          { id: 'adv-nora', name: 'Nora Kim-Lee', role: 'advisor', active: true },
          { id: 'tech-omar', name: 'Omar Aziz', role: 'technician', active: true },
        ]),
      );
      const technicians = await readJson(await asStaff(stack.app, 'technician').request('/staff?role=technician'));
      expect(technicians.map((m: { id: string }) => m.id)).toEqual(['tech-omar']);

      expect((await patchJson(admin, '/staff/adv-nora', { active: false })).status).toBe(200);
      const active = await readJson(await advisor.request('/staff?role=advisor&active=true'));
      expect(active.map((m: { id: string }) => m.id)).not.toContain('adv-nora');
      expect(active.map((m: { id: string }) => m.id)).toContain('adv-lena');
    });

    it('refuses changes from anyone but an admin, and bad fields with the field named', async () => {
      expect((await postJson(manager, '/staff', { id: 'adv-x', name: 'X', role: 'advisor' })).status).toBe(403);
      expect((await patchJson(advisor, '/staff/adv-lena', { name: 'Me' })).status).toBe(403);

      const technician = await postJson(admin, '/staff', { id: 'tech-new', name: 'New', role: 'technician' });
      expect(technician.status).toBe(400);
      expect(await fieldsOf(technician)).toContain('role');
      const blank = await postJson(admin, '/staff', { id: 'adv-y', name: '  ', role: 'advisor' });
      expect(await fieldsOf(blank)).toContain('name');
      const empty = await patchJson(admin, '/staff/adv-lena', {});
      expect(empty.status).toBe(400);

      const taken = await postJson(admin, '/staff', { id: 'tech-omar', name: 'Omar again', role: 'foreman' });
      expect(taken.status).toBe(409);
      expect((await readJson(taken)).error.message).toContain('tech-omar');
      expect((await patchJson(admin, '/staff/nobody', { name: 'N' })).status).toBe(404);
    });
  });

  describe('booking names an advisor from the directory', () => {
    const booking = (advisorId: string, vin = testVin(), at = new Date(Date.now() + 3 * DAY).toISOString()) => ({
      customer: { name: 'Jonas Weber', phone: '+49 30 555 0199' },
      vehicle: { vin, plate: 'B-JW-199', model: 'Audi A4' },
      advisorId,
      requestedServices: ['Annual service'],
      appointmentAt: at,
    });

    it.each([
      ['free text', 'lena'],
      ['a manager', 'mgr-eva'],
      ['a technician', 'tech-omar'],
    ])('refuses %s as the advisor with a 400 naming advisorId', async (_what, advisorId) => {
      const res = await postJson(advisor, '/appointments', booking(advisorId));
      expect(res.status).toBe(400);
      const body = await readJson(res);
      expect(body.error.message).toContain('advisorId');
      expect(body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['advisorId']);
    });

    it('refuses an advisor who left, for a walk-in too', async () => {
      await postJson(admin, '/staff', { id: 'adv-gone', name: 'Gone Advisor', role: 'advisor' });
      await patchJson(admin, '/staff/adv-gone', { active: false });
      const { appointmentAt: _, ...walkIn } = booking('adv-gone');
      const res = await postJson(advisor, '/visits', walkIn);
      expect(res.status).toBe(400);
      expect((await readJson(res)).error.message).toContain('inactive');
    });

    it('warns with 409 about a second open booking of the vehicle that day, and books it when confirmed', async () => {
      const vin = testVin();
      const first = await postJson(advisor, '/appointments', booking('adv-lena', vin, '2031-04-02T10:30:00+02:00'));
      expect(first.status).toBe(201);
      const again = await postJson(advisor, '/appointments', booking('adv-tom', vin, '2031-04-02T16:00:00+02:00'));
      expect(again.status).toBe(409);
      const { error } = await readJson(again);
      // At the shop's time (UTC in the tests), whatever offset the desk sent.
      expect(error.message).toMatch(/B-JW-199 is already booked on 2031-04-02 at 08:30/);
      expect(error.details.duplicates).toEqual([expect.objectContaining({ visitId: (await readJson(first)).visitId })]);

      const nextDay = await postJson(advisor, '/appointments', booking('adv-tom', vin, '2031-04-03T10:30:00+02:00'));
      expect(nextDay.status).toBe(201);
      const confirmed = await postJson(advisor, '/appointments', {
        ...booking('adv-tom', vin, '2031-04-02T16:00:00+02:00'),
        confirmDuplicate: true,
      });
      expect(confirmed.status).toBe(201);
    });
  });

  describe('customer and vehicle files', () => {
    it('keeps every stored field when a known customer is booked again with blanks', async () => {
      const db = stack.database.db;
      // What the files hold beyond what a booking form sends.
      const customerFile = {
        email: 'ana@example.com',
        address: 'Hauptstr. 1\n10115 Berlin',
        birthday: '1980-05-17',
        household: 'Husband Rui drives the Polo',
        preferredChannel: 'email',
      } as const;
      const vehicleFile = {
        year: 2019,
        engineNo: 'CHZ123456',
        keyCode: 'K-7781',
        colour: 'Blue',
        transmission: 'Manual',
        options: 'Winter package',
        purchaseDate: '2019-03-01',
        salesperson: 'Max Vogel',
      };
      const customerId = await seedCustomer(db, { name: 'Ana Pereira', phone: '+49 30 777 1234', ...customerFile });
      const vin = await seedVehicle(db, customerId, { plate: 'B-AP-1', model: 'VW Polo', ...vehicleFile, mileage: 30_000 });
      const res = await postJson(advisor, '/appointments', {
        customer: { name: 'Ana Pereira', phone: '+49 30 777 1234' },
        vehicle: { vin, plate: 'B-AP-1', model: 'VW Polo', mileage: 41_000 },
        advisorId: 'adv-lena',
        appointmentAt: `${new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10)}T10:00:00Z`,
      });
      expect(res.status).toBe(201);
      const file = await readJson(await advisor.request(`/customers/${customerId}`));
      expect(file.customer).toMatchObject(customerFile);
      expect(file.vehicles[0].vehicle).toMatchObject({ ...vehicleFile, mileage: 41_000 });
      // The booking's one real change is in the history, with who made it.
      expect(file.changes).toEqual([mileageRead('41000')]);
    });

    it('edits the [S2] fields and keeps each change with who and when', async () => {
      const db = stack.database.db;
      const customerId = await seedCustomer(db, { name: 'Ben Ott', phone: '+49 30 777 5555', address: 'Old Road 1' });
      const vin = await seedVehicle(db, customerId, { plate: 'B-BO-1', model: 'Skoda Octavia' });
      const before = Date.now();

      const edited = await patchJson(advisor, `/customers/${customerId}`, {
        address: 'New Road 2',
        birthday: '1975-12-01',
        household: 'Daughter Mia',
        email: 'ben@example.com',
      });
      expect(edited.status).toBe(200);
      expect(await readJson(edited)).toMatchObject({ address: 'New Road 2', birthday: '1975-12-01', household: 'Daughter Mia' });
      const car = await patchJson(manager, `/vehicles/${vin}`, {
        engineNo: 'DFG998877',
        keyCode: 'K-1',
        colour: 'Grey',
        transmission: 'DSG automatic',
        options: 'Towbar\nNavigation',
        purchaseDate: '2020-06-30',
        salesperson: 'Max Vogel',
        year: 2020,
      });
      expect(car.status).toBe(200);
      // A field sent as null is cleared on purpose; sending the same value again records nothing.
      await patchJson(advisor, `/customers/${customerId}`, { household: null, address: 'New Road 2' });

      const file = await readJson(await advisor.request(`/customers/${customerId}`));
      expect(file.vehicles[0].vehicle).toMatchObject({ keyCode: 'K-1', options: 'Towbar\nNavigation', salesperson: 'Max Vogel' });
      expect(file.customer.household).toBeNull();
      const changes = file.changes as {
        field: string;
        oldValue: string | null;
        newValue: string | null;
        changedBy: string;
        at: string;
      }[];
      expect(changes[0]).toMatchObject({ field: 'household', oldValue: 'Daughter Mia', newValue: null, changedBy: 'adv-lena' });
      expect(changes).toContainEqual(
        expect.objectContaining({ subject: 'customer', field: 'address', oldValue: 'Old Road 1', newValue: 'New Road 2' }),
      );
      expect(changes).toContainEqual(
        expect.objectContaining({
          subject: 'vehicle',
          subjectId: vin,
          field: 'year',
          oldValue: null,
          newValue: '2020',
          changedBy: 'mgr-eva',
        }),
      );
      expect(changes.filter((c) => c.field === 'address')).toHaveLength(1);
      expect(changes).toHaveLength(4 + 8 + 1);
      for (const c of changes) expect(Date.parse(c.at)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('refuses bad fields with a 400 naming each, changing nothing', async () => {
      const db = stack.database.db;
      const customerId = await seedCustomer(db, { name: 'Cem Aydin', phone: '+49 30 777 6666' });
      const vin = await seedVehicle(db, customerId, { plate: 'B-CA-1', model: 'Ford Focus' });
      const future = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
      const cases: [string, unknown, string][] = [
        [`/customers/${customerId}`, { birthday: future }, 'birthday'],
        [`/customers/${customerId}`, { birthday: '1980-02-30' }, 'birthday'],
        [`/customers/${customerId}`, { email: 'not mail' }, 'email'],
        [`/customers/${customerId}`, { name: null }, 'name'],
        [`/customers/${customerId}`, { address: 'x'.repeat(501) }, 'address'],
        [`/customers/${customerId}`, { favouriteColour: 'red' }, '(body)'],
        [`/vehicles/${vin}`, { purchaseDate: '1890-01-01' }, 'purchaseDate'],
        [`/vehicles/${vin}`, { keyCode: 'a\u0000b' }, 'keyCode'],
        [`/vehicles/${vin}`, { year: 1800 }, 'year'],
      ];
      for (const [path, body, field] of cases) {
        const res = await patchJson(advisor, path, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        const error = (await readJson(res)).error;
        if (field === '(body)') expect(error.message).toContain('favouriteColour');
        else expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      const file = await readJson(await advisor.request(`/customers/${customerId}`));
      expect(file.changes).toEqual([]);
      expect((await patchJson(asStaff(stack.app, 'technician'), `/vehicles/${vin}`, { colour: 'Red' })).status).toBe(403);
      expect((await patchJson(advisor, '/customers/00000000-0000-4000-8000-000000000000', { household: 'x' })).status).toBe(404);
    });

    it('refuses a number another customer’s file has, naming the field: one number, one file', async () => {
      const db = stack.database.db;
      const anna = await seedCustomer(db, { name: 'Anna Alt', phone: '+49 30 777 2001' });
      const ben = await seedCustomer(db, { name: 'Ben Berg', phone: '+49 30 777 2002' });
      const refused = await patchJson(advisor, `/customers/${ben}`, { phone: '0049 30 7772001' });
      expect(refused.status).toBe(409);
      const error = (await readJson(refused)).error;
      expect(error.details).toMatchObject({ fields: [{ field: 'phone' }], otherCustomerId: anna });
      expect(error.message).toContain('Anna Alt');
      const file = await readJson(await advisor.request(`/customers/${ben}`));
      expect(file.customer.phone).toBe('+49 30 777 2002');
      expect(file.changes).toEqual([]);
      // A booking for Ben's file by its id with Anna's number is refused the same way.
      const booked = await postJson(advisor, '/appointments', {
        customer: { id: ben, name: 'Ben Berg', phone: '+49 30 777 2001' },
        vehicle: { vin: 'WVWZZZ1JZXW772002', plate: 'B-BB-2', model: 'VW Polo' },
        advisorId: 'adv-lena',
        appointmentAt: `${new Date(Date.now() + 6 * DAY).toISOString().slice(0, 10)}T10:00:00Z`,
      });
      expect(booked.status).toBe(409);
      expect((await readJson(booked)).error.details.fields[0].field).toBe('customer.phone');
    });

    it('keeps the odometer read at reception in the vehicle file’s history, with who read it', async () => {
      const db = stack.database.db;
      const customerId = await seedCustomer(db, { name: 'Eli Kraft', phone: '+49 30 777 7777' });
      const vin = await seedVehicle(db, customerId, { plate: 'B-EK-1', model: 'Opel Astra', mileage: 30_000 });
      const opened = await postJson(advisor, '/visits', {
        customer: { name: 'Eli Kraft', phone: '+49 30 777 7777' },
        vehicle: { vin, plate: 'B-EK-1', model: 'Opel Astra' },
        advisorId: 'adv-lena',
      });
      expect(opened.status).toBe(201);
      const { visitId } = await readJson(opened);
      const arrived = await postJson(advisor, `/visits/${visitId}/actions/arrive`, { coversFitted: true, mileage: 45_000 });
      expect(arrived.status).toBe(200);
      await expect
        .poll(async () => (await readJson(await advisor.request(`/customers/${customerId}`))).changes, { timeout: 30_000 })
        .toEqual([mileageRead('45000')]);
    });

    it('finds customers by phone, name, plate fragment or VIN for the booking form', async () => {
      const db = stack.database.db;
      const customerId = await seedCustomer(db, { name: 'Dora Fischer', phone: '+49 171 5550 8888' });
      const vin = await seedVehicle(db, customerId, { plate: 'M-LN 8888', model: 'BMW 118i' });
      for (const q of ['M-LN', 'mln8888', '0171 5550', 'fischer', vin.slice(5, 14)]) {
        const found = await readJson(await advisor.request(`/customers?q=${encodeURIComponent(q)}`));
        expect(found, q).toContainEqual(
          expect.objectContaining({ id: customerId, vehicles: [expect.objectContaining({ vin, plate: 'M-LN 8888' })] }),
        );
      }
      expect((await advisor.request('/customers?q=')).status).toBe(400);
    });
  });
});
