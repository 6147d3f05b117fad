import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { staffToken } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { type Schema, SchemaCheck } from '../support/json-schema.js';
import { useTestStack } from '../support/stack.js';
import { walkIn } from '../support/visits.js';

/*
 * The contract: every operation of the API's own /openapi.json is sent requests drawn from its documented
 * parameters and body (valid ones, and ones with a required field left out or a parameter of the wrong type), and
 * every answer must have a status the operation documents and a body that conforms to the schema documented for
 * that status; every error is the one Error shape. An answer the document does not describe is a defect of the
 * route or of the document.
 *
 * CONTRACT_RUNS scales the valid requests per operation (default 2); CONTRACT_SEED (printed on failure) draws the
 * same requests again.
 */

const RUNS = Number(process.env.CONTRACT_RUNS ?? 2);
const SEED = Number(process.env.CONTRACT_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 4;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

interface Sent {
  operation: string;
  method: string;
  url: string;
  body?: unknown;
}

describe('every operation answers as /openapi.json documents', () => {
  const stack = useTestStack({ technicians: true });
  let app: ReturnType<typeof createApp>;
  let doc: Schema;
  let check: SchemaCheck;
  let admin: string;
  let visitId: string;

  beforeAll(async () => {
    // The customer routes' rate limit would answer 429 (documented) before the request is ever looked at.
    app = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), customerRateLimit: { limit: 1_000_000, windowMs: 60_000 }, temporalCallTimeoutMs: 60_000 },
    );
    admin = await staffToken('admin', 'admin-1');
    visitId = await walkIn(stack);
    doc = await readJson(await app.request('/openapi.json'));
    check = new SchemaCheck(doc.components.schemas);
  });

  /** The requests for one operation: drawn valid ones, then one missing a required field, one with a mistyped parameter. */
  function requestsFor(path: string, method: string, op: Schema): Sent[] {
    const params: Schema[] = (op.parameters ?? []).filter((p: Schema) => p.in === 'path' || p.in === 'query');
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    const draw = (schema: Schema, n: number, salt: number) =>
      fc.sample(check.arbitrary(schema), { numRuns: n, seed: SEED + salt });
    // A segment of "." or ".." (however encoded) is a dot segment no URL keeps: `/approvals/..` is a request for `/`.
    const pathValue = (p: Schema, i: number) => {
      const drawn = p.name === 'id' && path.startsWith('/visits/') ? visitId : String(draw(p.schema, i + 1, p.name.length)[i]);
      return /^\.{1,2}$/.test(drawn) ? `${drawn}x` : drawn;
    };
    const build = (i: number, query: Record<string, unknown>, body: unknown): Sent => {
      let url = path;
      for (const p of params.filter((x) => x.in === 'path'))
        url = url.replace(`{${p.name}}`, encodeURIComponent(pathValue(p, i)));
      const search = new URLSearchParams(
        Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]) as [string, string][],
      ).toString();
      return {
        operation: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        url: search ? `${url}?${search}` : url,
        body,
      };
    };
    const queryParams = params.filter((p) => p.in === 'query');
    const queries = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        Object.fromEntries(
          queryParams.filter((p) => p.required || i % 2 === 0).map((p) => [p.name, draw(p.schema, n, i + p.name.length)[i]]),
        ),
      );
    const bodies = bodySchema ? draw(bodySchema, RUNS, 7) : Array.from({ length: RUNS }, () => undefined);
    const sent = queries(RUNS).map((q, i) => build(i, q, bodies[i]));
    const resolved = bodySchema && check.resolve(bodySchema);
    const required: string[] = resolved?.required ?? [];
    if (required.length > 0) {
      const { [required[0] as string]: _, ...without } = bodies[0] as Record<string, unknown>;
      sent.push(build(0, queries(1)[0] ?? {}, without));
    }
    const typed = queryParams.find(
      (p) => ['integer', 'number'].includes(check.resolve(p.schema).type) || check.resolve(p.schema).enum,
    );
    if (typed) sent.push(build(0, { ...(queries(1)[0] ?? {}), [typed.name]: 'not-this' }, bodies[0]));
    // A parameter as only a hand-made URL carries it: sent twice, or not percent-encoded UTF-8.
    const first = queryParams[0];
    if (first) {
      const base = build(0, {}, bodies[0]);
      for (const raw of [`${first.name}=a&${first.name}=b`, `${first.name}=%ED%A0%80`])
        sent.push({ ...base, url: `${base.url}${base.url.includes('?') ? '&' : '?'}${raw}` });
    }
    return sent;
  }

  it('the check itself refuses an answer the document does not describe', async () => {
    const list = await readJson(await app.request('/visits', { headers: { authorization: `Bearer ${admin}` } }));
    const schema = doc.paths['/visits'].get.responses['200'].content['application/json'].schema;
    expect(check.errors(schema, list)).toEqual([]);
    expect(check.errors(schema, { items: [{}], nextCursor: null }).length).toBeGreaterThan(0);
    expect(check.errors(schema, { items: list.items })).toContain('$.nextCursor: required but absent');
    const error = { $ref: '#/components/schemas/Error' };
    expect(check.errors(error, { error: { code: 'teapot', message: 'x' } })).not.toEqual([]);
    expect(check.errors(error, { message: 'x' })).not.toEqual([]);
  });

  async function answer(s: Sent) {
    const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
    if (s.method === 'POST') headers['idempotency-key'] = randomUUID();
    if (s.body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(s.url, {
      method: s.method,
      headers,
      body: s.body === undefined ? undefined : JSON.stringify(s.body),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  }

  it('documents every status an operation answers, and every body conforms to its documented schema', async () => {
    const sent: Sent[] = [];
    for (const [path, item] of Object.entries<Schema>(doc.paths))
      for (const method of METHODS) if (item[method]) sent.push(...requestsFor(path, method, item[method]));
    const violations: string[] = [];
    const statuses = new Map<string, Set<number>>();
    const queue = [...sent];
    const worker = async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const op = doc.paths[s.operation.split(' ')[1] as string][s.method.toLowerCase()];
        const got = await answer(s);
        statuses.set(s.operation, (statuses.get(s.operation) ?? new Set()).add(got.status));
        const where = `${s.method} ${s.url.slice(0, 120)} → ${got.status}`;
        const documented = op.responses[String(got.status)];
        if (!documented) {
          violations.push(`${where}: status not documented (${Object.keys(op.responses).join(', ')}): ${got.text.slice(0, 200)}`);
          continue;
        }
        const schema = documented.content?.['application/json']?.schema;
        if (!schema) continue;
        if (!got.type.startsWith('application/json')) {
          violations.push(`${where}: documented as JSON, answered ${got.type}`);
          continue;
        }
        const problems = check.errors(schema, JSON.parse(got.text));
        if (got.status >= 400) problems.push(...check.errors({ $ref: '#/components/schemas/Error' }, JSON.parse(got.text)));
        if (problems.length > 0) violations.push(`${where}: ${problems.slice(0, 5).join('; ')}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(violations, `CONTRACT_SEED=${SEED}\n${violations.join('\n')}`).toEqual([]);
    // The drawn requests reach past validation: most operations answer something besides 400 at least once.
    const pastValidation = [...statuses.values()].filter((s) => [...s].some((status) => status !== 400)).length;
    expect(pastValidation).toBeGreaterThan(statuses.size * 0.6);
  });
});
