import { z } from './zod.js';

// The languages the shop speaks to its staff and customers. Staff pick theirs on the screens; a customer's is on
// their file; whoever has none gets the first of their browser's choices we speak, else English.

export const LANGUAGES = ['en', 'zh-CN'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const DEFAULT_LANGUAGE: Language = 'en';

/** A language tag as a browser or a record writes it (`zh`, `zh-Hans-CN`, `en-US`) → one we speak, if any. */
export function languageOf(tag: string | null | undefined): Language | undefined {
  const t = tag?.trim().toLowerCase();
  if (!t) return undefined;
  if (t === 'zh' || t.startsWith('zh-cn') || t.startsWith('zh-hans') || t.startsWith('zh-sg')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return undefined;
}

/**
 * The currency of the shop's amounts (integer cents everywhere), a setting (`SHOP_CURRENCY`): a shop in Shanghai
 * shows ¥, one in Munich €. Screens and messages write it in the reader's locale, so only an ISO 4217 code that
 * `Intl` can format is accepted.
 */
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code), {
    message: 'expected an ISO 4217 currency code, e.g. EUR or CNY',
  });
export type Currency = z.infer<typeof Currency>;

/** The currency when none is configured (and of messages written before the setting existed). */
export const DEFAULT_CURRENCY: Currency = 'EUR';

/** The currency a record or payload names, if it is one we can format; else the default. */
export const currencyOf = (code: unknown): Currency => {
  const parsed = Currency.safeParse(code);
  return parsed.success ? parsed.data : DEFAULT_CURRENCY;
};
