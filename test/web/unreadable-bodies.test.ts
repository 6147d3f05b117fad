import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../api/settings.js';
import { CATALOGUES } from '../../web/i18n/index.js';
import { staffToken } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { walkIn } from '../support/visits.js';

// A body a screen cannot read (a multipart form without its boundary or cut short) or will not read (past the
// API's bound) is the sender's fault: the person gets the error page in their language, a 4xx, not a 500 or the
// API's JSON.
//
// BODIES_SEED=<seed> (printed on failure) picks the same body and language for each form of the crawl again.

const SEED = Number(process.env.BODIES_SEED ?? Date.now() % 2 ** 31);

const LANGUAGES = [
  ['zh-CN,zh;q=0.9', 'zh-CN'],
  ['en-GB', 'en'],
] as const;
/** The bytes of a body too large for any screen, sent in chunks without a length, as a client streaming it would. */
const chunked = (bytes: number): ReadableStream<Uint8Array> => {
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      const n = Math.min(left, 64 * 1024);
      left -= n;
      if (n === 0) controller.close();
      else controller.enqueue(new TextEncoder().encode('x'.repeat(n)));
    },
  });
};
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
  it('every form the screens draw, sent a body they cannot or will not read, answers a page and no 500', async () => {
    const advisor = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    const manager = `sl_session=${await staffToken('manager', 'mgr-eva')}`;
    const admin = `sl_session=${await staffToken('admin', 'admin-1')}`;
    const visitId = await walkIn(stack);
    const pages: [string, string][] = [
      [`/app/visits/${visitId}`, advisor],
      ['/app/board', advisor],
      ['/app/complaints/new', advisor],
      ['/app/technicians', manager],
      ['/app/staff', admin],
      ['/app/calendar', manager],
      ['/app/contact-list', manager],
      ['/app/feedback', manager],
      ['/app/booking', ''],
    ];
    const forms: [string, string][] = [];
    for (const [page, cookie] of pages) {
      const html = await (await stack.app.request(`http://localhost${page}`, { headers: { cookie } })).text();
      for (const m of html.matchAll(/<form\b[^>]*method="post"[^>]*action="(\/app\/[^"]+)"/g))
        if (m[1] !== '/app/logout') forms.push([m[1]?.replace(/&amp;/g, '&') ?? '', cookie]);
    }
    expect(forms.length).toBeGreaterThan(10);
    const bodies = [
      ['multipart no boundary', 400, () => ['multipart/form-data', 'a=b']],
      ['multipart cut short', 400, () => [MULTIPART['cut short'][0], MULTIPART['cut short'][1]]],
      ['past the bound', 413, () => ['application/x-www-form-urlencoded', `a=${'x'.repeat(MAX_BODY_BYTES)}`]],
      ['chunked past the bound', 413, () => ['application/x-www-form-urlencoded', chunked(MAX_BODY_BYTES + 1)]],
    ] as const;
    const picks = fc.sample(fc.tuple(fc.nat(bodies.length - 1), fc.nat(LANGUAGES.length - 1)), {
      numRuns: forms.length,
      seed: SEED,
    });
    const findings: string[] = [];
    for (const [i, [action, cookie]] of forms.entries()) {
      const [b, l] = picks[i] ?? [0, 0];
      const [what, status, make] = bodies[b] ?? bodies[0];
      const [acceptLanguage, lang] = LANGUAGES[l] ?? LANGUAGES[0];
      const [contentType, body] = make();
      const res = await stack.app.request(`http://localhost${action}`, {
        method: 'POST',
        headers: { origin: 'http://localhost', 'content-type': contentType, 'accept-language': acceptLanguage, cookie },
        body,
        duplex: 'half',
      } as RequestInit);
      const html = await res.text();
      if (res.status !== status || !html.includes(`<html lang="${lang}"`))
        findings.push(`${what} to ${action} in ${lang} → ${res.status} ${html.slice(0, 120)}`);
    }
    expect(findings, `BODIES_SEED=${SEED}`).toEqual([]);
  });
});
