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
      row.querySelector('input[name$=".description"]')?.focus();
    });
  }

  // The customer's running total of what they approved.
  function approvalTotal(form) {
    const out = form.querySelector('[data-approved-total]');
    if (!out) return;
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency: out.dataset.currency || 'EUR' });
    const update = () => {
      let cents = 0;
      for (const r of $$('input[type=radio][value=approve]:checked', form)) cents += Number(r.dataset.price || 0);
      out.textContent = money.format(cents / 100);
    };
    form.addEventListener('change', update);
    update();
  }

  // The workshop board refreshes itself (web/live-board.ts): the server names the board's current version every
  // few seconds; when it is not the one shown, the board is fetched again and swapped in place — but never under
  // someone typing into one of its forms (the next event tries again).
  function liveBoard(root) {
    if (!window.EventSource || !window.DOMParser) return;
    let loading = false;
    const busy = () => {
      const a = document.activeElement;
      return (a && root.contains(a) && /^(INPUT|SELECT|TEXTAREA)$/.test(a.tagName)) || root.querySelector('details[open] form');
    };
    const refresh = async (version) => {
      if (loading || version === root.dataset.liveBoard || busy()) return;
      loading = true;
      try {
        const res = await fetch(root.dataset.livePage, { credentials: 'same-origin', headers: { accept: 'text/html' } });
        if (!res.ok || res.redirected) return;
        const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('[data-live-board]');
        if (!fresh || busy()) return;
        root.innerHTML = fresh.innerHTML;
        root.dataset.liveBoard = fresh.dataset.liveBoard;
      } catch {
        // Offline for a moment: the next event tries again.
      } finally {
        loading = false;
      }
    };
    const connect = () => {
      const events = new EventSource(root.dataset.liveEvents);
      events.addEventListener('board', (e) => refresh(e.data));
      // A refused stream (too many boards, signed out) is closed for good by the browser: try again in a while.
      events.addEventListener('error', () => {
        if (events.readyState === EventSource.CLOSED) setTimeout(connect, 30_000);
      });
    };
    connect();
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const c of $$('canvas[data-signature]')) pad(c);
    for (const b of $$('[data-add-line]')) linesEditor(b);
    for (const f of $$('form[data-approval]')) approvalTotal(f);
    for (const b of $$('[data-live-board][data-live-events]')) liveBoard(b);

    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const i of $$('input[data-tz]')) i.value = tz || '';

    for (const t of $$('time[data-local]')) {
      const d = new Date(t.getAttribute('datetime'));
      if (!Number.isNaN(d.getTime()))
        t.textContent = d.toLocaleString(locale, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
        });
    }

    for (const b of $$('[data-copy]')) {
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

    for (const i of $$('input[data-autosubmit], select[data-autosubmit]')) i.addEventListener('change', () => i.form?.submit());

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
    for (const i of $$('input[data-here]')) i.value = location.pathname + location.search;

    // After a refused form, focus goes to the first field in error (else to the banner saying why).
    const firstError = document.querySelector('[aria-invalid="true"]') || document.querySelector('.alert-error');
    if (firstError) {
      if (!/^(INPUT|SELECT|TEXTAREA)$/.test(firstError.tagName)) firstError.setAttribute('tabindex', '-1');
      firstError.focus();
    }

    // One submission per click: the button is disabled once the browser has taken the form.
    document.addEventListener('submit', (e) => {
      const form = e.target;
      if (form.method !== 'post') return;
      setTimeout(() => {
        for (const b of $$('button[type=submit]', form)) b.disabled = true;
      }, 0);
    });
  });
})();
