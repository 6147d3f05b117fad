import type { Currency, Language } from '../domain/language.js';
import type { ShopCountry } from '../domain/phone.js';
import { approvalLinkKey } from '../runtime/approval-links.js';
import { type Config, ConfigSchema, DEV_AUTH_SECRET, shopTimeZone } from '../runtime/config.js';

export const MAX_BODY_BYTES = 256 * 1024;

/** What the API needs from the configuration: token keys, customer-link policy and time budgets. */
export interface ApiSettings {
  /** HS256 key of staff tokens. */
  staffTokenKey: string;
  /** HS256 key of approval links: derived, so a staff token can never pass as a link or the other way round. */
  approvalLinkKey: string;
  /** Dev mode: no AUTH_SECRET outside production; POST /auth/dev-token issues tokens. */
  devTokens: boolean;
  publicUrl?: string;
  approvalLinkTtlHours: number;
  customerRateLimit: { limit: number; windowMs: number };
  temporalCallTimeoutMs: number;
  /** Per-visit timer overrides (demo, rehearsal): never in production. */
  policyOverrides: boolean;
  /** The shop's currency: the screens write every amount in it. */
  currency: Currency;
  /** The shop's sales tax in basis points (`SHOP_TAX_RATE`): a new visit's policy starts from it. */
  taxRateBasisPoints: number;
  /** The shop as its printed papers name it. */
  shop: { name?: string; address?: string; phone?: string; timeZone?: string };
  /** The shop's time zone, UTC when not set: its calendar's opening hours are in it. */
  shopTimeZone: string;
  /** The country the shop dials from (`SHOP_COUNTRY`): a customer's number in national form is read as its. */
  shopCountry?: ShopCountry;
  /** The shop's language (`SHOP_LANGUAGE`): what it says to a caller whose language it does not know yet. */
  shopLanguage: Language;
}

type ApiConfig = Pick<
  Config,
  | 'NODE_ENV'
  | 'AUTH_SECRET'
  | 'PUBLIC_URL'
  | 'APPROVAL_LINK_TTL_HOURS'
  | 'CUSTOMER_RATE_LIMIT_PER_MINUTE'
  | 'TEMPORAL_CALL_TIMEOUT_MS'
  | 'SHOP_CURRENCY'
  | 'SHOP_TAX_RATE'
  | 'SHOP_NAME'
  | 'SHOP_ADDRESS'
  | 'SHOP_PHONE'
  | 'SHOP_TIME_ZONE'
  | 'SHOP_COUNTRY'
  | 'SHOP_LANGUAGE'
>;

export function apiSettings(config: ApiConfig): ApiSettings {
  return {
    staffTokenKey: config.AUTH_SECRET ?? DEV_AUTH_SECRET,
    approvalLinkKey: approvalLinkKey(config.AUTH_SECRET),
    devTokens: config.NODE_ENV !== 'production' && !config.AUTH_SECRET,
    publicUrl: config.PUBLIC_URL,
    approvalLinkTtlHours: config.APPROVAL_LINK_TTL_HOURS,
    customerRateLimit: { limit: config.CUSTOMER_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 },
    temporalCallTimeoutMs: config.TEMPORAL_CALL_TIMEOUT_MS,
    policyOverrides: config.NODE_ENV !== 'production',
    currency: config.SHOP_CURRENCY,
    taxRateBasisPoints: config.SHOP_TAX_RATE,
    shop: { name: config.SHOP_NAME, address: config.SHOP_ADDRESS, phone: config.SHOP_PHONE, timeZone: config.SHOP_TIME_ZONE },
    shopTimeZone: shopTimeZone(config),
    shopCountry: config.SHOP_COUNTRY,
    shopLanguage: config.SHOP_LANGUAGE,
  };
}

/** Development defaults: the dev secret, dev tokens on. */
export const devSettings = (): ApiSettings => apiSettings(ConfigSchema.parse({ NODE_ENV: 'development' }));
