import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from './deps.js';
import { validationError } from './errors.js';

/** A router whose invalid requests all turn into the one error shape, naming the field. */
export function router() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result, _c) => {
      if (!result.success) throw validationError(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}

export const jsonBody = <T>(schema: T, description: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const VisitIdParam = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The visit id (also its workflow id)' }),
});
