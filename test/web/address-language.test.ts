import { describe, expect, it } from 'vitest';
import { tIn } from '../../web/i18n/index.js';
import { bearer, staffToken } from '../support/auth.js';
import { phoneContext, signIn, staffContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { rawIn } from '../support/screen-text.js';
import { pickedUp } from '../support/survey.js';
import { outboxOf, receiveAndEstimate, walkIn, withContact } from '../support/visits.js';

// A language named in the address (`?lang=zh-CN`) is kept for the person as the header's switch keeps it: the
// answer to a form sent from that page, which does not carry `?lang=`, comes back in it too. It used to last for
// that one request: the refusal came back in English. Real requests on the server's socket, and one in Chromium.

const web = useBrowserStack({ publicUrl: true, technicians: true, page: false });

/** A browser's cookies in a few lines: what the server set, sent back on the next request. */
function visitor(cookies: Record<string, string> = {}) {
  const jar = { ...cookies };
  const send = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set(
      'cookie',
      Object.entries(jar)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    );
    // A form is sent from the shop's own page (the screens refuse a form from another origin).
    if (init.method === 'POST') headers.set('origin', web.server.url);
    const res = await fetch(`${web.server.url}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return {
      status: res.status,
      body: await res.text(),
      setCookies: res.headers.getSetCookie(),
      location: res.headers.get('location'),
    };
  };
  const post = (path: string, form: Record<string, string>) =>
    send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  return { jar, get: (path: string) => send(path), post };
}

const langOf = (html: string) => html.match(/<html lang="([^"]*)"/)?.[1];
/** The refusal at the top of a form, as text. */
const alertOf = (html: string) =>
  (html.match(/class="alert alert-error"[^>]*>([\s\S]*?)<\/div>/)?.[1] ?? '').replace(/<[^>]*>/g, '').trim();
const ampersands = (html: string) => html.replaceAll('&amp;', '&');
/** Where the page's form (the one holding `marker`) posts: as the page wrote it. */
const actionOf = (html: string, marker: string) => {
  const form = html.match(new RegExp(`<form[^>]*action="([^"]*)"[^>]*${marker}`))?.[1];
  expect(form, marker).toBeDefined();
  return ampersands(form ?? '');
};

describe('a language named in the address', () => {
  it('stays for the sign-in form: a refused token is told in Chinese', async () => {
    const browser = visitor();
    const page = await browser.get('/app/login?lang=zh-CN');
    expect(page.status).toBe(200);
    expect(langOf(page.body)).toBe('zh-CN');
    expect(browser.jar.sl_lang).toBe('zh-CN');
    // The form posts to /app/login, without the address's language.
    const refused = await browser.post('/app/login', { mode: 'token', token: 'not a token' });
    expect(refused.status).toBe(400);
    expect(langOf(refused.body)).toBe('zh-CN');
    expect(refused.body).toContain(tIn('zh-CN', 'login.notAToken'));
  });

  it("stays on a staff screen's form, and an address naming English brings English back", async () => {
    const browser = visitor({ sl_session: await staffToken('advisor', 'adv-lena') });
    expect(langOf((await browser.get('/app/complaints/new?lang=zh-CN')).body)).toBe('zh-CN');
    const refused = await browser.post('/app/complaints', { summary: '' });
    expect(refused.status).toBe(400);
    expect(langOf(refused.body)).toBe('zh-CN');
    expect(alertOf(refused.body)).toMatch(/[\u4e00-\u9fff]/);
    // The address wins over the cookie, and is kept in its place.
    expect(langOf((await browser.get('/app/complaints/new?lang=en')).body)).toBe('en');
    const again = await browser.post('/app/complaints', { summary: '' });
    expect(langOf(again.body)).toBe('en');
    expect(alertOf(again.body)).toMatch(/^[^\u4e00-\u9fff]*[a-z]{3}[^\u4e00-\u9fff]*$/);
  });

  it('takes the tags people and browsers write, and nothing else breaks a page or reaches the cookie', async () => {
    const cases: [string, string | undefined][] = [
      ['zh-Hans-CN', 'zh-CN'],
      ['EN', 'en'],
      ['zh', 'zh-CN'],
      [' zh-cn ', 'zh-CN'],
      ['fr', undefined],
      ['x'.repeat(10_240), undefined],
      ['zh\u0000', undefined],
      ['\u0007\u001b[31m', undefined],
      // Read as the tag it starts with; the cookie holds our own spelling, never the rest.
      ['zh-CN; Path=/; Domain=evil.example', 'zh-CN'],
      ['en\r\nSet-Cookie: a=b', undefined],
      ['\u202Een', undefined],
      ['', undefined],
    ];
    for (const [lang, kept] of cases) {
      // Whoever chose English before keeps it when the address names nothing we speak.
      const browser = visitor({ sl_lang: 'en' });
      const page = await browser.get(`/app/login?lang=${encodeURIComponent(lang)}`);
      const what = JSON.stringify(lang.slice(0, 40));
      expect(page.status, what).toBe(200);
      expect(langOf(page.body), what).toBe(kept ?? 'en');
      const written = page.setCookies.filter((c) => c.startsWith('sl_lang='));
      if (kept === undefined || kept === 'en') expect(written, what).toEqual([]);
      else
        expect(
          written.map((c) => c.split(';')[0]),
          what,
        ).toEqual([`sl_lang=${kept}`]);
      expect(
        page.setCookies.filter((c) => !c.startsWith('sl_lang=')),
        what,
      ).toEqual([]);
    }
    // Escapes that decode to nothing, or to broken UTF-8, as a hand-typed or cut link carries them.
    for (const raw of ['%ZZ', '%E4%B8', '%C0%AF', '%00', '%00zh-CN']) {
      const page = await visitor().get(`/app/login?lang=${raw}`);
      expect(page.status, raw).toBe(200);
      expect(page.setCookies, raw).toEqual([]);
    }
    // Twice in the address: the first is the one read, as for every other field.
    const twice = visitor();
    expect(langOf((await twice.get('/app/login?lang=zh-CN&lang=en')).body)).toBe('zh-CN');
    expect(twice.jar.sl_lang).toBe('zh-CN');
  });

  it('an address naming nothing we speak leaves the browser to choose, as before', async () => {
    const page = await fetch(`${web.server.url}/app/login?lang=klingon`, { headers: { 'accept-language': 'zh-TW, zh;q=0.9' } });
    expect(langOf(await page.text())).toBe('zh-CN');
    expect(page.headers.getSetCookie()).toEqual([]);
  });
});

