import { existsSync } from 'node:fs';
import { z } from 'zod';
import { Currency, DEFAULT_CURRENCY, DEFAULT_LANGUAGE, Language } from '../domain/language.js';
import { isTimeZone } from '../domain/local-time.js';
import { MAX_TAX_BASIS_POINTS } from '../domain/money-rules.js';
import { SHOP_COUNTRIES } from '../domain/phone.js';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const ConfigFields = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: `npm start` runs the embedded dev server from the pinned CLI. */
  TEMPORAL_ADDRESS: optional(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('servicelane'),
  TEMPORAL_API_KEY: optional(z.string().min(1)),
  TEMPORAL_TLS: flag,
  TEMPORAL_TLS_CERT_PATH: optional(z.string().min(1)),
  TEMPORAL_TLS_KEY_PATH: optional(z.string().min(1)),
  TEMPORAL_TLS_SERVER_NAME: optional(z.string().min(1)),
  TEMPORAL_UI_URL: optional(z.url()),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('.data'),
  /** Unset: notifications are written to the log. Set: POSTed as JSON to this gateway. */
  NOTIFY_WEBHOOK_URL: optional(z.url()),
  /** Email to customers who prefer it: any SMTP server, `smtp://user:pass@host:587` or `smtps://…`. Unset: email goes the NOTIFY_WEBHOOK_URL/log way. */
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL')),
  SMTP_FROM: z.string().min(3).default('servicelane <service@localhost>'),
  /** Text messages: POSTed as `{ id, to, text }` JSON to this SMS gateway. Unset: SMS goes the NOTIFY_WEBHOOK_URL/log way. */
  SMS_WEBHOOK_URL: optional(z.url()),
  /** Tries per message (backing off 2 s, 8 s, 32 s, 2 min…) before it becomes a call-list task. */
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(8).default(5),
  /** When the daily warranty-expiry sweep texts owners (Temporal Schedule; cron on the shop's clock, SHOP_TIME_ZONE). */
  WARRANTY_NOTICE_CRON: z.string().min(9).default('0 10 * * *'),
  /** When the daily KPI review runs (Temporal Schedule; cron in KPI_REVIEW_TIME_ZONE). */
  KPI_REVIEW_CRON: z.string().min(9).default('0 6 * * *'),
  /** Unset: the shop's zone (`kpiReviewTimeZone`), so "six every morning" is six on the shop's clock. */
  KPI_REVIEW_TIME_ZONE: optional(z.string().refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai')),
  /** Signs staff tokens (HS256); approval links use a key derived from it. Unset: dev mode with DEV_AUTH_SECRET. */
  AUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  /**
   * Base of the approval links sent to customers. Required in production: a link's host must never come from the
   * request's Host header, which anyone can set. Unset in development: the origin the request came in on.
   */
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/, message: 'expected an http:// or https:// URL' })),
  /** Printed at the head of every paper (web/pages/documents); unset, the papers carry no shop header. */
  SHOP_NAME: optional(z.string().min(1).max(200)),
  SHOP_ADDRESS: optional(z.string().min(1).max(500)),
  /** The number customers call with questions: on the approval page and the papers; unset, they are told to call their advisor. */
  SHOP_PHONE: optional(z.string().min(1).max(40)),
  /**
   * The shop's zone: its calendar's hours and booking slots are in it, and the papers print dates in it. Required
   * in production; unset in development, UTC (and the papers use the staff member's own).
   */
  SHOP_TIME_ZONE: optional(z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin')),
  /**
   * The country the shop dials from (ISO 3166 alpha-2: DE, CN…): a number written in national form ("138 1234 5678")
   * is read as this country's, so it finds the same customer file as "+86 138 1234 5678". Unset, a national form
   * stays a number of its own, and only numbers written with their country code are checked.
   */
  SHOP_COUNTRY: optional(
    z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.enum(SHOP_COUNTRIES, { error: 'expected an ISO 3166 country code such as DE or CN' })),
  ),
  APPROVAL_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  /** Requests per minute and client address to the public approval routes. */
  CUSTOMER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  /** The shop's currency (ISO 4217: EUR, CNY, USD…): every amount on the screens and in customer messages. */
  SHOP_CURRENCY: z.preprocess((value) => (value === '' ? undefined : value), Currency.default(DEFAULT_CURRENCY)),
  /**
   * The language (`en`, `zh-CN`) of the messages to a customer whose file names none: whoever the desk booked, took
   * in as a walk-in or heard on the hotline (only the booking page asks), and of the hotline's read-back to the
   * caller. `zh-CN` in Shanghai.
   */
  SHOP_LANGUAGE: z.preprocess((value) => (value === '' ? undefined : value), Language.default(DEFAULT_LANGUAGE)),
  /**
   * The shop's sales tax (VAT, 增值税) in percent, at most two decimals: `19` in Munich, `13` in Shanghai, `8.25`.
   * Parsed into basis points (1 900). Each visit keeps the rate it started with (its policy), so a change applies
   * to the visits opened after it.
   */
  SHOP_TAX_RATE: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .trim()
      .regex(/^\d{1,3}(\.\d{1,2})?$/, 'expected a percentage such as 19 or 8.25')
      .transform((percent) => Math.round(Number(percent) * 100))
      .refine((basisPoints) => basisPoints <= MAX_TAX_BASIS_POINTS, 'must be at most 100 (percent)')
      .default(0),
  ),
  /** How long an API request may wait on Temporal before it answers 503. */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /**
   * Read by the SDK's workflow threads themselves (patches/@temporalio+worker+1.24.0.patch), from the environment;
   * named here so a misspelt value stops start-up. Off, the stack-trace query answers that it is not enabled.
   */
  TEMPORAL_WORKFLOW_STACK_TRACES: flag,
});

