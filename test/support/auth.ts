import { devSettings } from '../../api/settings.js';
import { signStaffToken } from '../../api/tokens.js';
import type { StaffRole } from '../../domain/roles.js';
import type { RequestingApp } from './http.js';

/** A staff token signed with the dev secret, which every app built without explicit settings accepts. */
export async function staffToken(role: StaffRole, id = `${role}-1`, ttlSeconds = 3600): Promise<string> {
  return (await signStaffToken({ id, role, name: `Test ${role}` }, devSettings().staffTokenKey, ttlSeconds)).token;
}

export const bearer = async (role: StaffRole, id?: string) => ({ authorization: `Bearer ${await staffToken(role, id)}` });

/**
 * The app as one staff member sees it: every request carries their token.
 * `postJson(asStaff(stack.app, 'advisor'), '/visits', body)`.
 */
export function asStaff(app: RequestingApp, role: StaffRole, id?: string): RequestingApp {
  const token = staffToken(role, id);
  return {
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await token}`);
      return app.request(path, { ...init, headers });
    },
  };
}