describe("a staff member's saved language", () => {
  it("comes back at sign-in over an address's, as it does over the switch's", async () => {
    const saved = await web.app.request('/me/language', {
      method: 'PUT',
      headers: { ...(await bearer('manager', 'mgr-eva')), 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en' }),
    });
    expect(saved.status).toBe(200);
    const browser = visitor();
    expect(langOf((await browser.get('/app/login?lang=zh-CN')).body)).toBe('zh-CN');
    const signedIn = await browser.post('/app/login', { mode: 'dev', staffId: 'mgr-eva', role: 'manager', name: 'Eva Stein' });
    expect(signedIn.status).toBe(303);
    expect(browser.jar.sl_lang).toBe('en');
    expect(langOf((await browser.get('/app/complaints/new')).body)).toBe('en');
  });
});

describe('a printed paper', () => {
  it("is offered in the customer's language when their file names another than the advisor's", async () => {
    const visitId = await walkIn(web.stack, { body: withContact({ language: 'zh-CN' }) });
    await receiveAndEstimate(web.stack, visitId);
    const advisor = visitor({ sl_session: await staffToken('advisor', 'adv-lena'), sl_lang: 'en' });
    const page = await advisor.get(`/app/visits/${visitId}`);
    expect(langOf(page.body)).toBe('en');
    expect(page.body).toContain('The customer reads 中文（简体）');
    const theirs = `/app/visits/${visitId}/documents/estimate?lang=zh-CN`;
    expect(page.body).toContain(`href="${theirs}"`);
    expect(langOf((await advisor.get(theirs)).body)).toBe('zh-CN');
    // An advisor who reads the customer's language gets no second set; one who does not, the customer's.
    const chinese = visitor({ sl_session: await staffToken('advisor', 'adv-lena'), sl_lang: 'zh-CN' });
    expect((await chinese.get(`/app/visits/${visitId}`)).body).not.toContain('?lang=zh-CN');
    const english = await walkIn(web.stack, { body: withContact({ language: 'en' }) });
    await receiveAndEstimate(web.stack, english);
    expect((await chinese.get(`/app/visits/${english}`)).body).toContain(`/app/visits/${english}/documents/inspection?lang=en`);
  });

  it("is in the address's language with its PDF, and leaves the advisor's screens in theirs", async () => {
    const visitId = await walkIn(web.stack);
    await receiveAndEstimate(web.stack, visitId);
    const advisor = visitor({ sl_session: await staffToken('advisor', 'adv-lena'), sl_lang: 'en' });
    const paper = await advisor.get(`/app/visits/${visitId}/documents/estimate?lang=zh-CN`);
    expect(paper.status).toBe(200);
    expect(langOf(paper.body)).toBe('zh-CN');
    expect(paper.body).toContain(`/app/visits/${visitId}/documents/estimate.pdf?lang=zh-CN`);
    expect(paper.setCookies).toEqual([]);
    expect(langOf((await advisor.get(`/app/visits/${visitId}`)).body)).toBe('en');
  });
});

describe("the customer's pages opened in Chinese", () => {
  it('the approval page tells a decision sent without a line in Chinese, also where the address lost the language', async () => {
    const visitId = await walkIn(web.stack);
    await receiveAndEstimate(web.stack, visitId);
    let link = '';
    await expect
      .poll(
        async () => {
          const sent = (await outboxOf(web.stack, visitId)).find((m) => m.template === 'estimate_ready');
          link = String((sent?.payload as { approvalUrl?: unknown } | undefined)?.approvalUrl ?? '');
          return link;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toContain('token=');
    // The customer's file names no language: the link does not either, the address adds it.
    const token = new URL(link).searchParams.get('token') ?? '';
    const browser = visitor();
    const page = await browser.get(`/app/approval?token=${encodeURIComponent(token)}&lang=zh-CN`);
    expect(langOf(page.body)).toBe('zh-CN');
    const refused = await browser.post(actionOf(page.body, 'data-approval'), { 'signature.signedBy': 'Wang Fang' });
    expect(refused.status).toBe(400);
    expect(langOf(refused.body)).toBe('zh-CN');
    expect(refused.body).toContain(tIn('zh-CN', 'error.chooseLine'));
    // A phone that drops the address's query on the way (an app's own browser) still answers in Chinese.
    const bare = await browser.post(`/app/approval?token=${encodeURIComponent(token)}`, {});
    expect(langOf(bare.body)).toBe('zh-CN');
    expect(bare.body).toContain(tIn('zh-CN', 'error.chooseLine'));
  });

  it('the survey tells unanswered questions in Chinese', { timeout: 240_000 }, async () => {
    const { token } = await pickedUp(web.stack);
    const browser = visitor();
    const page = await browser.get(`/app/survey?token=${encodeURIComponent(token)}&lang=zh-CN`);
    expect(langOf(page.body)).toBe('zh-CN');
    const refused = await browser.post(actionOf(page.body, 'data-survey'), { comment: 'ok' });
    expect(refused.status).toBe(400);
    expect(langOf(refused.body)).toBe('zh-CN');
    expect(refused.body).toContain(tIn('zh-CN', 'survey.fixBelow'));
    const bare = await browser.post(`/app/survey?token=${encodeURIComponent(token)}`, { comment: 'ok' });
    expect(bare.body).toContain(tIn('zh-CN', 'survey.fixBelow'));
  });

  it('the booking page tells a booking without a car in Chinese', async () => {
    const browser = visitor();
    const page = await browser.get('/app/booking?lang=zh-CN');
    expect(langOf(page.body)).toBe('zh-CN');
    // The booking form (shown once a service is ticked) posts to the address in the page's language.
    const refused = await browser.post('/app/booking?lang=zh-CN', { 'customer.name': 'Wang Fang' });
    expect(refused.status).toBe(400);
    expect(langOf(refused.body)).toBe('zh-CN');
    const bare = await browser.post('/app/booking', { 'customer.name': 'Wang Fang' });
    expect(bare.status).toBe(400);
    expect(langOf(bare.body)).toBe('zh-CN');
  });
});

describe("the header's language switch on a page whose address names a language", () => {
  it('brings the page back in the language chosen, and keeps it', async () => {
    const browser = visitor({ sl_session: await staffToken('advisor', 'adv-lena') });
    expect(langOf((await browser.get('/app/board?lang=zh-CN')).body)).toBe('zh-CN');
    const switched = await browser.post('/app/language', { language: 'en', next: '/app/visits?q=B-1&lang=zh-CN' });
    // Back to the page it was used on, with the rest of its address.
    expect([switched.status, switched.location]).toEqual([303, '/app/visits?q=B-1']);
    expect(langOf((await browser.get(switched.location ?? '')).body)).toBe('en');
    expect(browser.jar.sl_lang).toBe('en');
    expect(langOf((await browser.get('/app/board')).body)).toBe('en');
  });
});

describe("a customer's link opened by staff", () => {
  it("shows the customer's language and leaves the staff member's screens in theirs", async () => {
    const advisor = visitor({ sl_session: await staffToken('advisor', 'adv-lena'), sl_lang: 'en' });
    // The advisor opens the booking link the customer got, to see what they see.
    const customerPage = await advisor.get('/app/booking?lang=zh-CN');
    expect(langOf(customerPage.body)).toBe('zh-CN');
    expect(advisor.jar.sl_lang).toBe('en');
    expect(langOf((await advisor.get('/app/complaints/new')).body)).toBe('en');
    // A staff member who chose Chinese keeps it past an English link too.
    const chinese = visitor({ sl_session: await staffToken('advisor', 'adv-lena'), sl_lang: 'zh-CN' });
    expect(langOf((await chinese.get('/app/booking?lang=en')).body)).toBe('en');
    expect(langOf((await chinese.get('/app/complaints/new')).body)).toBe('zh-CN');
    // The customer's pages keep the link's language, in the same browser, for the form sent without it.
    const bare = await advisor.post('/app/booking', { 'customer.name': 'Wang Fang' });
    expect(langOf(bare.body)).toBe('zh-CN');
    // The link on the customer's page to the service points (and the price list) is theirs too.
    expect(langOf((await advisor.get('/app/contacts?lang=zh-CN')).body)).toBe('zh-CN');
    expect(langOf((await advisor.get('/app/prices?lang=zh-CN')).body)).toBe('zh-CN');
    expect(advisor.jar.sl_lang).toBe('en');
    expect(langOf((await advisor.get('/app/complaints/new')).body)).toBe('en');
  });

  it("the switch on the customer's booking page changes the customer's pages, not the staff member's", async () => {
    const customer = visitor();
    expect(langOf((await customer.get('/app/booking?lang=zh-CN')).body)).toBe('zh-CN');
    const switched = await customer.post('/app/language', { language: 'en', next: '/app/booking?lang=zh-CN' });
    expect([switched.status, switched.location]).toEqual([303, '/app/booking']);
    expect(langOf((await customer.get('/app/booking')).body)).toBe('en');
    expect(langOf((await customer.get('/app/contacts')).body)).toBe('en');
    // A staff member signed in on the same browser keeps Chinese on their screens and on their record.
    const kept = await web.app.request('/me/language', {
      method: 'PUT',
      headers: { ...(await bearer('advisor', 'adv-kai')), 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'zh-CN' }),
    });
    expect(kept.status).toBe(200);
    const advisor = visitor({ sl_session: await staffToken('advisor', 'adv-kai'), sl_lang: 'zh-CN' });
    await advisor.post('/app/language', { language: 'en', next: '/app/prices' });
    expect(langOf((await advisor.get('/app/prices')).body)).toBe('en');
    expect(advisor.jar.sl_lang).toBe('zh-CN');
    expect(langOf((await advisor.get('/app/complaints/new')).body)).toBe('zh-CN');
    const saved = await web.app.request('/me/language', { headers: await bearer('advisor', 'adv-kai') });
    expect(await saved.json()).toEqual({ language: 'zh-CN' });
  });
});

describe('in Chromium', () => {
  it("an advisor opens a customer's Chinese link and its service points, and their screens stay English", async () => {
    const context = await staffContext(web.browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page, web.server.url, 'adv-lena');
    await page.goto(`${web.server.url}/app/booking?lang=zh-CN`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await Promise.all([page.waitForURL(/\/app\/contacts/), page.click('[data-contacts-link]')]);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.goto(`${web.server.url}/app/board`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('.mainnav').textContent()).resolves.toContain('Call list');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the Print card on an advisor's phone names the customer's language on one line beside each paper", async () => {
    const visitId = await walkIn(web.stack, { body: withContact({ language: 'zh-CN' }) });
    await receiveAndEstimate(web.stack, visitId);
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    await signIn(page, web.server.url, 'adv-lena');
    await page.goto(`${web.server.url}/app/visits/${visitId}`);
    const links = page.locator('#print a[hreflang="zh-CN"]');
    await expect(links.count()).resolves.toBe(3);
    // A string, so the browser's globals need no DOM types here.
    const lineHeight = Number.parseFloat(
      (await page.evaluate(`getComputedStyle(document.querySelector('#print a[hreflang="zh-CN"]')).lineHeight`)) as string,
    );
    // It broke inside the name ("中" / "文（简体）") at the end of the line.
    for (const box of await Promise.all((await links.all()).map((l) => l.boundingBox())))
      expect(box?.height ?? 0).toBeLessThan(lineHeight * 1.5);
    await context.close();
  });

  it('the sign-in page opened with ?lang=zh-CN answers a refused token in Chinese, and stays Chinese', async () => {
    const context = await web.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(`${web.server.url}/app/login?lang=zh-CN`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    const form = page.locator('form[action="/app/login"]').filter({ has: page.locator('[name="token"]') });
    await form.locator('[name="token"]').fill('not a token');
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type="submit"]').click()]);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.locator('body').textContent()).resolves.toContain(tIn('zh-CN', 'login.notAToken'));
    expect(await rawIn(page)).toEqual([]);
    // The next page opened without the address's language is still in Chinese.
    await page.goto(`${web.server.url}/app/login`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    expect(errors).toEqual([]);
    await context.close();
  });
});
