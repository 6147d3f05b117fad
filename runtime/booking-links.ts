import { randomUUID } from 'node:crypto';
import { sign } from 'hono/jwt';
import { z } from 'zod';
import { BOOKING_HORIZON_DAYS } from '../domain/booking.js';
import type { Language } from '../domain/language.js';
import { storableString } from '../domain/text.js';
import { deriveKey } from './approval-links.js';

// The customer's link to see, move or cancel their booking, sent with the confirmation of a booking, online or at the
// desk. The worker mints it (activities/notifications.ts); the API checks it (api/tokens.ts). Its key is derived from
// the approval links' key for its own purpose, so an approval link never opens a booking and the other way round.

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

const HORIZON_TTL_SECONDS = (BOOKING_HORIZON_DAYS + 1) * 86_400;

/**
 * How long the link of a booking at `appointmentAt` works: as long as a booking on the public page can be ahead (the
 * horizon) and a day more, or until a day after the booking's time, whichever is later. The desk books further ahead
 * than the public page does; a link that lapsed before its own booking's day would move nothing.
 */
export function bookingLinkTtlSeconds(appointmentAt: unknown, now = Date.now()): number {
  const at = typeof appointmentAt === 'string' ? Date.parse(appointmentAt) : Number.NaN;
  if (Number.isNaN(at)) return HORIZON_TTL_SECONDS;
  return Math.max(HORIZON_TTL_SECONDS, Math.ceil((at - now) / 1000) + 86_400);
}

/** A link to one visit's booking, good for `ttlSeconds` (`bookingLinkTtlSeconds`). */
export async function signBookingLink(
  visitId: string,
  approvalLinkKey: string,
  ttlSeconds = HORIZON_TTL_SECONDS,
): Promise<{ token: string; expiresAt: string }> {
  const exp = nowSeconds() + ttlSeconds;
  const claims: BookingClaims = { purpose: 'booking', visitId, jti: randomUUID(), exp };
  const token = await sign({ ...claims, iat: nowSeconds() }, bookingLinkKey(approvalLinkKey), ALG);
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The page where the customer sees, moves or cancels the booking. */
export const bookingPageUrl = (publicUrl: string, token: string, language?: Language) =>
  `${publicUrl.replace(/\/$/, '')}/app/booking/manage?token=${encodeURIComponent(token)}${language ? `&lang=${language}` : ''}`;
