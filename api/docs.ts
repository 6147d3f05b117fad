import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { isPublicPath } from './auth.js';
import type { ApiEnv } from './deps.js';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './idempotency.js';
import { MAX_BODY_BYTES } from './settings.js';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Operation = NonNullable<NonNullable<Document['paths']>[string]['post']>;

const SECURITY_SCHEME = 'staffToken';
const ERROR = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const INFO = {
  title: 'servicelane',
  version: '0.1.0',
  description: [
    'The service lane of a dealership as durable processes: every vehicle visit is a Temporal workflow.',
    '',
    '**Authentication.** Staff send `Authorization: Bearer <token>`: an HS256 JWT signed with `AUTH_SECRET` carrying',
    '`sub` (staff id), `role` (advisor, technician, qc, foreman, manager, admin), `name` and `exp`. Every staff role',
    'may read; each write names the roles it accepts (admin may do everything). In development (`AUTH_SECRET` unset)',
    '`POST /auth/dev-token` issues tokens. Customers never log in: they use the signed, expiring link from',
    '`POST /visits/{id}/approval-links`.',
    '',
    `**Retries.** Every POST accepts an \`${IDEMPOTENCY_HEADER}\`: the first answer is stored and returned to any retry`,
    `(marked \`${REPLAYED_HEADER}: true\`) without acting twice. A request is never carried out twice: if its answer was`,
    'lost, a retry of a visit, complaint or rescue action gets the outcome again from the workflow (the key is its',
    'update id), and a retry of anything else answers 409 with `details.outcome: "unknown"`: look, then resend with a new key.',
    '',
    '**Customer routes** (`/approvals/{token}`, `/surveys/{token}`) need no login and are rate-limited per client address',
    '(`CUSTOMER_RATE_LIMIT_PER_MINUTE`, default 30); over the limit they answer 429 with `Retry-After`.',
    '',
    '**Errors** are always `{ "error": { "code", "message", "details", "requestId" } }`; the request id is also in',
    'the `X-Request-Id` response header.',
  ].join('\n'),
};

/** Paths that touch neither Temporal nor the database, so never answer 503. */
const WITHOUT_DEPENDENCIES = new Set(['/openapi.json', '/docs', '/auth/dev-token']);

/** The answers middleware, the server and the error handler give, which no route declares itself. */
function addCommonAnswers(path: string, method: string, op: Operation) {
  const responses = op.responses ?? {};
  const add = (status: string, description: string, body: object = ERROR) => {
    responses[status] ??= { description, ...body };
  };
  /** For a status the route may already give for its own reason. */
  const addReason = (status: string, description: string) => {
    const declared = responses[status];
    if (!declared) add(status, `${description[0]?.toUpperCase()}${description.slice(1)}`);
    else if (!('$ref' in declared)) declared.description = `${declared.description}; or: ${description}`;
  };
  if (isPublicPath(path)) op.security = [];
  else {
    add('401', 'No staff token, or one that is invalid or expired');
    if (method !== 'get') add('403', "The token's role may not do this");
  }
  if (method === 'post') {
    op.parameters = [
      ...(op.parameters ?? []),
      {
        name: IDEMPOTENCY_HEADER,
        in: 'header',
        required: false,
        description: 'Makes the request safe to retry: a retry with the same key gets the first answer and acts only once',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      },
    ];
    addReason('409', `a request with this ${IDEMPOTENCY_HEADER} is still in progress, or its answer was lost`);
    addReason('422', `this ${IDEMPOTENCY_HEADER} was used for a different request`);
  }
  if (method !== 'get') add('413', `The body is larger than ${MAX_BODY_BYTES / 1024} kB`);
  // Every request's query is read before its route (api/queries/params.ts `wellFormedQuery`), and every body sent as
  // JSON is read as UTF-8 with no key given twice (api/json-body.ts), whether the operation takes a body or not.
  if (op.requestBody) {
    add('400', 'The body is invalid; the error names the field');
    add('415', 'The body is not application/json in UTF-8');
  } else if (method !== 'get') {
    add('400', 'A body was sent as JSON that is not UTF-8 or gives a key twice (this operation takes no body)');
    add('415', 'A body was sent as JSON in a charset other than UTF-8 (this operation takes no body)');
  }
  addReason(
    '400',
    op.parameters?.some((p) => !('$ref' in p) && (p.in === 'path' || p.in === 'query'))
      ? 'a path or query parameter is invalid; the error names it'
      : 'a query parameter is not percent-encoded UTF-8 (this operation takes none); the error names it',
  );
  if (path.startsWith('/approvals/') || path.startsWith('/surveys/')) add('429', 'Too many requests from this address');
  add('431', 'The request headers are too large (answered by the HTTP server, without a body)', {});
  add('500', 'An internal error: the body carries only the request id, to quote when reporting it');
  if (!WITHOUT_DEPENDENCIES.has(path)) add('503', 'Temporal or the database is unreachable; retry shortly');
  for (const response of Object.values(responses)) {
    if ('$ref' in response) continue;
    response.headers = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' }, ...response.headers };
  }
  op.responses = responses;
}

function complete(document: Document): Document {
  for (const [path, item] of Object.entries(document.paths ?? {}))
    for (const method of METHODS) {
      const op = item[method];
      if (op) addCommonAnswers(path, method, op);
    }
  document.security = [{ [SECURITY_SCHEME]: [] }];
  document.components = {
    ...document.components,
    headers: {
      RequestId: {
        description: 'Names the request in the logs; echoes a valid incoming X-Request-Id',
        schema: { type: 'string' },
      },
    },
  };
  return document;
}

/** `/openapi.json` (OpenAPI 3.1, from the routes' zod schemas) and the interactive reference at `/docs`. */
export function serveDocumentation(app: OpenAPIHono<ApiEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A staff token (HS256 JWT with sub, role, name, exp)',
  });
  let document: Document | undefined;
  app.get('/openapi.json', (c) => {
    document ??= complete(app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO }));
    return c.json(document);
  });
  app.get('/docs', (c) => c.html(DOCS_PAGE));
  for (const [name, asset] of Object.entries(DOCS_ASSETS))
    app.get(`/docs/${name}`, (c) =>
      c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' }),
    );
}

// Swagger UI from the installed, lock-pinned swagger-ui-dist package: a shop's server may have no internet, so the
// reference page loads nothing from anywhere but this API.
const swaggerUi = (file: string) => readFileSync(createRequire(import.meta.url).resolve(`swagger-ui-dist/${file}`), 'utf8');
const DOCS_ASSETS: Record<string, { body: string; type: string }> = {
  'swagger-ui.css': { body: swaggerUi('swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { body: swaggerUi('swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'start.js': {
    body: "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#reference', deepLinking: true });\n",
    type: 'text/javascript; charset=utf-8',
  },
};
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>servicelane API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;
