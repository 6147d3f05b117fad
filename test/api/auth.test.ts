import { Agent, request } from 'node:http';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { apiSettings, devSettings } from '../../api/settings.js';
import { signStaffToken } from '../../api/tokens.js';
import { ConfigSchema } from '../../runtime/config.js';
import { asStaff, staffToken } from '../support/auth.js';
import { serveApp } from '../support/browser.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { newVisitBody } from '../support/visits.js';

const UNKNOWN_VISIT = '00000000-0000-4000-8000-000000000000';
const PRODUCTION_SECRET = 'a-production-secret-of-more-than-32-characters';
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('authentication and roles', () => {
  const stack = useTestStack();
  const withToken = (token: string, path = `/visits/${UNKNOWN_VISIT}`) =>
    stack.app.request(path, { headers: { authorization: `Bearer ${token}` } });

  it('serves health, the OpenAPI document and the docs without a token', async () => {
    expect((await stack.app.request('/healthz')).status).toBe(200);
    expect((await stack.app.request('/openapi.json')).status).toBe(200);
    const docs = await stack.app.request('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    const page = await docs.text();
    // Everything the reference loads comes from this API: an offline shop server still shows it.
    const loaded = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(loaded.length).toBeGreaterThan(0);
    for (const url of loaded) {
      expect(url, url).toMatch(/^\/docs\//);
      expect((await stack.app.request(url)).status, url).toBe(200);
    }
    const start = await (await stack.app.request('/docs/start.js')).text();
    expect(start).toContain('/openapi.json');
  });

  it('answers 401 with the error shape on every staff route of the document when no token is sent', async () => {
    const doc = await readJson(await stack.app.request('/openapi.json'));
    const secured = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { security?: unknown[] }>)
        .filter(([, op]) => op.security === undefined)
        .map(([method]) => [method.toUpperCase(), path.replace('{id}', UNKNOWN_VISIT).replace('{vin}', 'WVWZZZ1JZXW000001')]),
    );
    expect(secured.length).toBeGreaterThan(20);
    for (const [method, path] of secured) {
      const res = await stack.app.request(path as string, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect((await readJson(res)).error.code).toBe('unauthenticated');
    }
  });

  it('accepts a valid token and refuses expired, forged, malformed and role-less ones', async () => {
    expect((await withToken(await staffToken('technician'))).status).toBe(404);

    const expired = await withToken(await staffToken('advisor', 'adv-lena', -10));
    expect(expired.status).toBe(401);
    expect((await readJson(expired)).error.message).toContain('expired');

    const otherSecret = await signStaffToken({ id: 'x', role: 'admin', name: 'X' }, PRODUCTION_SECRET, 3600);
    expect((await withToken(otherSecret.token)).status).toBe(401);

    const key = devSettings().staffTokenKey;
    const noExp = await sign({ sub: 'x', role: 'admin', name: 'X' }, key, 'HS256');
    expect((await withToken(noExp)).status).toBe(401);
    const badRole = await sign({ sub: 'x', role: 'owner', name: 'X', exp: inAnHour() }, key, 'HS256');
    const refused = await withToken(badRole);
    expect(refused.status).toBe(401);
    expect((await readJson(refused)).error.message).toContain('role');

    const [header, , signature] = (await staffToken('technician')).split('.');
    const promoted = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', name: 'X', exp: inAnHour() })).toString('base64url');
    expect((await withToken(`${header}.${promoted}.${signature}`)).status).toBe(401);

    const basic = await stack.app.request(`/visits/${UNKNOWN_VISIT}`, { headers: { authorization: 'Basic YTpi' } });
    expect(basic.status).toBe(401);
  });

  it('answers 403 when the role may not open visits or book appointments', async () => {
    for (const role of ['technician', 'qc', 'foreman'] as const) {
      const res = await postJson(asStaff(stack.app, role), '/visits', newVisitBody());
      expect(res.status).toBe(403);
      expect((await readJson(res)).error.code).toBe('forbidden');
    }
    const appointment = { ...newVisitBody(), appointmentAt: new Date(Date.now() + 86_400_000).toISOString() };
    expect((await postJson(asStaff(stack.app, 'technician'), '/appointments', appointment)).status).toBe(403);
    expect((await postJson(asStaff(stack.app, 'admin'), '/visits', newVisitBody())).status).toBe(201);
  });

  it('a refusal names the role in words, never its code: "A quality inspector may not …", not "A qc may not …"', async () => {
    const opened = await postJson(asStaff(stack.app, 'qc'), '/visits', newVisitBody());
    expect(opened.status).toBe(403);
    const { message } = (await readJson(opened)).error;
    expect(message).toMatch(/^A quality inspector may not /);
    expect(message).toContain('only service advisor, service manager or administrator may');
    expect(message).not.toMatch(/\b(qc|advisor,|admin)\b/);
    const visit = await postJson(asStaff(stack.app, 'advisor', 'adv-lena'), '/visits', newVisitBody());
    const { visitId } = await readJson(visit);
    const arrive = await postJson(asStaff(stack.app, 'technician'), `/visits/${visitId}/actions/arrive`, {
      coversFitted: true,
      mileage: 41_000,
    });
    expect(arrive.status).toBe(403);
    expect((await readJson(arrive)).error.message).toMatch(/^A technician may not arrive; only .*service advisor/);
  });

  it('issues dev tokens in dev mode, naming an invalid field', async () => {
    const res = await postJson(stack.app, '/auth/dev-token', { staffId: 'adv-lena', role: 'advisor', name: 'Lena' });
    expect(res.status).toBe(200);
    const { token, tokenType } = await readJson(res);
    expect(tokenType).toBe('Bearer');
    expect((await withToken(token)).status).toBe(404);

    const invalid = await postJson(stack.app, '/auth/dev-token', { staffId: 'x', role: 'owner', name: 'X' });
    expect(invalid.status).toBe(400);
    expect((await readJson(invalid)).error.message).toContain('role');
  });

  it('in production: no dev tokens, and tokens signed with the dev secret are refused', async () => {
    const settings = apiSettings(
      ConfigSchema.parse({
        NODE_ENV: 'production',
        AUTH_SECRET: PRODUCTION_SECRET,
        PUBLIC_URL: 'https://service.example.com',
        SHOP_TIME_ZONE: 'Europe/Berlin',
      }),
    );
    const app = createApp({ database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue }, settings);
    expect((await postJson(app, '/auth/dev-token', { staffId: 'x', role: 'admin', name: 'X' })).status).toBe(404);
    const doc = await readJson(await app.request('/openapi.json'));
    expect(doc.paths['/auth/dev-token']).toBeUndefined();

    const devToken = await staffToken('admin');
    expect((await app.request(`/visits/${UNKNOWN_VISIT}`, { headers: { authorization: `Bearer ${devToken}` } })).status).toBe(
      401,
    );
    const real = await signStaffToken({ id: 'adv-lena', role: 'advisor', name: 'Lena' }, PRODUCTION_SECRET, 3600);
    expect((await app.request(`/visits/${UNKNOWN_VISIT}`, { headers: { authorization: `Bearer ${real.token}` } })).status).toBe(
      404,
    );
  });

  it('echoes the request id, sets security headers and limits the body size', async () => {
    const res = await stack.app.request(`/visits/${UNKNOWN_VISIT}`, { headers: { 'x-request-id': 'desk-7-0001' } });
    expect(res.headers.get('x-request-id')).toBe('desk-7-0001');
    expect((await readJson(res)).error.requestId).toBe('desk-7-0001');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');

    const huge = await postJson(asStaff(stack.app, 'advisor'), '/visits', { notes: 'x'.repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    expect((await readJson(huge)).error.code).toBe('payload_too_large');
  });

  it('after a 413 the client knows the connection closes, and its next request goes through', async () => {
    const served = await serveApp(stack.app.fetch);
    // One socket at most: the request after the refusal reuses it unless the answer said it closes.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; connection?: string }>((resolve, reject) => {
        const req = request(`${served.url}${path}`, { method, agent, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const huge = await send('POST', '/visits', JSON.stringify({ notes: 'x'.repeat(300 * 1024) }));
      expect(huge).toEqual({ status: 413, connection: 'close' });
      expect((await send('GET', '/healthz')).status).toBe(200);
    } finally {
      agent.destroy();
      await served.close();
    }
  });

  it('the screens take forms only: a JSON body is refused before any handler, so the origin check covers every change', async () => {
    const session = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    const post = (path: string, headers: Record<string, string>, body: string) =>
      stack.app.request(`http://localhost${path}`, { method: 'POST', headers, body });
    const json = { 'content-type': 'application/json', origin: 'http://attacker.example', cookie: session };
    const dev = JSON.stringify({ mode: 'dev', staffId: 'x', role: 'admin', name: 'X' });
    expect((await post('/app/login', json, dev)).status).toBe(415);
    expect((await post('/app/login', { ...json, origin: 'http://localhost' }, dev)).status).toBe(415);
    const action = await post(`/app/visits/${UNKNOWN_VISIT}/actions/check_warranty`, json, '{"covered":"false"}');
    expect(action.status).toBe(415);
    expect(await action.text()).toContain('form submissions only');
    expect((await post('/app/board/book', { cookie: session, origin: 'http://attacker.example' }, 'kind=walk_in')).status).toBe(
      415,
    );

    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: session };
    const devForm = 'mode=dev&staffId=adv-lena&role=advisor&name=Lena';
    expect((await post('/app/login', { ...form, origin: 'http://attacker.example' }, devForm)).status).toBe(403);
    const own = await post('/app/login', { ...form, origin: 'http://localhost' }, devForm);
    expect(own.status).toBe(303);
    expect(own.headers.get('set-cookie')).toContain('sl_session=');
  });
});
