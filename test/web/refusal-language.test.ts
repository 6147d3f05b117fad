import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { devSettings } from '../../api/settings.js';
import { signBookingLink } from '../../runtime/booking-links.js';
import { CATALOGUES } from '../../web/i18n/index.js';
import { useTestStack } from '../support/stack.js';

// A customer whose language the shop does not know yet (a link without `lang`, a form posted from elsewhere, a
// booking link nobody sent) reads the refusal in the first language of their browser's Accept-Language we speak.

const CHINESE = 'zh-CN,zh;q=0.9';
const BRITISH = 'en-GB';

describe('refusals a customer meets before the shop knows their language', () => {
  const stack = useTestStack();

  const page = async (path: string, acceptLanguage: string, init: RequestInit = {}) => {
    const res = await stack.app.request(`http://localhost${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'accept-language': acceptLanguage },
    });
    const html = await res.text();
    return { status: res.status, lang: html.match(/<html lang="([^"]+)"/)?.[1], html };
  };
  const fromElsewhere = {
    method: 'POST',
    headers: { origin: 'https://elsewhere.example', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'intent=cancel&reason=x',
  };
  const notForm = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };

  it('a form posted to the booking link from another site: 403 in the browser’s language', async () => {
    const { token } = await signBookingLink(randomUUID(), devSettings().approvalLinkKey);
    for (const [acceptLanguage, lang] of [
      [CHINESE, 'zh-CN'],
      [BRITISH, 'en'],
    ] as const) {
      const refused = await page(`/app/booking/manage?token=${token}`, acceptLanguage, fromElsewhere);
      expect(refused.status).toBe(403);
      expect(refused.lang).toBe(lang);
      expect(refused.html).toContain(CATALOGUES[lang].errorPage.notAllowed);
      // Said to a customer: their link, not a role, and no way into the staff's screens.
      expect(refused.html).toContain(CATALOGUES[lang].errorPage.linkOnly);
      expect(refused.html).not.toContain(CATALOGUES[lang].error.forbidden);
      expect(refused.html).not.toContain('href="/app"');
    }
  });

  it('a body that is not a form, on the approval page: refused in the browser’s language', async () => {
    for (const [acceptLanguage, lang] of [
      [CHINESE, 'zh-CN'],
      [BRITISH, 'en'],
    ] as const) {
      const refused = await page('/app/approval?token=x', acceptLanguage, notForm);
      expect(refused.status).toBe(415);
      expect(refused.lang).toBe(lang);
      expect(refused.html).toContain(CATALOGUES[lang].errorPage.failed);
    }
  });

  it('an unknown booking token and a missing one: the link refused in the browser’s language', async () => {
    const { token } = await signBookingLink(randomUUID(), devSettings().approvalLinkKey);
    for (const path of [`/app/booking/manage?token=${token}`, '/app/booking/manage', '/app/no-such-page']) {
      const zh = await page(path, CHINESE);
      const en = await page(path, BRITISH);
      expect([zh.status, en.status], path).toEqual([404, 404]);
      expect([zh.lang, en.lang], path).toEqual(['zh-CN', 'en']);
    }
  });

  it('the browser’s weights decide, a bare `zh` is Simplified Chinese, and a language we do not speak is English', async () => {
    expect((await page('/app/booking/manage', 'en;q=0.5, zh;q=0.9')).lang).toBe('zh-CN');
    expect((await page('/app/booking/manage', 'de-DE,en;q=0.5,zh;q=0.4')).lang).toBe('en');
    expect((await page('/app/booking/manage', 'zh-Hans;q=0, en')).lang).toBe('en');
    expect((await page('/app/booking/manage', 'fr, de')).lang).toBe('en');
    // The customer's link names their language, which wins over the browser's.
    expect((await page('/app/booking/manage?lang=zh-CN', BRITISH)).lang).toBe('zh-CN');
  });
});
