import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, ActionName } from '../../domain/actions.js';
import { MAX_INVOICE_CENTS, MAX_LINE_CENTS, MAX_QUANTITY } from '../../domain/money.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// biome-ignore lint/suspicious/noExplicitAny: the document is checked by the validator, then probed loosely
type Doc = any;

describe('the OpenAPI document', () => {
  const stack = useTestStack();
  let doc: Doc;
  beforeAll(async () => {
    const res = await stack.app.request('/openapi.json');
    expect(res.status).toBe(200);
    doc = await readJson(res);
  });

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every action as its own operation with its summary and body schema', () => {
    for (const name of ActionName.options) {
      const op = doc.paths[`/visits/{id}/actions/${name}`]?.post;
      expect(op, name).toBeDefined();
      expect(op.summary).toBe(ACTIONS[name].summary);
      expect(op.requestBody.content['application/json'].schema).toBeDefined();
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '422', '503']));
    }
  });

  it('says every step body and each object in it takes no key of its own choosing (additionalProperties false)', () => {
    const resolve = (s: Doc): Doc => (s?.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()]) : s);
    const open: string[] = [];
    const walk = (s: Doc, at: string, seen: Set<Doc>) => {
      const schema = resolve(s);
      if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
      seen.add(schema);
      if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false) open.push(at);
      for (const [key, sub] of Object.entries(schema.properties ?? {})) walk(sub, `${at}.${key}`, seen);
      for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) walk(sub, at, seen);
      if (schema.items) walk(schema.items, `${at}[]`, seen);
    };
    const steps = Object.entries(doc.paths).filter(([path]) => /^\/(visits|complaints|rescues)\/\{id\}\/actions\//.test(path));
    expect(steps.length).toBeGreaterThan(ActionName.options.length);
    for (const [path, item] of steps as [string, Doc][])
      walk(item.post.requestBody.content['application/json'].schema, path, new Set());
    expect(open).toEqual([]);
  });

  it('lists the statuses the API really gives: 400 on parameters, 403 on role-checked reads, 413/415 on bodies, 431, 500, 503', () => {
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses);
    expect(statuses('/visits', 'get')).toEqual(expect.arrayContaining(['400', '401', '431', '500', '503']));
    for (const path of ['/kpis', '/alerts', '/complaints']) expect(statuses(path, 'get'), path).toContain('403');
    expect(statuses('/workshop', 'get')).not.toContain('403');
    expect(statuses('/kpis/targets/{kpi}', 'put')).toEqual(expect.arrayContaining(['400', '403', '413', '415', '503']));
    expect(statuses('/technicians/{id}', 'patch')).toEqual(expect.arrayContaining(['400', '403', '404', '413', '415', '503']));
    expect(statuses('/auth/dev-token', 'post')).not.toContain('503');
    expect(doc.paths['/kpis'].get.responses['403'].description).toContain('manager');
  });

  it('shows the money bounds of the domain', () => {
    const estimate = doc.paths['/visits/{id}/actions/submit_estimate'].post.requestBody.content['application/json'].schema;
    const resolve = (s: Doc) => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
    // A line is typed by hand or names the catalogue; the typed one carries the bounds.
    const branches: Doc[] = (({ oneOf, anyOf }: Doc) => oneOf ?? anyOf)(resolve(resolve(estimate).properties.lines.items));
    const kinds = branches.map((b) => resolve(b).properties.kind);
    expect(kinds.flatMap((k) => k.enum ?? [k.const])).toEqual([
      'labour',
      'part',
      'labour_operation',
      'catalogue_part',
      'package',
    ]);
    const line = resolve(branches[0]);
    expect(line.properties.unitPriceCents.maximum).toBe(MAX_LINE_CENTS);
    expect(line.properties.discountCents.maximum).toBe(MAX_LINE_CENTS);
    expect(line.properties.quantity.maximum).toBe(MAX_QUANTITY);
    const pickup = resolve(doc.paths['/visits/{id}/actions/record_pickup'].post.requestBody.content['application/json'].schema);
    expect(pickup.properties.payment.properties.amountCents.maximum).toBe(MAX_INVOICE_CENTS);
    expect(MAX_INVOICE_CENTS).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('declares the bearer scheme, marks the public routes and documents Idempotency-Key on every POST', () => {
    expect(doc.components.securitySchemes.staffToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.security).toEqual([{ staffToken: [] }]);
    for (const path of ['/healthz', '/openapi.json', '/approvals/{token}'].filter((p) => doc.paths[p]))
      for (const op of Object.values(doc.paths[path]) as { security: unknown }[]) expect(op.security, path).toEqual([]);
    for (const [path, item] of Object.entries(doc.paths) as [string, Record<string, Doc>][]) {
      if (!item.post) continue;
      expect(
        item.post.parameters.map((p: { name: string }) => p.name),
        path,
      ).toContain('Idempotency-Key');
      if (item.post.requestBody) expect(Object.keys(item.post.responses), path).toContain('400');
    }
  });
});
