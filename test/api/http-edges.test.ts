import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { devSettings } from '../../api/settings.js';
import { asStaff, staffToken } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { walkIn } from '../support/visits.js';

// What a client sends besides a JSON body's fields: query strings as they come off the wire, and the body's bytes.
// Each is refused with a 4xx naming the parameter or field in words, never read as something the client did not mean.

async function refused(res: Response, status: number, field: string, words: RegExp) {
  const body = await readJson(res);
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.error.message).toContain(field);
  expect(body.error.message).toMatch(words);
  return body;
}

describe('the HTTP edge', () => {
  const stack = useTestStack();
  const admin = () => asStaff(stack.app, 'admin', 'admin-1');
  const get = (path: string) => admin().request(path);
  const post = (path: string, body: string | Buffer, contentType = 'application/json') =>
    admin().request(path, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('reads a whole number in a query only as decimal digits: not "0x10" as 16, " 10" as 10, nor an empty one as 0', async () => {
    for (const limit of ['0x10', '0b11', '%2010', '1e2', '', '1.5', '-1', '501', '1e400'])
      await refused(await get(`/tasks?limit=${limit}`), 400, 'limit', /a whole number from 1 to 500/);
    expect((await get('/tasks?limit=16')).status).toBe(200);
    for (const minutes of ['', '0x3c', '%2060'])
      await refused(await get(`/calendar/promise?workMinutes=${minutes}`), 400, 'workMinutes', /a whole number/);
    const promise = await get('/calendar/promise?workMinutes=60');
    expect(promise.status, await promise.clone().text()).toBe(200);
  });

  it('refuses a query value that is not percent-encoded UTF-8 instead of searching for its raw text', async () => {
    for (const raw of ['%ED%A0%80', '%zz', '%', '%C0%80', '%FF'])
      await refused(await get(`/visits?q=${raw}`), 400, 'q', /percent-encoded UTF-8/);
    await refused(await get('/visits?%zz=1'), 400, '(parameter name)', /percent-encoded UTF-8/);
    expect((await get('/visits?q=M%C3%BCller+%26+S%C3%B6hne')).status).toBe(200);
  });

  it('says a parameter was given twice, or is missing, instead of the type zod met', async () => {
    await refused(await get('/visits?stage=booked&stage=closed'), 400, 'stage', /given more than once/);
    await refused(await get('/tasks?limit=5&limit=6'), 400, 'limit', /given more than once/);
    const missing = await refused(await get('/customers'), 400, 'q', /q: required/);
    expect(missing.error.message).not.toMatch(/received/);
    await refused(await get('/calendar/promise'), 400, 'workMinutes', /workMinutes: required/);
  });

  it('reads a JSON body as UTF-8 only: another charset is 415, bytes that are not UTF-8 are 400', async () => {
    const member = (id: string) => JSON.stringify({ id, name: 'Müller', role: 'advisor' });
    const latin1 = await refused(
      await post('/staff', Buffer.from(member('staff-latin1'), 'latin1'), 'application/json; charset=latin1'),
      415,
      'UTF-8',
      /latin1/,
    );
    expect(latin1.error.code).toBe('unsupported_media_type');
    await refused(await post('/staff', Buffer.from(member('staff-bytes'), 'latin1')), 400, '(body)', /not UTF-8/);
    const utf8 = await post('/staff', member('staff-utf8'), 'application/json; charset=UTF-8');
    expect(utf8.status).toBe(201);
    expect((await readJson(utf8)).name).toBe('Müller');
    const listed = await readJson(await get('/staff'));
    expect(listed.map((m: { id: string }) => m.id)).not.toContain('staff-latin1');
    // The media type as HTTP allows it to be written: spaces around the `;`, an empty parameter, a quoted charset.
    for (const [id, type] of [
      ['staff-spaced', 'application/json ; charset=utf-8'],
      ['staff-semicolon', 'application/json;'],
      ['staff-quoted', 'application/json;charset="UTF-8"'],
    ] as const) {
      const taken = await post('/staff', member(id), type);
      expect(taken.status, `${type}: ${await taken.clone().text()}`).toBe(201);
    }
  });

  it('refuses a JSON object that gives one key twice, which parsers read differently', async () => {
    await refused(
      await post('/staff', '{"id":"staff-dup","name":"A","role":"advisor","role":"admin"}'),
      400,
      'role',
      /more than once/,
    );
    await refused(
      await post('/staff', '{"id":"staff-dup","name":"A","role":"advisor","n":{"a":1,"a":2}}'),
      400,
      'a',
      /more than once/,
    );
    // Quotes, braces and commas inside a string are text, not keys.
    const fine = await post('/staff', '{"id":"staff-ok","name":"A \\"q\\" {,}","role":"advisor"}');
    expect(fine.status, await fine.clone().text()).toBe(201);
    const listed = await readJson(await get('/staff'));
    expect(listed.map((m: { id: string }) => m.id)).not.toContain('staff-dup');
  });

  it('takes the Authorization header in its usual spellings, and no token but an HS256 one with its claims', async () => {
    const token = await staffToken('advisor', 'adv-lena');
    const status = async (authorization: string) => (await stack.app.request('/tasks', { headers: { authorization } })).status;
    expect(await status(`bearer ${token}`)).toBe(200);
    expect(await status(`Bearer  ${token}`)).toBe(200);
    expect(await status(`Bearer\t${token}`)).toBe(401);
    expect(await status(`Bearer ${token} ${token}`)).toBe(401);
    const claims = { sub: 'x', role: 'admin', name: 'X', exp: Math.floor(Date.now() / 1000) + 600 };
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(await status(`Bearer ${unsigned}`)).toBe(401);
    expect(await status(`Bearer ${await sign(claims, devSettings().staffTokenKey, 'HS512')}`)).toBe(401);
  });

  it('refuses the token of someone the staff directory marks as gone, and takes it again once they are back', async () => {
    const member = await post('/staff', JSON.stringify({ id: 'adv-leaving', name: 'Leaving Soon', role: 'advisor' }));
    expect(member.status).toBe(201);
    const theirs = asStaff(stack.app, 'advisor', 'adv-leaving');
    expect((await theirs.request('/tasks')).status).toBe(200);
    const mark = (active: boolean) =>
      admin().request('/staff/adv-leaving', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ active }),
      });
    expect((await mark(false)).status).toBe(200);
    const refused = await theirs.request('/tasks');
    expect(refused.status).toBe(401);
    expect((await readJson(refused)).error.message).toContain('marked as gone');
    expect((await mark(true)).status).toBe(200);
    expect((await theirs.request('/tasks')).status).toBe(200);
    // Technicians keep their own table: taking one off the rota closes their token too.
    const tech = await post('/technicians', JSON.stringify({ id: 'tech-leaving', name: 'Leaving Too', skillLevel: 2 }));
    expect(tech.status).toBe(201);
    const rota = (active: boolean) =>
      admin().request('/technicians/tech-leaving', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ active }),
      });
    const technician = asStaff(stack.app, 'technician', 'tech-leaving');
    expect((await technician.request('/tasks')).status).toBe(200);
    expect((await rota(false)).status).toBe(200);
    expect((await technician.request('/tasks')).status).toBe(401);
    expect((await rota(true)).status).toBe(200);
    expect((await technician.request('/tasks')).status).toBe(200);
    // An id the directory does not list (a token from the identity provider alone) is not judged by it.
    expect((await asStaff(stack.app, 'advisor', 'not-on-file').request('/tasks')).status).toBe(200);
  });

  it('refuses a token whose role the staff directory no longer gives its holder: moved to another job, or a technician', async () => {
    const member = await post('/staff', JSON.stringify({ id: 'adv-moving', name: 'Moving On', role: 'advisor' }));
    expect(member.status).toBe(201);
    const asAdvisor = asStaff(stack.app, 'advisor', 'adv-moving');
    expect((await asAdvisor.request('/tasks')).status).toBe(200);
    const moved = await admin().request('/staff/adv-moving', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'qc' }),
    });
    expect(moved.status).toBe(200);
    // The advisor's token signed before the move no longer acts as an advisor.
    const refused = await asAdvisor.request('/tasks');
    expect(refused.status).toBe(401);
    const { error } = await readJson(refused);
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toContain('no longer lists its staff member as service advisor');
    expect((await asStaff(stack.app, 'qc', 'adv-moving').request('/tasks')).status).toBe(200);
    // A technician (their own table) holding a token of another role is refused too; their own role works.
    const tech = await post('/technicians', JSON.stringify({ id: 'tech-moving', name: 'Tech Moving', skillLevel: 2 }));
    expect(tech.status).toBe(201);
    expect((await asStaff(stack.app, 'manager', 'tech-moving').request('/tasks')).status).toBe(401);
    expect((await asStaff(stack.app, 'technician', 'tech-moving').request('/tasks')).status).toBe(200);
  });

  it("takes a list's own cursor only: the visits' next page is no position in the tasks, appointments or complaints", async () => {
    await walkIn(stack);
    await walkIn(stack);
    const first = await readJson(await get('/visits?limit=1'));
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = await get(`/visits?limit=1&cursor=${first.nextCursor}`);
    expect(next.status).toBe(200);
    expect((await readJson(next)).items[0].visitId).not.toBe(first.items[0].visitId);
    for (const list of ['/tasks', '/appointments', '/complaints'])
      await refused(await get(`${list}?cursor=${first.nextCursor}`), 400, 'cursor', /not a cursor returned by this list/);
  });

  it('answers a method a path does not have with 404 and the error shape, on every path; HEAD as GET without a body', async () => {
    const doc = await readJson(await stack.app.request('/openapi.json'));
    const staffPaths = Object.entries<Record<string, unknown>>(doc.paths).filter(
      ([path]) => !path.includes('{token}') && !path.startsWith('/booking'),
    );
    for (const [path, item] of staffPaths) {
      const url = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => !item[m.toLowerCase()])) {
        const res = await admin().request(url, { method });
        const body = await readJson(res);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(body.error).toMatchObject({ code: 'not_found', message: `No route ${method} ${url}` });
      }
      if (!item.get) continue;
      const [head, got] = await Promise.all([admin().request(url, { method: 'HEAD' }), get(url)]);
      expect(head.status, `HEAD ${path}`).toBe(got.status);
      expect(await head.text()).toBe('');
    }
  });
});
