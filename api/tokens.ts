import { z } from '@hono/zod-openapi';
import { sign, verify } from 'hono/jwt';
import { JwtTokenExpired } from 'hono/utils/jwt/types';
import { StaffRole } from '../domain/roles.js';
import { text } from '../domain/text.js';
import { ApprovalClaims, SurveyClaims } from '../runtime/approval-links.js';
import { BookingClaims, bookingLinkKey } from '../runtime/booking-links.js';
import { AppError } from './errors.js';

const ALG = 'HS256';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A staff bearer token: who (sub), in which role, until when. A token without `exp` is refused. */
export const StaffClaims = z.object({
  sub: text(64),
  role: StaffRole,
  name: text(200),
  exp: z.number().int(),
});
export type StaffClaims = z.infer<typeof StaffClaims>;

export async function signStaffToken(
  staff: { id: string; role: StaffRole; name: string },
  key: string,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: string }> {
  const exp = nowSeconds() + ttlSeconds;
  const token = await sign({ sub: staff.id, role: staff.role, name: staff.name, iat: nowSeconds(), exp }, key, ALG);
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

async function verifyClaims<T extends z.ZodType>(
  token: string,
  key: string,
  schema: T,
  what: string,
  expired: AppError,
  checkExpiry = true,
): Promise<z.infer<T>> {
  let payload: unknown;
  try {
    payload = await verify(token, key, { alg: ALG, exp: checkExpiry });
  } catch (err) {
    if (err instanceof JwtTokenExpired) throw expired;
    throw new AppError('unauthenticated', `The ${what} is not valid`);
  }
  const claims = schema.safeParse(payload);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    throw new AppError('unauthenticated', `The ${what} is not valid: claim ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return claims.data;
}

export const verifyStaffToken = (token: string, key: string): Promise<StaffClaims> =>
  verifyClaims(token, key, StaffClaims, 'token', new AppError('unauthenticated', 'The token has expired'));

/** An expired link is gone for good: the customer needs a new one from the service desk. */
export const verifyApprovalLink = (token: string, key: string): Promise<ApprovalClaims> =>
  verifyClaims(
    token,
    key,
    ApprovalClaims,
    'link',
    new AppError('gone', 'This approval link has expired; ask the service desk for a new one'),
  );

/** Whose visit a survey link names: all the survey needs of it. */
export type SurveyLink = Pick<SurveyClaims, 'visitId' | 'jti'>;

/**
 * The survey after pickup opens from the link the invoice message carries, or from an approval link the customer
 * already holds, expired or not: either proves whose visit it is, and the survey's own window (domain/survey-rules.ts)
 * bounds how long it takes an answer. An approval link expires in days, usually before the car is even picked up.
 */
export const verifySurveyLink = async (token: string, key: string): Promise<SurveyLink> => {
  const { visitId, jti } = await verifyClaims(
    token,
    key,
    z.discriminatedUnion('purpose', [SurveyClaims, ApprovalClaims]),
    'link',
    new AppError('unauthenticated', 'The link is not valid'),
    false,
  );
  return { visitId, jti };
};

/** The link to a booking, sent with its confirmation; `approvalLinkKey` is the key its own is derived from. */
export const verifyBookingLink = (token: string, approvalLinkKey: string): Promise<BookingClaims> =>
  verifyClaims(
    token,
    bookingLinkKey(approvalLinkKey),
    BookingClaims,
    'link',
    new AppError('gone', 'This booking link has expired; call the service desk to change your booking'),
  );
