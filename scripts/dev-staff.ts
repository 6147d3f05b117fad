import { apiSettings } from '../api/settings.js';
import { signStaffToken } from '../api/tokens.js';
import type { Config } from '../runtime/config.js';
import { log } from '../runtime/log.js';
import { DEV_STAFF } from '../web/pages/login.js';

/**
 * Development only (dev tokens on): the one-click staff of the sign-in page who are not technicians are put in
 * the staff directory through its own API, so a fresh clone can book with an advisor at once. Someone already
 * there (409) is left as the admin keeps them.
 */
export async function addDevStaff(apiUrl: string, config: Config): Promise<void> {
  const settings = apiSettings(config);
  if (!settings.devTokens) return;
  const { token } = await signStaffToken(
    { id: 'dev-setup', role: 'admin', name: 'Development setup' },
    settings.staffTokenKey,
    60,
  );
  for (const { id, name, role } of DEV_STAFF) {
    if (role === 'technician') continue;
    const res = await fetch(`${apiUrl}/staff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, name, role }),
    });
    if (res.status !== 201 && res.status !== 409)
      log.warn({ id, status: res.status }, 'could not add a development staff member');
  }
}
