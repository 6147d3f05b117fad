// What the front desk types to find a visit — "m-ln 8888", "MLN8888", "0171 555", "Fischer", part of a VIN or an
// RO number — turned into the forms each field is compared in. Pure, so the rule is tested without a database.

import { phoneKey, type ShopCountry } from './phone.js';

/**
 * Separators people type or leave out in plates, phone numbers and VINs besides white space: dashes, dots, the
 * 沪A·12345 middle dot. The dash stands last so the same bracket works in a JS and a PostgreSQL expression.
 */
const SEPARATOR_CHARS = '–·.•_/-';
const SEPARATORS = new RegExp(`[\\s${SEPARATOR_CHARS}]+`, 'g');
/** The same separators as a PostgreSQL regular expression bracket. */
export const SQL_SEPARATOR_CLASS = `[[:space:]${SEPARATOR_CHARS}]`;

export interface VisitSearch {
  /** Upper-case, separators removed: compared with plates and VINs in the same form. */
  compact: string;
  /** The digits alone, when the text looks like a phone number or an RO number (nothing else in it). */
  digits: string | null;
  /** The digits without a national trunk prefix ("0171 …" is stored as "+49 171 …"). */
  subscriber: string | null;
  /** The whole number's key (domain/phone.ts): finds the file however either side wrote it ("+86 …" for "138 …"). */
  phoneKey: string | null;
  /** The text as typed (trimmed) with German letters spelled out (`foldedName`), compared with a name folded the same way. */
  name: string;
}

/**
 * How German names are also written: ß as ss (always so in capitals, and in Switzerland) and ä ö ü as ae oe ue where the
 * keyboard or the paper lacks them (DIN 5007-2 files names so). The typed text and the stored name are both folded,
 * so "Weiss", "WEISS" and "Weiß" find each other; a Munich desk found nothing for "Suessmeier" or "SÜSSMEIER".
 */
export const NAME_FOLDS: readonly (readonly [string, string])[] = [
  ['ß', 'ss'],
  ['ä', 'ae'],
  ['ö', 'oe'],
  ['ü', 'ue'],
];
const foldedName = (name: string) =>
  NAME_FOLDS.reduce((folded, [letter, spelled]) => folded.replaceAll(letter, spelled), name.toLowerCase());

/** `country`: the shop's (SHOP_COUNTRY), which a number typed in national form is read as. */
export function visitSearch(input: string, country?: ShopCountry): VisitSearch {
  // Full-width letters and digits typed on a Chinese keyboard read as the plain ones plates are stored in (`Plate`).
  const text = input.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const compact = text.replace(SEPARATORS, '').toUpperCase();
  const numeric = /^\+?[\d\s\-–.()/]+$/.test(text);
  const digits = numeric ? text.replace(/\D/g, '') : null;
  return {
    compact,
    digits: digits || null,
    subscriber: digits?.replace(/^0+/, '') || null,
    phoneKey: digits ? phoneKey(text, country) : null,
    name: foldedName(text),
  };
}

/**
 * Whether the text can only be a phone number: it starts with a country code (+), or it has more digits than an RO
 * number can (ten). Shorter digits may be an RO number or part of a plate, and are searched as those.
 */
export const isWholePhoneNumber = (input: string, country?: ShopCountry): boolean => {
  const { digits } = visitSearch(input, country);
  return digits !== null && (input.trim().startsWith('+') || digits.length > 10);
};

/** Escapes LIKE's wildcards so a typed % or _ matches itself. */
export const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
