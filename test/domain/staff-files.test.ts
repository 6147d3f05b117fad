import { describe, expect, it } from 'vitest';
import { CustomerChange, changedFields, VehicleChange } from '../../domain/customer-file.js';
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
  it('records only the fields whose value changes, a cleared field as null', () => {
    const before = { address: 'Old Road 1', household: 'Mia', birthday: null, year: 2019 };
    expect(changedFields(before, { address: 'Old Road 1', household: null, birthday: '1980-01-02', year: undefined })).toEqual([
      { field: 'household', oldValue: 'Mia', newValue: null },
      { field: 'birthday', oldValue: null, newValue: '1980-01-02' },
    ]);
  });

  it('refuses days in the future or before the range, unknown fields and unbounded text', () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(CustomerChange.safeParse({ birthday: tomorrow }).success).toBe(false);
    expect(CustomerChange.safeParse({ birthday: '1899-12-31' }).success).toBe(false);
    expect(CustomerChange.safeParse({ birthday: '1980-02-29' }).success).toBe(true);
    expect(CustomerChange.safeParse({ nickname: 'x' }).success).toBe(false);
    expect(VehicleChange.safeParse({ options: 'x'.repeat(1001) }).success).toBe(false);
    expect(VehicleChange.safeParse({ keyCode: null, colour: ' Blue ' }).data).toEqual({ keyCode: null, colour: 'Blue' });
  });
});
