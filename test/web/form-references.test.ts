import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../web/i18n/index.js';
import { staffToken } from '../support/auth.js';
import { useTestStack } from '../support/stack.js';

// A form's hidden reference comes from the page's address (a new complaint opened from a customer's file or a
// visit): an address typed or cut short puts something there that names no record. The refusal says so in the
// person's words, never zod's "Invalid UUID" under "This field".

describe("a form's hidden reference that names no record", () => {
  const stack = useTestStack();

  it('the new complaint from an address whose customer or visit is not an id: refused in plain words, either language', async () => {
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    for (const [field, label] of [
      ['customerId', 'customerId'],
      ['visitId', 'visitId'],
    ] as const)
      for (const [acceptLanguage, lang] of [
        ['zh-CN', 'zh-CN'],
        ['en-GB', 'en'],
      ] as const) {
        const page = await stack.app.request(`http://localhost/app/complaints/new?${field}=from-an-old-link`, {
          headers: { cookie, 'accept-language': acceptLanguage },
        });
        const html = await page.text();
        const drawn = [...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map(([, n, v]): [string, string] => [
          n ?? '',
          v ?? '',
        ]);
        expect(drawn).toContainEqual([field, 'from-an-old-link']);
        const body = new URLSearchParams([...drawn, ['description', 'The rattle is back']]);
        const res = await stack.app.request('http://localhost/app/complaints', {
          method: 'POST',
          headers: { cookie, origin: 'http://localhost', 'accept-language': acceptLanguage },
          body,
        });
        const refused = await res.text();
        expect(res.status).toBe(400);
        const catalogue = CATALOGUES[lang];
        const said = catalogue.error.notOnFile.replace('{{label}}', catalogue.field[label]);
        expect(refused.replace(/&#39;/g, "'")).toContain(said);
        expect(refused).not.toMatch(/Invalid UUID/);
      }
  });
});
