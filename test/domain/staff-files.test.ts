import { describe, expect, it } from 'vitest';
import { CustomerChange, changedFields, VehicleChange } from '../../domain/customer-file.js';
import { latestLocalDate, localDate } from '../../domain/local-time.js';
import { advisorProblem, directoryOf, whoIs } from '../../domain/staff.js';
import { who } from '../../web/format.js';

describe('who a staff id is', () => {
  const directory = directoryOf([
    { id: 'adv-lena', name: 'Lena Vogt', role: 'advisor', active: true },
    { id: 'adv-old', name: 'Olaf Alt', role: 'advisor', active: false },
    { id: 'mgr-eva', name: 'Eva Stein', role: 'manager', active: true },
  ]);

  it('names people from the directory and marks ids it does not know', () => {
    expect(whoIs(directory, 'adv-lena')).toEqual({ name: 'Lena Vogt', known: true, active: true });
    expect(who(directory, 'adv-lena')).toBe('Lena Vogt');
    expect(who(directory, 'adv-old')).toBe('Olaf Alt (left)');
    expect(who(directory, 'lena')).toBe('lena (unknown)');
    expect(who(directory, 'system')).toBe('servicelane (automatic)');
    expect(who(directory, null)).toBe('—');
  });

  it('lets only an active advisor be the advisor of a visit', () => {
    expect(advisorProblem(directory.get('adv-lena'))).toBeUndefined();
    expect(advisorProblem(directory.get('lena'))).toMatch(/not in the staff directory/);
    expect(advisorProblem(directory.get('adv-old'))).toMatch(/inactive/);
    expect(advisorProblem(directory.get('mgr-eva'))).toMatch(/not a service advisor/);
  });
});

describe('changes to a file', () => {
  it("takes today's date as the shop's calendar reads it, in every zone: a car bought this Shanghai morning", () => {
    // Whatever the hour, one of these zones is a day ahead of UTC or level with the latest: UTC's today refused it.
    for (const zone of ['Asia/Shanghai', 'Europe/Berlin', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const today = localDate(Date.now(), zone);
      expect(VehicleChange.safeParse({ purchaseDate: today }).success, zone).toBe(true);
      expect(CustomerChange.safeParse({ birthday: today }).success, zone).toBe(true);
    }
    // 17:00 UTC on 3 December is already the 4th in Shanghai and in Kiribati.
    expect(latestLocalDate(Date.parse('2026-12-03T17:00:00Z'))).toBe('2026-12-04');
    expect(latestLocalDate(Date.parse('2026-12-03T09:59:59Z'))).toBe('2026-12-03');
  });

  it('records only the fields whose value changes, a cleared field as null', () => {
    const before = { address: 'Old Road 1', household: 'Mia', birthday: null, year: 2019 };
    expect(changedFields(before, { address: 'Old Road 1', household: null, birthday: '1980-01-02', year: undefined })).toEqual([
      { field: 'household', oldValue: 'Mia', newValue: null },
      { field: 'birthday', oldValue: null, newValue: '1980-01-02' },
    ]);
  });

  it('refuses days in the future or before the range, unknown fields and unbounded text', () => {
    // The day after today anywhere on Earth (UTC+14).
    const tomorrow = localDate(Date.now() + 86_400_000, 'Pacific/Kiritimati');
    expect(CustomerChange.safeParse({ birthday: tomorrow }).success).toBe(false);
    expect(CustomerChange.safeParse({ birthday: '1899-12-31' }).success).toBe(false);
    expect(CustomerChange.safeParse({ birthday: '1980-02-29' }).success).toBe(true);
    expect(CustomerChange.safeParse({ nickname: 'x' }).success).toBe(false);
    expect(VehicleChange.safeParse({ options: 'x'.repeat(1001) }).success).toBe(false);
    expect(VehicleChange.safeParse({ keyCode: null, colour: ' Blue ' }).data).toEqual({ keyCode: null, colour: 'Blue' });
  });
});
