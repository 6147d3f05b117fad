import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { apiSettings } from '../../api/settings.js';
import { signStaffToken } from '../../api/tokens.js';
import { ConfigSchema } from '../../runtime/config.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { newVisitBody } from '../support/visits.js';

describe('per-visit timer overrides are a development tool', () => {
  const stack = useTestStack();

  it('development: the override reaches the workflow as its policy, beside the shop’s zone its days count in', async () => {
    const res = await postJson(asStaff(stack.app, 'advisor'), '/visits', {
      ...newVisitBody(),
      policy: { followUpCallAfterMs: 1_000 },
    });
    expect(res.status).toBe(201);
    const { visitId } = await readJson(res);
    const history = await stack.client.workflow.getHandle(visitId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    const input = JSON.parse(Buffer.from(started ?? new Uint8Array()).toString());
    expect(input.policy).toMatchObject({ followUpCallAfterMs: 1_000, confirmationLeadMs: 24 * 3_600_000 });
    // The stack's shop names no zone: UTC, as its calendar and screens use.
    expect(input.timeZone).toBe('UTC');
  });

  it('development: an unknown or negative duration is a 400 naming it', async () => {
    const res = await postJson(asStaff(stack.app, 'advisor'), '/visits', {
      ...newVisitBody(),
      policy: { followUpCallAfterMs: -5 },
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.message).toContain('policy.followUpCallAfterMs');
  });

  it.each([
    ['months', { months: 2_147_483_647, km: 15_000 }],
    ['km', { months: 12, km: 2 ** 53 - 1 }],
  ])(
    'development: a service interval no maker uses (%s) is a 400 naming it, not a reminder that cannot be dated',
    async (field, serviceInterval) => {
      const res = await postJson(asStaff(stack.app, 'advisor'), '/visits', { ...newVisitBody(), policy: { serviceInterval } });
      expect(res.status).toBe(400);
      expect((await readJson(res)).error.message).toContain(`policy.serviceInterval.${field}`);
    },
  );

  it('production: refused with 403 naming the field, and nothing is started', async () => {
    const settings = apiSettings(
      ConfigSchema.parse({
        NODE_ENV: 'production',
        AUTH_SECRET: 'p'.repeat(40),
        PUBLIC_URL: 'https://service.example.com',
        SHOP_TIME_ZONE: 'Europe/Berlin',
      }),
    );
    const app = createApp({ database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue }, settings);
    const { token } = await signStaffToken({ id: 'adv-1', role: 'advisor', name: 'Adv' }, settings.staffTokenKey, 600);
    const res = await postJson(
      app,
      '/visits',
      { ...newVisitBody(), policy: { followUpCallAfterMs: 1_000 } },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(403);
    expect((await readJson(res)).error.message).toContain('policy');
  });
});
