import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../api/settings.js';
import { CATALOGUES } from '../../web/i18n/index.js';
import { staffToken } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// A body a screen cannot read (a multipart form without its boundary or cut short) or will not read (past the
// API's bound) is the sender's fault: the person gets the error page in their language, a 4xx, not a 500 or the
// API's JSON.

const LANGUAGES = [
  ['zh-CN,zh;q=0.9', 'zh-CN'],
  ['en-GB', 'en'],
] as const;
const MULTIPART = {
  'no boundary': ['multipart/form-data', 'description=Rattle&plate=B-X-1'],
  'cut short': ['multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data; name="description"\r\n\r\nRattle'],
} as const;

describe('a form body the screens cannot or will not read', () => {
  const stack = useTestStack();

  const send = async (path: string, acceptLanguage: string, contentType: string, body: string, cookie = '') => {
    const res = await stack.app.request(`http://localhost${path}`, {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': contentType, 'accept-language': acceptLanguage, cookie },
      body,
    });
    const html = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      res,
      lang: html.match(/<html lang="([^"]+)"/)?.[1],
      html,
    };
  };

  it('a multipart body that does not parse: 400 and the page says to send the form from the screen again', async () => {
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    for (const [acceptLanguage, lang] of LANGUAGES)
      for (const [what, [contentType, body]] of Object.entries(MULTIPART))
        for (const [path, who] of [
          ['/app/complaints', cookie],
          ['/app/booking', ''],
        ] as const) {
          const refused = await send(path, acceptLanguage, contentType, body, who);
          expect(refused.status, `${what} to ${path}`).toBe(400);
          expect(refused.lang).toBe(lang);
          expect(refused.html).toContain(CATALOGUES[lang].errorPage.unreadableForm);
        }
  });

  it("a body past the bound: 413 as the screen's page in the person's language, the API's JSON answer unchanged", async () => {
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    const huge = `description=${'x'.repeat(MAX_BODY_BYTES)}`;
    for (const [acceptLanguage, lang] of LANGUAGES) {
      const refused = await send('/app/complaints', acceptLanguage, 'application/x-www-form-urlencoded', huge, cookie);
      expect(refused.status).toBe(413);
      expect(refused.type).toMatch(/^text\/html/);
      expect(refused.lang).toBe(lang);
      expect(refused.html).toContain(CATALOGUES[lang].errorPage.tooLarge);
      expect(refused.res.headers.get('connection')).toBe('close');
    }
    const api = await stack.app.request('/complaints', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await staffToken('advisor', 'adv-lena')}` },
      body: JSON.stringify({ description: 'x'.repeat(MAX_BODY_BYTES) }),
    });
    expect(api.status).toBe(413);
    expect((await readJson(api)).error.code).toBe('payload_too_large');
  });
});
