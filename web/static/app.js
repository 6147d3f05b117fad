// One file on purpose: every staff page loads it (deferred, cached by its hash); parts would cost each page more requests.
// servicelane: progressive enhancement only. Every screen works without this file except drawing a signature.
(() => {
  const $$ = (sel, root) => Array.prototype.slice.call((root || document).querySelectorAll(sel));
  // The page's language (web/i18n) is the locale numbers and dates are written in; British English for English.
  const lang = document.documentElement.lang || 'en';
  const locale = lang === 'en' ? 'en-GB' : lang;

  // Signature pads: draw with mouse, pen or finger; the PNG data URL goes into the hidden input the pad names.
  function pad(canvas) {
    const input = canvas.closest('form')?.querySelector(`input[type=hidden][name="${canvas.dataset.signature}"]`);
    if (!input) return;
    const ctx = canvas.getContext('2d');
    let drawing = false;
    let last = null;
    let sized = false;
    const size = () => {
      if (sized) return;
      const r = canvas.getBoundingClientRect();
      if (!r.width) return;
      const dpr = Math.min(window.devicePixelRatio || 1, 2);
      canvas.width = Math.round(r.width * dpr);
      canvas.height = Math.round(r.height * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.lineWidth = 2.2;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#1c2a4a';
      sized = true;
      if (input.value) {
        const img = new Image();
        img.onload = () => ctx.drawImage(img, 0, 0, r.width, r.height);
        img.src = input.value;
      }
    };
    const point = (e) => {
      const r = canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    canvas.addEventListener('pointerdown', (e) => {
      size();
      drawing = true;
      last = point(e);
      canvas.setPointerCapture?.(e.pointerId);
      ctx.beginPath();
      ctx.arc(last.x, last.y, 1, 0, Math.PI * 2);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fill();
      e.preventDefault();
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!drawing) return;
      const p = point(e);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
      e.preventDefault();
    });
    const end = () => {
      if (!drawing) return;
      drawing = false;
      input.value = canvas.toDataURL('image/png');
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointerleave', end);
    canvas.addEventListener('pointercancel', end);
    const clear = canvas.parentElement?.querySelector('[data-clear]');
    clear?.addEventListener('click', () => {
      size();
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      input.value = '';
    });
    requestAnimationFrame(size);
    canvas.closest('details')?.addEventListener('toggle', size);
  }

  // Estimate lines: more rows on demand.
  function linesEditor(button) {
    const editor = button.closest('.lines-editor');
    const body = editor?.querySelector('[data-lines]');
    const template = editor?.querySelector('template[data-line-template]');
    if (!body || !template) return;
    button.addEventListener('click', () => {
      const i = body.querySelectorAll('[data-line-row]').length;
      const row = template.content.firstElementChild.cloneNode(true);
      for (const el of $$('[name]', row)) el.name = el.name.replace('__i__', String(i));
      body.appendChild(row);
      for (const pick of $$('select[data-catalogue-pick]', row)) cataloguePick(pick);
      row.querySelector('input[name$=".description"]')?.focus();
    });
  }

  // A line picked from the price list (web/actions/catalogue-pick.tsx) takes its wording and price from it, so its
  // typed fields are hidden (a part keeps its quantity); the server reads the pick, never those fields.
  function cataloguePick(select) {
    const row = select.closest('[data-line-row]');
    if (!row) return;
    const update = () => {
      const kind = select.value.split(':')[0];
      if (kind) row.dataset.fromCatalogue = kind;
      else delete row.dataset.fromCatalogue;
    };
    select.addEventListener('change', update);
    update();
  }

  // Net, tax and total of priced lines, by the price rule itself (domain/money-rules.ts, served as money-rules.js);
  // null when the rule is not loaded or refuses the numbers (the form's own check then names the field).
  function taxed(lines, taxRateBasisPoints) {
    const rules = window.servicelaneMoney;
    if (!rules) return null;
    try {
      return rules.invoiceTotals(lines, { taxRateBasisPoints });
    } catch {
      return null;
    }
  }
  const moneyIn = (currency) => new Intl.NumberFormat(locale, { style: 'currency', currency: currency || 'EUR' });

  // The customer's running total of what they approved, with the visit's tax. Each approved line is priced at its
  // own total, so the subtotal is their sum and the tax is taxed once on it, as on the invoice.
  function approvalTotal(form) {
    const out = form.querySelector('[data-approved-total]');
    if (!out) return;
    const money = moneyIn(out.dataset.currency);
    const update = () => {
      // Lines approved on an earlier visit of the link count too (data-decided-price), then the ones ticked now.
      const prices = [
        ...$$('[data-decided-price]', form).map((e) => e.dataset.decidedPrice),
        ...$$('input[type=radio][value=approve]:checked', form).map((r) => r.dataset.price),
      ];
      const lines = prices.map((price) => ({ kind: 'part', quantity: 1, unitPriceCents: Number(price || 0) }));
      const totals = taxed(lines, Number(out.dataset.taxRate || 0));
      if (totals) out.textContent = money.format(totals.totalCents / 100);
    };
    form.addEventListener('change', update);
    update();
  }

  // The estimate editor's running total: net, tax and total of the lines as typed, in the shop's currency. Rows
  // left blank, recall lines (never charged) and declined work not offered again are left out; a row whose
  // quantity or price is not a number yet counts for nothing until it is.
  function runningTotal(box) {
    const form = box.closest('form');
    if (!form) return;
    const money = moneyIn(box.dataset.currency);
    const amount = (input) => {
      const n = Number((input?.value || '').trim().replace(',', '.'));
      return input && input.value.trim() !== '' && Number.isFinite(n) ? n : null;
    };
    const update = () => {
      const lines = [];
      for (const row of $$('[data-line-row]', form)) {
        if (row.querySelector('input[name$=".campaign"]')?.checked) continue;
        const include = row.querySelector('input[name$=".include"]');
        if (include && !include.checked) continue;
        // A pick counts at the price list's price: a part per unit, a package or an operation as a whole.
        const picked = row.querySelector('select[data-catalogue-pick]')?.selectedOptions[0];
        if (picked?.value) {
          const units = picked.dataset.unit ? (amount(row.querySelector('input[name$=".quantity"]')) ?? 1) : 1;
          const cents = Number(picked.dataset.unit || picked.dataset.total || 0);
          if (units > 0) lines.push({ kind: 'part', quantity: units, unitPriceCents: cents });
          continue;
        }
        const quantity = amount(row.querySelector('input[name$=".quantity"]'));
        const price = amount(row.querySelector('input[name$=".unitPriceCents"]'));
        if (quantity === null || price === null || quantity <= 0 || price < 0) continue;
        const kind = row.querySelector('select[name$=".kind"]')?.value === 'part' ? 'part' : 'labour';
        lines.push({ kind, quantity, unitPriceCents: Math.round(price * 100) });
      }
      const totals = taxed(lines, Number(box.dataset.taxRate || 0));
      const show = (sel, cents) => {
        const el = box.querySelector(sel);
        if (el) el.textContent = totals ? money.format(cents / 100) : '—';
      };
      show('[data-net]', totals?.subtotalCents);
      show('[data-tax]', totals?.taxCents);
      show('[data-total]', totals?.totalCents);
      box.hidden = false;
    };
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    // A row added by "Add a line" is counted from its first keystroke (the events bubble to the form).
    update();
  }

  // Live screens (web/live/): every staff page holds one event stream. `version` says what the page shows has
  // changed: the page fetches itself and swaps its content in place — unless the person is filling in one of its
  // forms, who is told instead and reloads when ready. `count` is the header's calls due, `notice` a line about
  // something that now waits for them.
  function live(body) {
    const main = document.querySelector('main[data-live-version]');
    const stale = document.querySelector('[data-live-stale]');
    const list = document.querySelector('[data-live-notices]');
    const template = document.querySelector('template[data-live-notice]');
    const counter = document.querySelector('[data-live-count]');
    let loading = false;
    let pending = null;
    // A form someone typed into, or an action they opened to fill in, is theirs until they send it or reload.
    let dirty = false;
    if (main) {
      const mine = () => {
        dirty = true;
      };
      main.addEventListener('input', mine);
      main.addEventListener('change', mine);
      main.addEventListener('click', (e) => {
        if (e.target.closest('summary')) mine();
      });
      // A signature being drawn changes no field until the stroke ends.
      main.addEventListener('pointerdown', (e) => {
        if (e.target.closest('canvas[data-signature]')) mine();
      });
    }
    const busy = () => {
      const a = document.activeElement;
      return dirty || (a && main.contains(a) && /^(INPUT|SELECT|TEXTAREA)$/.test(a.tagName));
    };
    const refresh = async (version) => {
      if (!main || version === main.dataset.liveVersion) return;
      if (loading) {
        pending = version;
        return;
      }
      if (busy()) {
        if (stale) stale.hidden = false;
        return;
      }
      loading = true;
      try {
        const res = await fetch(location.pathname + location.search, {
          credentials: 'same-origin',
          headers: { accept: 'text/html' },
        });
        if (!res.ok || res.redirected) return;
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        const fresh = doc.querySelector('main[data-live-version]');
        if (!fresh) return;
        if (busy()) {
          if (stale) stale.hidden = false;
          return;
        }
        main.innerHTML = fresh.innerHTML;
        main.dataset.liveVersion = fresh.dataset.liveVersion;
        if (doc.title) document.title = doc.title;
        enhance(main);
      } catch {
        // Offline for a moment: the next change tries again.
      } finally {
        loading = false;
        if (pending !== null) {
          const next = pending;
          pending = null;
          refresh(next);
        }
      }
    };
    const notice = (n) => {
      if (!list || !template || document.querySelector(`[data-notice-id="${CSS.escape(n.id)}"]`)) return;
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.noticeId = n.id;
      const link = item.querySelector('[data-notice-text]');
      link.textContent = n.text;
      link.href = n.href;
      item.querySelector('[data-dismiss]').addEventListener('click', () => item.remove());
      list.appendChild(item);
    };
    const connect = () => {
      const events = new EventSource(body.dataset.liveEvents);
      events.addEventListener('version', (e) => refresh(e.data));
      events.addEventListener('count', (e) => {
        if (!counter) return;
        const c = JSON.parse(e.data);
        counter.textContent = c.text;
        counter.hidden = !c.n;
      });
      events.addEventListener('notice', (e) => notice(JSON.parse(e.data)));
      // A refused stream (too many pages, signed out) is closed for good by the browser: try again in a while.
      events.addEventListener('error', () => {
        if (events.readyState === EventSource.CLOSED) setTimeout(connect, 30_000);
      });
    };
    stale?.querySelector('[data-live-reload]')?.addEventListener('click', () => location.reload());
    connect();
  }

  // A form sent after its session ended is not recorded (the sign-in page says so). What was typed into it is kept
  // in this tab only (sessionStorage: never in an address, so never in a server's log) and put back into the same
  // form (its post address names the visit, the task…) once the same person has signed in again, for them to check
  // and send again: nothing is sent for them. Someone else signing in at the same desk drops it unread, as does
  // signing out, any other page, or half an hour. Only typed fields are kept (no hidden value, signature, password
  // or file), each within DRAFT_FIELD characters and all within DRAFT_TOTAL: a longer value is left out, not cut.
  const DRAFT_KEY = 'sl-unsent-form';
  const DRAFT_FIELD = 20000;
  const DRAFT_TOTAL = 100000;
  const DRAFT_MS = 30 * 60 * 1000;
  const NOT_TYPED = /^(hidden|password|file|submit|button|reset|image)$/;
  const draftable = (el) =>
    el.name &&
    !el.disabled &&
    (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el.tagName === 'INPUT' && !NOT_TYPED.test(el.type)));
  const ticked = (el) => el.type === 'checkbox' || el.type === 'radio';

  function forgetDraft() {
    try {
      sessionStorage.removeItem(DRAFT_KEY);
    } catch {}
  }

  function keepDraft(form) {
    const owner = document.body.dataset.draftOwner;
    const action = form.getAttribute('action');
    if (!owner || !action || action === '/app/logout' || action === '/app/language') return;
    const fields = [];
    const seen = new Map();
    let total = 0;
    for (const el of form.elements) {
      if (!draftable(el)) continue;
      if (ticked(el)) {
        fields.push({ n: el.name, v: el.value, c: el.checked });
        continue;
      }
      const i = (seen.get(el.name) ?? -1) + 1;
      seen.set(el.name, i);
      if (el.value.length > DRAFT_FIELD || total + el.value.length > DRAFT_TOTAL) continue;
      total += el.value.length;
      fields.push({ n: el.name, i, v: el.value });
    }
    const draft = { owner, form: action, page: location.pathname + location.search, at: Date.now(), fields };
    try {
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    } catch {
      forgetDraft();
    }
  }

  function draftBack() {
    let draft = null;
    try {
      draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY) || 'null');
    } catch {}
    if (!draft || typeof draft !== 'object') return forgetDraft();
    if (location.pathname === '/app/login') {
      // Told "not recorded": the draft waits for the sign-in, which leads back to the page the form was on.
      if (new URLSearchParams(location.search).get('expired') !== 'unsent') return;
      draft.lapsed = true;
      try {
        sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
      } catch {}
      if (typeof draft.page === 'string' && /^\/app\//.test(draft.page))
        for (const i of $$('input[name=next]')) i.value = draft.page;
      return;
    }
    const owner = document.body.dataset.draftOwner;
    if (!owner) return;
    // Any staff page takes the draft out: after a send that went through, or a refused one drawn with its values.
    forgetDraft();
    if (draft.lapsed !== true || draft.owner !== owner || !(Date.now() - draft.at < DRAFT_MS)) return;
    if (!Array.isArray(draft.fields)) return;
    const form = $$('form[method=post]').find((f) => f.getAttribute('action') === draft.form);
    if (!form) return;
    const typed = draft.fields.filter((f) => f && typeof f.n === 'string' && typeof f.v === 'string');
    const seen = new Map();
    let restored = 0;
    for (const el of form.elements) {
      if (!draftable(el)) continue;
      let back;
      if (ticked(el)) {
        back = typed.find((f) => f.n === el.name && f.v === el.value && typeof f.c === 'boolean');
        if (back) el.checked = back.c;
      } else {
        const i = (seen.get(el.name) ?? -1) + 1;
        seen.set(el.name, i);
        back = typed.find((f) => f.n === el.name && f.i === i && f.v.length <= DRAFT_FIELD);
        if (back) el.value = back.v;
      }
      if (!back) continue;
      if (back.c === true || (!ticked(el) && back.v !== '')) restored++;
      // What listens to the field (running totals, a price-list pick) sees the value; never an automatic send.
      el.dispatchEvent(new Event('input', { bubbles: true }));
      if (!el.hasAttribute('data-autosubmit')) el.dispatchEvent(new Event('change', { bubbles: true }));
    }
    if (restored === 0) return;
    const notice = document.querySelector('template[data-draft-restored]')?.content.firstElementChild?.cloneNode(true);
    if (notice) form.prepend(notice);
    // A form folded away (a visit's step in a closed <details>) is opened, so the person sees what came back.
    const fold = form.closest('details');
    if (fold) fold.open = true;
    form.scrollIntoView({ block: 'start' });
  }

  // What a page's markup asks of the script; run again on content swapped in by a live page.
  function enhance(root) {
    for (const c of $$('canvas[data-signature]', root)) pad(c);
    for (const b of $$('[data-add-line]', root)) linesEditor(b);
    for (const s of $$('select[data-catalogue-pick]', root)) cataloguePick(s);
    for (const f of $$('form[data-approval]', root)) approvalTotal(f);
    for (const b of $$('[data-running-total]', root)) runningTotal(b);

    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const i of $$('input[data-tz]', root)) i.value = tz || '';

    for (const b of $$('[data-copy]', root)) {
      b.addEventListener('click', () => {
        const input = document.getElementById(b.dataset.copy);
        if (!input) return;
        input.select();
        (navigator.clipboard ? navigator.clipboard.writeText(input.value) : Promise.reject()).catch(() =>
          document.execCommand('copy'),
        );
        b.textContent = b.dataset.copied || b.textContent;
      });
    }

    for (const i of $$('input[data-autosubmit], select[data-autosubmit]', root))
      i.addEventListener('change', () => i.form?.submit());

    // A refused form drawn from its post: the address bar shows the screen's own address (web/screen-address.ts),
    // so a reload or a bookmark opens the screen, not the post.
    const screen = document.body.dataset.screen;
    if (screen && screen !== location.pathname) history.replaceState(null, '', screen);

    // A card whose content is wider than the screen scrolls sideways (app.css): it takes the focus, so the arrow
    // keys scroll it too. Checked again whenever the window changes size.
    const cards = $$('.card-body');
    const reachable = () => {
      for (const c of cards) {
        if (c.scrollWidth > c.clientWidth + 1) c.setAttribute('tabindex', '0');
        else if (c.getAttribute('tabindex') === '0') c.removeAttribute('tabindex');
      }
    };
    if (cards.length && window.ResizeObserver) new ResizeObserver(reachable).observe(document.documentElement);

    // The language switch brings the person back to the page they were on.
    for (const i of $$('input[data-here]', root)) i.value = location.pathname + location.search;
  }

  document.addEventListener('DOMContentLoaded', () => {
    enhance(document);

    // On a phone the screens' links slide sideways within the header (app.css): the current one is brought into view.
    const nav = document.querySelector('.mainnav');
    const here = nav?.querySelector('a.active');
    if (nav && here && nav.scrollWidth > nav.clientWidth + 1)
      nav.scrollLeft = here.offsetLeft - nav.offsetLeft - (nav.clientWidth - here.offsetWidth) / 2;
    if (window.EventSource && window.DOMParser && document.body.dataset.liveEvents) live(document.body);

    // After a refused form, focus goes to the first field in error (else to the banner saying why).
    const firstError = document.querySelector('[aria-invalid="true"]') || document.querySelector('.alert-error');
    if (firstError) {
      if (!/^(INPUT|SELECT|TEXTAREA)$/.test(firstError.tagName)) firstError.setAttribute('tabindex', '-1');
      firstError.focus();
    }

    draftBack();

    // One submission per click: the button is disabled once the browser has taken the form.
    document.addEventListener('submit', (e) => {
      const form = e.target;
      if (form.method !== 'post') return;
      if (form.getAttribute('action') === '/app/logout') forgetDraft();
      else if (!e.defaultPrevented) keepDraft(form);
      setTimeout(() => {
        for (const b of $$('button[type=submit]', form)) b.disabled = true;
      }, 0);
    });
  });
})();
