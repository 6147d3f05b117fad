import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { pinoLogger } from 'hono-pino';
import { log } from '../runtime/log.js';
import type { ApiDeps, ApiEnv } from './deps.js';
import { AppError, renderError } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { visitRoutes } from './routes/visits.js';

const MAX_BODY_BYTES = 256 * 1024;

export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();
  app.use(requestId());
  app.use(
    pinoLogger({
      pino: log,
      // A refused request is the client's business; only our own failures are errors worth paging on.
      http: { onResLevel: (c) => (c.res.status >= 500 ? 'error' : c.res.status >= 400 ? 'info' : 'debug') },
    }),
  );
  app.use(secureHeaders());
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.onError(renderError);
  app.notFound((c) => renderError(new AppError('not_found', `No route ${c.req.method} ${c.req.path}`), c));

  app.route('/', healthRoutes);
  app.route('/', visitRoutes);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'servicelane', version: '0.1.0', description: 'The service lane of a dealership as durable processes' },
  });
  return app;
}
