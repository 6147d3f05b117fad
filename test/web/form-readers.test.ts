import { describe, expect, it } from 'vitest';
import { cents, num } from '../../web/forms.js';

// The readers turn what a form field holds into the API's JSON; what no person means as a number goes on as typed,
// so the API's refusal names the field instead of a value nobody entered being recorded.

describe('reading numbers from a form', () => {
  it('reads the decimal numbers people type, with a point or a comma', () => {
    const read = (v: string) => num({ v }, 'v');
    expect(read(' 12 ')).toBe(12);
    expect(read('1,5')).toBe(1.5);
    expect(read('-0.25')).toBe(-0.25);
    expect(read('.5')).toBe(0.5);
    expect(read('1e3')).toBe(1000);
    expect(read('')).toBeUndefined();
    expect(cents({ v: '90,50' }, 'v')).toBe(9050);
  });

  it('sends on as typed what only a programmer reads as a number: hex, binary, octal, Infinity', () => {
    for (const typed of ['0x10', '0b11', '0o17', 'Infinity', '1e400', '12 km', '1.2.3'])
      expect(num({ v: typed }, 'v'), typed).toBe(typed);
    expect(cents({ v: '0x10' }, 'v')).toBe('0x10');
  });
});
