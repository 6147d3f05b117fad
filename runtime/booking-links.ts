import { randomUUID } from 'node:crypto';
import { sign } from 'hono/jwt';
import { z } from 'zod';
import { BOOKING_HORIZON_DAYS } from '../domain/booking.js';
import type { Language } from '../domain/language.js';
import { storableString } from '../domain/text.js';
import { deriveKey } from './approval-links.js';

// The customer's link to see, move or cancel their booking, sent with the confirmation of an online booking. The
// worker mints it (activities/notifications.ts); the API checks it (api/tokens.ts). Its key is derived from the
// approval links' key for its own purpose, so an approval link never opens a booking and the other way round.

const ALG = 'HS256';

export const BookingClaims = z.object({
  purpose: z.literal('booking'),
  visitId: storableString(64).min(1),
  jti: storableString(64).min(1),
  exp: z.number().int(),
});
export type BookingClaims = z.infer<typeof BookingClaims>;

export const bookingLinkKey = (approvalLinkKey: string) => deriveKey(approvalLinkKey, 'booking-link');

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A link to one visit's booking; it works as long as the booking can be ahead (the horizon) and a day more. */
export async function signBookingLink(
  visitId: string,
  approvalLinkKey: string,
  ttlSeconds = (BOOKING_HORIZON_DAYS + 1) * 86_400,
): Promise<{ token: string; expiresAt: string }> {
  const exp = nowSeconds() + ttlSeconds;
  const claims: BookingClaims = { purpose: 'booking', visitId, jti: randomUUID(), exp };
  const token = await sign({ ...claims, iat: nowSeconds() }, bookingLinkKey(approvalLinkKey), ALG);
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The page where the customer sees, moves or cancels the booking. */
export const bookingPageUrl = (publicUrl: string, token: string, language?: Language) =>
  `${publicUrl.replace(/\/$/, '')}/app/booking/manage?token=${encodeURIComponent(token)}${language ? `&lang=${language}` : ''}`;
