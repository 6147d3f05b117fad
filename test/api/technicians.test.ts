import { describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

describe('technicians', () => {
  const stack = useTestStack();

  it('a manager adds, lists and takes a technician off the rota', async () => {
    const manager = asStaff(stack.app, 'manager');
    const added = await postJson(manager, '/technicians', { id: 'tech-ana', name: 'Ana', skillLevel: 3 });
    expect(added.status).toBe(201);
    expect(await readJson(added)).toMatchObject({ id: 'tech-ana', skillLevel: 3, active: true });
    expect((await postJson(manager, '/technicians', { id: 'tech-ana', name: 'Ana', skillLevel: 2 })).status).toBe(409);

    const off = await manager.request('/technicians/tech-ana', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(off.status).toBe(200);
    const list = await readJson(await asStaff(stack.app, 'technician').request('/technicians'));
    expect(list).toEqual([expect.objectContaining({ id: 'tech-ana', active: false })]);
  });

  it('refuses a bad skill level naming the field, other roles, no token and unknown ids', async () => {
    const bad = await postJson(asStaff(stack.app, 'foreman'), '/technicians', { id: 'tech-x', name: 'X', skillLevel: 7 });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error.message).toContain('skillLevel');
    expect(
      (await postJson(asStaff(stack.app, 'technician'), '/technicians', { id: 'tech-y', name: 'Y', skillLevel: 1 })).status,
    ).toBe(403);
    expect((await postJson(stack.app, '/technicians', { id: 'tech-z', name: 'Z', skillLevel: 1 })).status).toBe(401);
    const missing = await asStaff(stack.app, 'manager').request('/technicians/nobody', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ active: true }),
    });
    expect(missing.status).toBe(404);
  });

  it('sets a shift the workshop plan works in, and refuses a bad one naming the field', async () => {
    const foreman = asStaff(stack.app, 'foreman');
    const shift = { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], opensAt: '07:00', closesAt: '15:30' };
    const added = await postJson(foreman, '/technicians', { id: 'tech-sam', name: 'Sam', skillLevel: 1, shift });
    expect(added.status).toBe(201);
    expect(await readJson(added)).toMatchObject({ id: 'tech-sam', shift });
    const patch = (body: unknown) =>
      foreman.request('/technicians/tech-sam', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const [bad, field] of [
      [{ ...shift, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...shift, closesAt: '06:00' }, 'closesAt'],
      [{ ...shift, opensAt: '25:00' }, 'opensAt'],
      [{ ...shift, days: [] }, 'days'],
    ] as const) {
      const res = await patch({ shift: bad });
      expect(res.status).toBe(400);
      expect((await readJson(res)).error.message).toContain(field);
    }
    const cleared = await patch({ shift: null });
    expect(await readJson(cleared)).toMatchObject({ shift: null });
  });
});
