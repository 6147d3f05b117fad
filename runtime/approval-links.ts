import { hkdfSync, randomUUID } from 'node:crypto';
import { sign } from 'hono/jwt';
import { z } from 'zod';
import type { Language } from '../domain/language.js';
import { storableString } from '../domain/text.js';
import { type Config, ConfigSchema, DEV_AUTH_SECRET } from './config.js';

// The customer's approval link, minted in two places — the worker, which sends it with the estimate, additional
// work, reminder and "send the link again" messages, and the API (`POST /visits/{id}/approval-links`) — so both
// sign it here with the same key and point it at the same page.

const ALG = 'HS256';

/** A customer approval link: one approval of one visit, for one purpose, until `exp`. `jti` names the link. */
export const ApprovalClaims = z.object({
  purpose: z.literal('approval'),
  visitId: storableString(64).min(1),
  approvalId: storableString(128).min(1),
  jti: storableString(64).min(1),
  exp: z.number().int(),
});
export type ApprovalClaims = z.infer<typeof ApprovalClaims>;

/** What the worker needs to mint a link: its key, the public address of the approval page, how long a link works. */
export interface ApprovalLinkSettings {
  key: string;
  publicUrl: string;
  ttlHours: number;
}

/** A key derived from AUTH_SECRET for one purpose, so a staff token can never pass as a link or the other way round. */
export const deriveKey = (secret: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'servicelane', purpose, 32)).toString('base64url');

export const approvalLinkKey = (authSecret: string | undefined) => deriveKey(authSecret ?? DEV_AUTH_SECRET, 'approval-link');

/**
 * The worker's link settings. Outside production (where PUBLIC_URL is required) a link points at this
 * machine's API, `http://HOST:PORT`, which is where `npm start` serves the approval page.
 */
export const workerApprovalLinks = (
  config: Pick<Config, 'AUTH_SECRET' | 'PUBLIC_URL' | 'APPROVAL_LINK_TTL_HOURS' | 'HOST' | 'PORT'>,
): ApprovalLinkSettings => ({
  key: approvalLinkKey(config.AUTH_SECRET),
  publicUrl: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
  ttlHours: config.APPROVAL_LINK_TTL_HOURS,
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function signApprovalLink(
  link: { visitId: string; approvalId: string },
  key: string,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: string }> {
  const exp = nowSeconds() + ttlSeconds;
  const claims: ApprovalClaims = { purpose: 'approval', ...link, jti: randomUUID(), exp };
  const token = await sign({ ...claims, iat: nowSeconds() }, key, ALG);
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The customer's approval screen for a signed link: what the SMS or e-mail to the customer points at. */
export const approvalPageUrl = (publicUrl: string, token: string, language?: Language) =>
  `${publicUrl.replace(/\/$/, '')}/app/approval?token=${encodeURIComponent(token)}${language ? `&lang=${language}` : ''}`;

/**
 * The link to the satisfaction survey after pickup [S4, S6], sent with the invoice: whose visit, no approval (a walk-in
 * signed at the desk never had an approval link). Signed with the same key; its `purpose` keeps it from ever passing
 * as an approval link. It outlives the survey's window (domain/survey-rules.ts), which bounds when it takes an answer.
 */
export const SurveyClaims = z.object({
  purpose: z.literal('survey'),
  visitId: storableString(64).min(1),
  jti: storableString(64).min(1),
  exp: z.number().int(),
});
export type SurveyClaims = z.infer<typeof SurveyClaims>;

/** A survey link for the visit, with the address of its page (web/routes/survey.tsx) in the customer's language. */
export async function mintSurveyLink(
  settings: ApprovalLinkSettings,
  visitId: string,
  ttlSeconds: number,
  language?: Language,
): Promise<{ url: string; expiresAt: string }> {
  const exp = nowSeconds() + ttlSeconds;
  const claims: SurveyClaims = { purpose: 'survey', visitId, jti: randomUUID(), exp };
  const token = await sign({ ...claims, iat: nowSeconds() }, settings.key, ALG);
  const url = `${settings.publicUrl.replace(/\/$/, '')}/app/survey?token=${encodeURIComponent(token)}${language ? `&lang=${language}` : ''}`;
  return { url, expiresAt: new Date(exp * 1000).toISOString() };
}

/** A fresh link for the approval, with the address the customer opens. */
export async function mintApprovalLink(
  settings: ApprovalLinkSettings,
  link: { visitId: string; approvalId: string },
  /** The customer's language (from their file): the page opens in it. */
  language?: Language,
): Promise<{ url: string; expiresAt: string }> {
  const { token, expiresAt } = await signApprovalLink(link, settings.key, settings.ttlHours * 3600);
  return { url: approvalPageUrl(settings.publicUrl, token, language), expiresAt };
}

/** Development defaults (tests, scripts): the dev secret's key, links to http://127.0.0.1:3000. */
export const devApprovalLinks = (): ApprovalLinkSettings => workerApprovalLinks(ConfigSchema.parse({ NODE_ENV: 'development' }));
