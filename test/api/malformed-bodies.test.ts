import { count } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import * as schema from '../../db/schema.js';
import { staffToken } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { receiveAndEstimate, walkIn } from '../support/visits.js';

const RUNS_PER_ROUTE = 40;
const tables = Object.values(schema as Record<string, unknown>).filter((t): t is PgTable => t instanceof PgTable);

type Body = { raw: string; json?: undefined } | { json: unknown; raw?: undefined };

interface PostRoute {
  path: string;
  body: ZodType;
  fields: string[];
}

const hugeString = fc.integer({ min: 10_000, max: 400_000 }).map((n) => 'é'.repeat(n));
const wrongValue = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  hugeString,
);

/** A body that is not JSON, not an object, an object of random keys, or the route's own fields with wrong values. */
const malformedBody = (fields: string[]): fc.Arbitrary<Body> =>
  fc.oneof<fc.Arbitrary<Body>[]>(
    fc.string().map((raw) => ({ raw })),
    fc.constantFrom('{', '{"a":', '[1,2', 'null null', '\u0000', '{"x": undefined}').map((raw) => ({ raw })),
    fc.jsonValue().map((json) => ({ json })),
    fc.object().map((json) => ({ json })),
    (fields.length > 0
      ? fc.record(Object.fromEntries(fields.map((f) => [f, wrongValue])), { requiredKeys: [] })
      : fc.dictionary(fc.string(), wrongValue)
    ).map((json) => ({ json })),
    hugeString.map((s) => ({ json: { [fields[0] ?? 'notes']: s } })),
  );

/** Malformed means the route's own schema refuses it; a generated body that happens to be valid is skipped. */
function isMalformed(route: PostRoute, body: Body) {
  let value: unknown = body.json;
  if (body.raw !== undefined) {
    try {
      value = JSON.parse(body.raw);
    } catch {
      return true;
    }
  }
  return !route.body.safeParse(value).success;
}

describe('every POST route, sent generated malformed bodies', () => {
  const stack = useTestStack();
  let app: ReturnType<typeof createApp>;
  let routes: PostRoute[];
  const params: Record<string, string> = {};

  const rowCounts = async () =>
    Object.fromEntries(
      await Promise.all(
        tables.map(async (t) => [getTableConfig(t).name, (await stack.database.db.select({ n: count() }).from(t))[0]?.n]),
      ),
    );

  beforeAll(async () => {
    // The customer routes' rate limit would answer 429 before the body is ever looked at.
    app = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), customerRateLimit: { limit: 1_000_000, windowMs: 60_000 } },
    );
    const admin = { authorization: `Bearer ${await staffToken('admin')}` };
    params.visit = await walkIn(stack);
    const awaiting = await walkIn(stack);
    await receiveAndEstimate(stack, awaiting);
    const link = await app.request(`/visits/${awaiting}/approval-links`, { method: 'POST', headers: admin });
    params.token = (await readJson(link)).token;

    const doc = await readJson(await app.request('/openapi.json'));
    const components = doc.components.schemas;
    routes = app.openAPIRegistry.definitions.flatMap((d) => {
      if (d.type !== 'route' || d.route.method !== 'post') return [];
      const media = d.route.request?.body?.content['application/json'] as { schema?: ZodType } | undefined;
      const body = media?.schema;
      if (!body) return [];
      let json = doc.paths[d.route.path].post.requestBody.content['application/json'].schema;
      if (json.$ref) json = components[json.$ref.split('/').pop()];
      return [{ path: d.route.path, body, fields: Object.keys(json.properties ?? {}) }];
    });
  });

  it('covers every POST route of the document', async () => {
    const doc = await readJson(await app.request('/openapi.json'));
    const documented = Object.keys(doc.paths).filter((p) => doc.paths[p].post?.requestBody);
    expect(routes.map((r) => r.path).sort()).toEqual(documented.sort());
  });

  it('answers 4xx, never 5xx, and writes no row', async () => {
    const token = await staffToken('admin');
    const before = await rowCounts();
    for (const route of routes) {
      const path = route.path
        .replace('{token}', params.token as string)
        .replace('{id}', params.visit as string)
        .replace('{vin}', 'WVWZZZ1JZXW000001');
      await fc.assert(
        fc.asyncProperty(malformedBody(route.fields), fc.nat(4), async (body, contentTypeDie) => {
          const asText = contentTypeDie === 0;
          fc.pre(isMalformed(route, body));
          const res = await app.request(path, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': asText ? 'text/plain' : 'application/json' },
            body: body.raw ?? JSON.stringify(body.json),
          });
          expect(res.status, `${route.path}: ${res.status}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${route.path}: ${res.status}`).toBeLessThan(500);
          expect((await readJson(res)).error.code).toBeTypeOf('string');
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      expect(await rowCounts(), route.path).toEqual(before);
    }
  });
});