/** Published on purpose: with AUTH_SECRET unset (never in production) tokens are signed with it and /auth/dev-token issues them. */
export const DEV_AUTH_SECRET = 'servicelane-development-secret-do-not-use-in-production';

export const ConfigSchema = ConfigFields.superRefine((config, ctx) => {
  // Everyone can read the dev secret, so a production server using it would accept anyone's tokens.
  if (config.NODE_ENV === 'production' && (!config.AUTH_SECRET || config.AUTH_SECRET === DEV_AUTH_SECRET))
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_SECRET'],
      message: 'required in production: a random secret of at least 32 characters (e.g. `openssl rand -base64 48`)',
    });
  // The calendar's hours, the booking slots and the papers' dates are in it: UTC would open a Munich shop at 09:00 CET.
  if (config.NODE_ENV === 'production' && !config.SHOP_TIME_ZONE)
    ctx.addIssue({
      code: 'custom',
      path: ['SHOP_TIME_ZONE'],
      message: "required in production: the shop's IANA time zone, such as Europe/Berlin or Asia/Shanghai",
    });
  if (config.NODE_ENV === 'production' && !config.PUBLIC_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['PUBLIC_URL'],
      message: 'required in production: the address customers open approval links on (e.g. https://service.example-dealer.com)',
    });
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (Boolean(config.TEMPORAL_TLS_CERT_PATH) !== Boolean(config.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError(
      'Invalid configuration:\n  TEMPORAL_TLS_KEY_PATH: mTLS needs both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH',
    );
  }
  return config;
}

/**
 * The zone the KPI review's cron is read in: its own setting, else the shop's, else UTC. It used to be UTC unless set,
 * so a Shanghai shop's "06:00" review ran at 14:00 on its clock.
 */
/** The shop's clock: `SHOP_TIME_ZONE`, UTC when unset (development only; production refuses to start without it). */
export const shopTimeZone = (config: Pick<Config, 'SHOP_TIME_ZONE'>): string => config.SHOP_TIME_ZONE ?? 'UTC';

export const kpiReviewTimeZone = (config: Pick<Config, 'KPI_REVIEW_TIME_ZONE' | 'SHOP_TIME_ZONE'>): string =>
  config.KPI_REVIEW_TIME_ZONE ?? shopTimeZone(config);

/** Reads `.env` from the working directory when there is one; real environment variables win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
