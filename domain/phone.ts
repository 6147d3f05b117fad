import {
  AsYouType,
  type CountryCode,
  getCountries,
  type PhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js';

// The number a customer is found again by [S2: one file per customer], read by libphonenumber-js with the country
// the shop dials from (SHOP_COUNTRY): "138 1234 5678" at the desk in Shanghai and "+86 138 1234 5678" on the
// booking page are one number, as are "089 1234567" and "+49 89 1234567" in Munich. Used at the edge and by the
// customers' writers (db/visit-records.ts, db/file-records.ts), never in a workflow.

/** The country a shop dials from (ISO 3166 alpha-2): the one its customers' national numbers belong to. */
export type ShopCountry = CountryCode;

/** Every country the library knows the numbering plan of, for the setting's check. */
export const SHOP_COUNTRIES = getCountries() as [ShopCountry, ...ShopCountry[]];

/** "0049 …" is "+49 …": the prefix for dialling abroad from every country the shops are in. */
const withCountryCode = (phone: string) => phone.trim().replace(/^00/, '+');

/**
 * The digits as written, the key before the shop's country was known: a number the library cannot read keeps it,
 * and migration 0021 filled `customers.phone_key` with it (the same rule in SQL).
 */
export const phoneDigits = (phone: string) => withCountryCode(phone).replace(/\D/g, '');

/** Written without its country code ("030 6241343"): a national form, whose country only the shop's setting tells. */
export const isNational = (phone: string) => !withCountryCode(phone).startsWith('+');

const read = (phone: string, country: ShopCountry | undefined): PhoneNumber | undefined =>
  parsePhoneNumberFromString(withCountryCode(phone), country ? { defaultCountry: country } : undefined);

/**
 * What a file written before the shop's country was set is keyed by when it holds this number (migration 0021: the
 * digits of the national form it was written in): the digits as typed for a national form, the national form's
 * digits for the shop's country's number written with its code ("+86 21 6123 4567" → "02161234567").
 */
export function legacyPhoneKey(phone: string, country: ShopCountry): string | undefined {
  if (isNational(phone)) return phoneDigits(phone);
  const number = read(phone, country);
  return number?.country === country ? number.formatNational().replace(/\D/g, '') : undefined;
}

/**
 * The key a customer is found by: the number in international form (E.164, digits only: "8613812345678") when the
 * library reads it, a national form as dialled from `country`; else its digits ("030 6241343" with no country).
 */
export function phoneKey(phone: string, country?: ShopCountry): string {
  const number = read(phone, country);
  return number?.isPossible() ? number.number.slice(1) : phoneDigits(phone);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The country a number is written with, else the shop's, and its calling code: for the refusal's words. */
function placeOf(phone: string, country: ShopCountry | undefined): { country?: CountryCode; callingCode?: string } {
  const typed = new AsYouType(country);
  typed.input(withCountryCode(phone));
  return { country: typed.getCountry(), callingCode: typed.getCallingCode() };
}

/**
 * Why the number cannot be one, in plain words, when the library knows its country's plan and the number has the
 * wrong length for it ("138 12 is not a phone number in China"); undefined when it may be one, or when its country
 * is unknown (a national form while the shop's country is not set, a country code with no plan).
 */
export function impossiblePhone(phone: string, country?: ShopCountry): string | undefined {
  // No country code starts with 0: "+0 …", or "00" dialled abroad and then another 0, is no number anywhere.
  if (!isNational(phone) && phoneDigits(phone).startsWith('0'))
    return `${phone.trim()} is not a phone number with the country code +0`;
  const number = read(phone, country);
  if (number?.isPossible()) return undefined;
  // Longer than any number can be (17 digits after the country code), the library reads no number at all; only its
  // length check still says so, and only when it knows the country.
  if (
    !number &&
    validatePhoneNumberLength(withCountryCode(phone), country ? { defaultCountry: country } : undefined) !== 'TOO_LONG'
  )
    return undefined;
  const place = number ? { country: number.country, callingCode: number.countryCallingCode } : placeOf(phone, country);
  const where = place.country
    ? `in ${regionNames.of(place.country) ?? place.country}`
    : `with the country code +${place.callingCode}`;
  return `${phone.trim()} is not a phone number ${where}`;
}
