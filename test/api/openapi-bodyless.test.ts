import { describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// Every request's query must be percent-encoded UTF-8, and every body sent as JSON must be UTF-8 without a key given
// twice, whether the operation takes parameters or a body or not: the 400 and 415 those get were missing from the
// document of the operations without a body (POST /kpis/review, DELETE /calendar/exceptions/{date}, most GETs).

// biome-ignore lint/suspicious/noExplicitAny: the document is probed loosely
type Doc = any;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('the OpenAPI document: what every operation answers to a malformed query or body', () => {
  const stack = useTestStack();

  it('documents the 400 for a query that is not percent-encoded UTF-8, and the 400/415 for a malformed JSON body', async () => {
    const doc: Doc = await readJson(await stack.app.request('/openapi.json'));
    const admin = asStaff(stack.app, 'admin', 'adm-root');
    const undocumented: string[] = [];
    let bodyless = 0;
    for (const [path, item] of Object.entries<Doc>(doc.paths))
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        if (method !== 'get' && !op.requestBody) bodyless++;
        const url = path.replace(/\{[^}]+\}/g, 'x');
        const sent: [string, RequestInit, number][] = [[`${url}?%ZZ=1`, {}, 400]];
        if (method !== 'get')
          sent.push(
            [url, { headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' }, 415],
            [url, { headers: { 'content-type': 'application/json' }, body: '{"a":1,"a":2}' }, 400],
            [url, { headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) }, 400],
          );
        for (const [target, init, status] of sent) {
          const res = await admin.request(target, { ...init, method: method.toUpperCase() });
          const body = await res.text();
          // Other checks (a path parameter, the role) may come first; whatever is answered is a 4xx the document names.
          expect(res.status, `${method} ${target}: ${body}`).toBeLessThan(500);
          if (!op.responses[String(res.status)])
            undocumented.push(`${method.toUpperCase()} ${path} (sent for ${status}) → ${res.status}: ${body.slice(0, 120)}`);
        }
      }
    expect(bodyless).toBeGreaterThan(0);
    expect(undocumented).toEqual([]);
  });
});
