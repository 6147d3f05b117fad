import { createRoute, z } from '@hono/zod-openapi';
import { StaffRole } from '../../domain/roles.js';
import { text } from '../../domain/text.js';
import { ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { signStaffToken } from '../tokens.js';

const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

const DevTokenRequest = z
  .object({
    staffId: text(64).meta({ example: 'adv-lena' }),
    role: StaffRole,
    name: text(200).meta({ example: 'Lena Advisor' }),
  })
  .openapi('DevTokenRequest');

const DevToken = z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.string() }).openapi('DevToken');

/** Only mounted in dev mode (AUTH_SECRET unset outside production): anyone may mint any role here. */
export const devTokenRoutes = router().openapi(
  createRoute({
    method: 'post',
    path: '/auth/dev-token',
    tags: ['auth'],
    summary: 'Development only: a staff token for any id and role, valid 12 hours',
    description: 'Exists only while AUTH_SECRET is unset outside production; in production this path answers 404.',
    request: { body: jsonBody(DevTokenRequest, 'Who the token is for') },
    responses: {
      200: jsonResponse(DevToken, 'Send it as `Authorization: Bearer <token>`'),
      400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
    },
  }),
  async (c) => {
    const { staffId, role, name } = c.req.valid('json');
    const { token, expiresAt } = await signStaffToken(
      { id: staffId, role, name },
      c.var.settings.staffTokenKey,
      DEV_TOKEN_TTL_SECONDS,
    );
    return c.json({ token, tokenType: 'Bearer' as const, expiresAt }, 200);
  },
);
