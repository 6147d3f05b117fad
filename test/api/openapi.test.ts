import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, ActionName } from '../../domain/actions.js';
import { readJson } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';

// biome-ignore lint/suspicious/noExplicitAny: the document is checked by the validator, then probed loosely
type Doc = any;

describe('the OpenAPI document', () => {
  let stack: TestStack;
  let doc: Doc;
  beforeAll(async () => {
    stack = await startTestStack();
    const res = await stack.app.request('/openapi.json');
    expect(res.status).toBe(200);
    doc = await readJson(res);
  });
  afterAll(async () => stack?.close());

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
