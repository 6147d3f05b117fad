import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { ApiEnv } from './deps.js';
import { AppError } from './errors.js';

// Behind a reverse proxy every customer shares the proxy's address: put the limit on the proxy there.
// Requests made in-process (app.request) have no socket and share one key.
const clientAddress = (c: Context<ApiEnv>) =>
  ((c.env as Partial<HttpBindings> | undefined)?.incoming ? getConnInfo(c).remote.address : undefined) ?? 'in-process';

/**
 * The customer routes are public, so guessing or hammering links is limited per client address.
 * The counts live in this process's memory (hono-rate-limiter's MemoryStore): with N API processes a
 * client gets up to N times the limit, which is still a limit; a shared store would make it exact.
 */
export const customerRateLimit = (limit: { limit: number; windowMs: number }) =>
  rateLimiter<ApiEnv>({
    ...limit,
    standardHeaders: 'draft-7',
    keyGenerator: clientAddress,
    handler: () => {
      throw new AppError('rate_limited', 'Too many requests from this address; try again in a minute');
    },
  });
