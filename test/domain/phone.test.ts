import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { impossiblePhone, phoneDigits, phoneKey, type ShopCountry } from '../../domain/phone.js';
import { visitSearch } from '../../domain/search.js';
import { Phone } from '../../domain/visit.js';

// The number a customer file is found by: one key for every way the front desk and the booking page write it.

/** A number and the ways people write it: each a prefix (country code, trunk or none) before the rest of the digits. */
interface Number {
  key: string;
  country: ShopCountry;
  forms: [prefix: string, rest: string][];
}

const shanghaiMobile: Number = {
  key: '8613812345678',
  country: 'CN',
  forms: [
    ['+86', '13812345678'],
    ['0086', '13812345678'],
    ['', '13812345678'],
  ],
};
const munichLandline: Number = {
  key: '49891234567',
  country: 'DE',
  forms: [
    ['+49', '891234567'],
    ['0049', '891234567'],
    ['+49 (0)', '891234567'],
    ['', '0891234567'],
  ],
};

const separator = fc.constantFrom('', ' ', '-', ' - ', '  ');

/** One spelling: the digits cut anywhere, joined by spaces or dashes, the first group maybe in parentheses. */
const spelling = ({ forms }: Number) =>
  fc
    .record({
      form: fc.constantFrom(...forms),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { maxLength: 4 }),
      separators: fc.array(separator, { minLength: 5, maxLength: 5 }),
      parentheses: fc.boolean(),
      padding: fc.constantFrom('', ' '),
    })
    .map(({ form: [prefix, rest], cuts, separators, parentheses, padding }) => {
      const at = [0, ...cuts.sort((a, b) => a - b), rest.length];
      const groups = at.slice(1).map((end, i) => rest.slice(at[i], end));
      if (parentheses && groups.length > 1) groups[0] = `(${groups[0]})`;
      const digits = groups.map((g, i) => (i === 0 ? g : `${separators[i]}${g}`)).join('');
      return `${padding}${prefix}${prefix ? separators[0] : ''}${digits}${padding}`;
    });

describe('phoneKey: the number a customer is found by', () => {
  it.each([shanghaiMobile, munichLandline])(
    'maps every spelling of a number to one key with the shop’s country (%#)',
    (number) => {
      fc.assert(fc.property(spelling(number), (phone) => phoneKey(phone, number.country) === number.key));
    },
  );

  it('reads a national form as the shop’s country: "138 1234 5678" in Shanghai, "089 1234567" in Munich', () => {
    expect(phoneKey('138 1234 5678', 'CN')).toBe(phoneKey('+86 138 1234 5678', 'CN'));
    expect(phoneKey('089 1234567', 'DE')).toBe(phoneKey('+49 89 1234567', 'DE'));
  });

  it('keeps a number from another country its own key: "+49 …" in Shanghai', () => {
    expect(phoneKey('+49 30 6241343', 'CN')).toBe('49306241343');
    expect(phoneKey('0049 30 6241343', 'CN')).toBe('49306241343');
    expect(phoneKey('030 6241343', 'CN')).not.toBe('49306241343');
  });

  it('without the shop’s country, a national form stays its own number (its digits), as before', () => {
    expect(phoneKey('030 6241343')).toBe('0306241343');
    expect(phoneKey('+49 30 6241343')).toBe('49306241343');
    expect(phoneKey('030 6241343')).not.toBe(phoneKey('+49 30 6241343'));
  });

  it('falls back to the digits when the library cannot read the number', () => {
    expect(phoneKey('+999 1234567', 'DE')).toBe(phoneDigits('+999 1234567'));
    expect(phoneDigits('0049 (30) 624-1343')).toBe('49306241343');
  });

  it('is what the search compares a whole number typed in either form with', () => {
    expect(visitSearch('+86 138 1234 5678', 'CN').phoneKey).toBe('8613812345678');
    expect(visitSearch('138-1234-5678', 'CN').phoneKey).toBe('8613812345678');
    expect(visitSearch('Fischer', 'CN').phoneKey).toBeNull();
  });
});

describe('Phone: the shapes people write a number in', () => {
  it('takes slashes, dots, a leading parenthesis and a Chinese keyboard’s full-width digits, as one key', () => {
    const munich = ['(089) 1234567', '089/1234567', '089.123.4567', '+49 (0)89 1234567'];
    for (const written of munich) expect(phoneKey(Phone.parse(written), 'DE'), written).toBe('49891234567');
    // Full-width digits and spaces are read as plain ones, and the file keeps them plain.
    expect(Phone.parse('１３８　１２３４　５６７８')).toBe('138 1234 5678');
    expect(phoneKey(Phone.parse('＋８６ １３８-１２３４-５６７８'), 'CN')).toBe('8613812345678');
  });

  it('still refuses what is no number: letters, other scripts’ digits, NUL, a bare sign', () => {
    for (const written of ['call me', '٠١٢٣٤٥٦٧٨٩', '0301234\u0000', '+', '((((((', '030 1234 ext. 12'])
      expect(Phone.safeParse(written).success, written).toBe(false);
  });
});

describe('impossiblePhone: a number its country cannot have', () => {
  it('names the country in plain words', () => {
    expect(impossiblePhone('138 12', 'CN')).toBe('138 12 is not a phone number in China');
    expect(impossiblePhone('+49 1111111111111111')).toBe('+49 1111111111111111 is not a phone number in Germany');
    expect(impossiblePhone('+1 555 0100')).toBe('+1 555 0100 is not a phone number with the country code +1');
  });

  it('refuses a number too long for any plan, which the library reads as no number at all', () => {
    expect(impossiblePhone('138123456789012345', 'CN')).toBe('138123456789012345 is not a phone number in China');
    expect(impossiblePhone('+49 1111111111111111111')).toBe('+49 1111111111111111111 is not a phone number in Germany');
    expect(impossiblePhone('0049 1111111111111111111', 'CN')).toBe('0049 1111111111111111111 is not a phone number in Germany');
    expect(impossiblePhone('+1 1111111111111111111')).toBe(
      '+1 1111111111111111111 is not a phone number with the country code +1',
    );
    // Its country still unknown: a national form with no country set, a country code with no plan.
    expect(impossiblePhone('11111111111111111111111')).toBeUndefined();
    expect(impossiblePhone('+999 11111111111111111111')).toBeUndefined();
  });

  it('refuses a country code starting with 0, which no country has: "+0 …", or "00" followed by another 0', () => {
    expect(impossiblePhone('+0 123456')).toBe('+0 123456 is not a phone number with the country code +0');
    expect(impossiblePhone('000000', 'CN')).toBe('000000 is not a phone number with the country code +0');
    expect(impossiblePhone('0000 86 138 1234 5678')).toBe('0000 86 138 1234 5678 is not a phone number with the country code +0');
    // A national form keeps its trunk 0 (Munich's "089 …"), and "0086" is China.
    expect(impossiblePhone('089 1234567', 'DE')).toBeUndefined();
    expect(impossiblePhone('0086 138 1234 5678')).toBeUndefined();
  });

  it('lets through what may be a number, and what it cannot judge', () => {
    for (const phone of ['+49 30 1234567', '+49 170 0000000', '+351 21 123 4567', '+86 139 1234 5678', '+49 30 55501'])
      expect(impossiblePhone(phone)).toBeUndefined();
    expect(impossiblePhone('138 1234 5678', 'CN')).toBeUndefined();
    // A national form with no country set, or a country code with no plan: nothing to check it against.
    expect(impossiblePhone('138 12')).toBeUndefined();
    expect(impossiblePhone('+999 12')).toBeUndefined();
  });
});
