import { describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// GET /alerts?kind=: one kind, or several by repeating the parameter. A kind it does not know was refused as
// "Invalid input", and a bad one among several as "given more than once; send it once", which the route invites.

describe('GET /alerts: the kind parameter', () => {
  const stack = useTestStack();

  it('refuses an unknown or malformed kind with a 400 naming the parameter and the kinds it takes', async () => {
    const manager = asStaff(stack.app, 'manager', 'mgr-eva');
    for (const query of [
      'kind=nope',
      'kind=',
      'kind=%00',
      'kind=%F0%9F%94%A7',
      `kind=${'x'.repeat(5000)}`,
      'kind=record_rejected&kind=zzz',
      'kind=RECORD_REJECTED',
    ]) {
      const res = await manager.request(`/alerts?${query}`);
      const body = await res.text();
      expect(res.status, `${query.slice(0, 40)}: ${body}`).toBe(400);
      const { error } = JSON.parse(body);
      expect(error.message, query.slice(0, 40)).toMatch(/^Invalid query: kind: (value 2 )?must be one of/);
      expect(error.message).toContain('must be one of kpi_target_missed, record_rejected, activity_failing');
      expect(error.message).not.toContain('more than once');
    }
    // Too many repeats is refused in words too.
    const many = await manager.request(`/alerts?${Array(50).fill('kind=record_rejected').join('&')}`);
    expect(many.status).toBe(400);
    expect((await readJson(many)).error.message).toContain('kind');

    for (const query of ['kind=record_rejected', 'kind=record_rejected&kind=kpi_target_missed', '']) {
      const res = await manager.request(`/alerts?${query}`);
      expect(res.status, query).toBe(200);
      expect((await readJson(res)).items).toEqual([]);
    }
  });
});
