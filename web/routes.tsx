import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { CustomerApproval } from '../api/approval-view.js';
import type { ApiEnv } from '../api/deps.js';
import type { HistoryEntry } from '../api/history/timeline.js';
import type { AppointmentBoard } from '../api/queries/appointments.js';
import type { ApprovalLinkStatus } from '../api/queries/approval-links.js';
import type { CustomerFile } from '../api/queries/customer-file.js';
import type { CustomerMatch } from '../api/queries/customer-lookup.js';
import type { Task, TaskList } from '../api/queries/tasks.js';
import type { VisitList } from '../api/queries/visit-list.js';
import type { Workshop } from '../api/queries/workshop.js';
import { readVisitPapers } from '../db/visit-papers.js';
import { ActionName } from '../domain/actions.js';
import { DocumentKind, documentReady } from '../domain/documents.js';
import { Language } from '../domain/language.js';
import { localDate } from '../domain/local-time.js';
import { FRONT_DESK_ROLES, holdsRole, TIMELINE_READERS } from '../domain/roles.js';
import type { StaffMember } from '../domain/staff.js';
import { Stage } from '../domain/stages.js';
import type { VisitState } from '../domain/visit-state.js';
import { z } from '../domain/zod.js';
import { ACTION_UI, actionTitle, type Technician } from './actions.js';
import { type ApiApp, type ApiCaller, apiCaller, must, PageError, SignInAgain, staffDirectory } from './api-client.js';
import { serveAsset } from './assets.js';
import { demoTimers } from './demo-timers.js';
import { fromLocalInput } from './format.js';
import { compact, type FailedForm, type FormValues, failedForm, lines, num, readForm, text } from './forms.js';
import { hasKey, inLanguage, language, t } from './i18n/index.js';
import { BarePage, homeOf } from './layout.js';
import { liveBoardEvents } from './live-board.js';
import { ApprovalDonePage, ApprovalMessagePage, ApprovalPage } from './pages/approval.js';
import { BoardPage } from './pages/board.js';
import { CallsPage } from './pages/calls.js';
import {
  complaintFlash,
  complaintPage,
  complaintStepBody,
  complaintsListPage,
  newComplaintBody,
  newComplaintPage,
} from './pages/complaints.js';
import { CustomerPage, customerChangeOf, vehicleChangeOf } from './pages/customer.js';
import { DOCUMENTS } from './pages/documents/index.js';
import { kpiDashboardPage } from './pages/kpis.js';
import { LoginPage } from './pages/login.js';
import { StaffPage } from './pages/staff.js';
import { mayEditTechnicians, type TechnicianRow, TechniciansPage, technicianBody } from './pages/technicians.js';
import { TimelinePage } from './pages/timeline.js';
import { VisitPage, type VisitRecord } from './pages/visit.js';
import { VisitsPage } from './pages/visits.js';
import { assignRefusal, planForecast, WorkshopPage } from './pages/workshop.js';
import { PdfUnavailable, renderPdf } from './pdf.js';
import { plainFieldError, plainFieldErrors, plainRefusal } from './plain-errors.js';
import { screenOfPost } from './screen-address.js';
import {
  claimsOf,
  clearSession,
  languageFor,
  readSession,
  type Session,
  timeZoneOf,
  writeLanguage,
  writeSession,
} from './session.js';

type C = Context<ApiEnv>;

/** Screens are small enough to ship whole; no script or style from anywhere else. */
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "script-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;
const FORM_BODY = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

async function html(c: C, page: JSX.Element, status: PageStatus = 200) {
  return c.html(`<!doctype html>${await page}`, status);
}

/** A path parameter of the route (the handlers are written for any context, so it is read by name). */
const param = (c: C, name: string) => {
  const value = c.req.param(name);
  if (!value) throw new PageError(404, `Missing ${name}`);
  return value;
};

/** The API's status for the page that shows its refusal; anything unexpected is a 500. */
const statusOf = (n: number): PageStatus =>
  [400, 401, 403, 404, 409, 410, 413, 415, 422, 429, 503].includes(n) ? (n as PageStatus) : 500;

const flashOf = (c: C) => {
  const done = c.req.query('done');
  if (!done) return undefined;
  const action = ActionName.safeParse(done);
  if (action.success) return t('flash.action', { action: actionTitle(action.data) });
  const key = `flash.${done}`;
  return hasKey(key) ? t(key) : undefined;
};

/** Only a path inside the UI may be a redirect target. */
const safeNext = (next: string | undefined) =>
  next && /^\/app(\/[\w\-./?=&%:]*)?$/.test(next) && !next.startsWith('//') ? next : undefined;

const temporalUrlOf = (c: C, visitId: string) => {
  const base = c.var.deps.temporalUiUrl;
  if (!base) return undefined;
  const namespace = c.var.deps.temporal.options.namespace ?? 'default';
  return `${base.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(visitId)}`;
};

interface Staff {
  session: Session;
  api: ApiCaller;
}

type VisitView = { visitId: string; record: VisitRecord; state: VisitState };

/**
 * The web UI, mounted at /app. `api` is the API app itself: every screen reads and acts through its routes,
 * with the staff member's bearer token (or the customer's signed link).
 */
export function webRoutes(api: ApiApp) {
  const web = new Hono<ApiEnv>();

  web.use(async (c, next) => {
    await next();
    c.header('content-security-policy', CSP);
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('cache-control', 'no-store');
    const screen = c.req.method === 'POST' ? screenOfPost(c.req.path) : undefined;
    if (screen && c.res.headers.get('content-type')?.startsWith('text/html')) {
      // A refused form drawn again: the page names its screen's address for the address bar (app.js).
      const page = await c.res.text();
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      c.res = new Response(page.replace('<body', `<body data-screen="${screen}"`), { status: c.res.status, headers });
    }
  });
  // hono's csrf() checks the origin of form bodies only; a screen takes nothing else, so anything else is refused
  // before a handler reads it and the origin check covers every request that changes something.
  web.use(async (c, next) => {
    if (!SAFE_METHOD.test(c.req.method) && !FORM_BODY.test(c.req.header('content-type') ?? ''))
      throw new HTTPException(415, { message: 'The screens take form submissions only.' });
    await next();
  });
  web.use(csrf());
  // One request, one language: every label and format of the page follows it (web/i18n).
  web.use((c, next) => inLanguage(languageFor(c), next, c.var.settings.currency));

  web.onError(async (err, c) => {
    if (err instanceof SignInAgain) {
      clearSession(c);
      return c.redirect(`/app/login?expired=1&next=${encodeURIComponent(c.req.path)}`, 303);
    }
    const status = err instanceof PageError ? err.status : err instanceof HTTPException ? err.status : 500;
    if (status >= 500 && !(err instanceof PageError)) c.var.logger?.error({ err }, 'screen failed');
    const message = err instanceof PageError || err instanceof HTTPException ? err.message : t('errorPage.retry');
    return html(
      c,
      <BarePage title={t('errorPage.title')}>
        <main class="login">
          <section class="card">
            <header class="card-head">
              <h2>{t(status === 404 ? 'errorPage.notFound' : status === 403 ? 'errorPage.notAllowed' : 'errorPage.failed')}</h2>
            </header>
            <div class="card-body">
              <p data-error-message>{message}</p>
              <a class="btn" href="/app">
                {t('errorPage.back')}
              </a>
            </div>
          </section>
        </main>
      </BarePage>,
      statusOf(status),
    );
  });

  const staff =
    (handler: (c: C, s: Staff) => Promise<Response>) =>
    async (c: C): Promise<Response> => {
      const session = readSession(c);
      if (!session) {
        const url = new URL(c.req.url);
        return c.redirect(`/app/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      return handler(c, { session, api: apiCaller(api, c, session.token) });
    };

  web.get('/static/:name', (c) => serveAsset(c));

  web.get('/', (c) => {
    const session = readSession(c);
    return c.redirect(session ? homeOf(session.staff.role) : '/app/login', 303);
  });

  // ---- Sign-in: the API's own tokens, kept in an httpOnly cookie ----

  web.get('/login', (c) =>
    html(
      c,
      <LoginPage
        devTokens={c.var.settings.devTokens}
        next={safeNext(c.req.query('next')) ?? ''}
        notice={c.req.query('expired') ? t('errorPage.sessionEnded') : undefined}
      />,
    ),
  );

  web.post('/login', async (c) => {
    const v = await readForm(c);
    const tz = v.tz || timeZoneOf(c);
    const fail = (id: string, message: string, fields: Record<string, string> = {}, status = 400) =>
      html(
        c,
        <LoginPage
          devTokens={c.var.settings.devTokens}
          next={safeNext(v.next) ?? ''}
          failed={{ id, values: v, errors: plainFieldErrors(fields), message, status }}
        />,
        statusOf(status),
      );
    let token: string;
    if (v.mode === 'token') {
      token = (v.token ?? '').trim().replace(/^Bearer\s+/i, '');
      if (!claimsOf(token)) return fail('token', t('login.notAToken'), { token: 'not a staff token' });
      // The API is the judge: one cheap authenticated read.
      try {
        const probe = await apiCaller(api, c, token).get('/tasks', { limit: 1 });
        if (!probe.ok && probe.status === 403) return fail('token', plainRefusal(probe), {}, 403);
      } catch (err) {
        if (err instanceof SignInAgain) return fail('token', err.reason, { token: err.reason }, 401);
        throw err;
      }
    } else {
      const issued = await apiCaller(api, c).post<{ token: string }>('/auth/dev-token', {
        staffId: v.staffId ?? '',
        role: v.role ?? '',
        name: v.name ?? '',
      });
      if (!issued.ok) return fail('dev', plainRefusal(issued), issued.fields, issued.status);
      token = issued.data.token;
    }
    const claims = claimsOf(token);
    if (!claims) return fail(v.mode === 'token' ? 'token' : 'dev', t('login.noClaims'));
    writeSession(c, token, claims.exp * 1000, tz);
    // The language they chose on another device comes with them.
    const chosen = await apiCaller(api, c, token).get<{ language: Language | null }>('/me/language');
    if (chosen.ok && chosen.data.language) writeLanguage(c, chosen.data.language);
    return c.redirect(safeNext(v.next) ?? homeOf(claims.role), 303);
  });

  web.post('/logout', (c) => {
    clearSession(c);
    return c.redirect('/app/login', 303);
  });

  // The header's language switch: kept in the browser at once and on the staff record for their other devices.
  web.post('/language', async (c) => {
    const v = await readForm(c);
    const language = Language.safeParse(v.language);
    if (!language.success) throw new PageError(400, t('error.choice', { label: t('language.choose') }));
    writeLanguage(c, language.data);
    const session = readSession(c);
    if (session) await apiCaller(api, c, session.token).put('/me/language', { language: language.data });
    return c.redirect(safeNext(v.next) ?? (session ? homeOf(session.staff.role) : '/app/login'), 303);
  });

  // ---- The customer's approval page: the signed link is the only credential ----

  // The decision posts back in the language the page was shown in (the link's, from the customer's file).
  const approvalAction = (token: string) => `/app/approval?token=${encodeURIComponent(token)}&lang=${language()}`;

  // The customer reads why in their language; the API's own sentence (with its dates as ISO) is for the log.
  const approvalRefusal = (c: C, status: number) => {
    const { phone } = c.var.settings.shop;
    return html(
      c,
      status === 410 ? (
        <ApprovalMessagePage title={t('approval.closedTitle')} message={t('approval.closed')} phone={phone} />
      ) : status === 429 ? (
        <ApprovalMessagePage title={t('approval.waitTitle')} message={t('approval.wait')} phone={phone} />
      ) : (
        <ApprovalMessagePage title={t('approval.brokenTitle')} message={t('approval.broken')} phone={phone} />
      ),
      statusOf(status),
    );
  };

  web.get('/approval', async (c) => {
    const token = c.req.query('token') ?? '';
    const result = await apiCaller(api, c).get<CustomerApproval>(`/approvals/${encodeURIComponent(token)}`);
    if (!result.ok) return approvalRefusal(c, result.status);
    return html(c, <ApprovalPage approval={result.data} action={approvalAction(token)} />);
  });

  web.post('/approval', async (c) => {
    const token = c.req.query('token') ?? '';
    const v = await readForm(c);
    const client = apiCaller(api, c);
    const ids = Object.keys(v)
      .filter((k) => k.startsWith('decision.') && (v[k] === 'approve' || v[k] === 'decline'))
      .map((k) => k.slice('decision.'.length));
    const sent = await client.post<CustomerApproval>(`/approvals/${encodeURIComponent(token)}`, {
      decisions: ids.map((lineId) => ({ lineId, approved: v[`decision.${lineId}`] === 'approve' })),
      signature: { signedBy: text(v, 'signature.signedBy') ?? '', image: v['signature.image'] ?? '' },
    });
    if (sent.ok) return html(c, <ApprovalDonePage approval={sent.data} />);
    if (![400, 409, 422].includes(sent.status)) return approvalRefusal(c, sent.status);
    const again = await client.get<CustomerApproval>(`/approvals/${encodeURIComponent(token)}`);
    if (!again.ok) return approvalRefusal(c, again.status);
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(sent.fields)) {
      const j = field.match(/^decisions\.(\d+)/)?.[1];
      const id = j === undefined ? undefined : ids[Number(j)];
      errors[id ? `decision.${id}` : field] = plainFieldError(field, message);
    }
    const message = sent.status === 400 && sent.fields.decisions ? t('error.chooseLine') : plainRefusal(sent);
    return html(
      c,
      <ApprovalPage
        approval={again.data}
        action={approvalAction(token)}
        failed={{ id: 'approval', values: v, errors, message, status: sent.status }}
      />,
      statusOf(sent.status),
    );
  });

  // ---- Appointment board ----

  async function boardPage(c: C, s: Staff, opts: { day?: string; failed?: FailedForm; highlight?: string } = {}) {
    const tz = s.session.tz;
    const today = localDate(Date.now(), tz);
    const requested = opts.day ?? c.req.query('date');
    const day = requested && /^\d{4}-\d{2}-\d{2}$/.test(requested) ? requested : today;
    const lookupQ = c.req.query('lookup')?.trim();
    const customerId = c.req.query('customer');
    const [board, visits, members, matches, file] = await Promise.all([
      s.api.get<AppointmentBoard>('/appointments', { date: day, tz, limit: 500 }),
      s.api.get<VisitList>('/visits', { date: day, tz, limit: 500 }),
      s.api.get<StaffMember[]>('/staff'),
      lookupQ ? s.api.get<CustomerMatch[]>('/customers', { q: lookupQ, limit: 20 }) : undefined,
      customerId ? s.api.get<CustomerFile>(`/customers/${encodeURIComponent(customerId)}`, { limit: 1 }) : undefined,
    ]);
    return html(
      c,
      <BoardPage
        session={s.session}
        day={day}
        today={today}
        board={must(board)}
        walkIns={must(visits).items.filter((v) => v.kind === 'walk_in')}
        failed={opts.failed}
        flash={flashOf(c)}
        highlight={opts.highlight ?? c.req.query('visit')}
        demoTimers={c.var.settings.policyOverrides}
        staff={members.ok ? members.data : []}
        lookup={lookupQ ? { q: lookupQ, matches: matches?.ok ? matches.data : [] } : undefined}
        prefill={file?.ok ? { file: file.data, vin: c.req.query('vin') } : undefined}
      />,
      opts.failed ? statusOf(opts.failed.status) : 200,
    );
  }

  web.get(
    '/board',
    staff((c, s) => boardPage(c, s)),
  );

  web.post(
    '/board/book',
    staff(async (c, s) => {
      const v = await readForm(c);
      const walkIn = v.kind === 'walk_in';
      const appointmentAt = walkIn ? undefined : fromLocalInput(v.appointmentAt ?? '', s.session.tz);
      const body = compact({
        customer: compact({
          id: text(v, 'customer.id'),
          name: text(v, 'customer.name') ?? '',
          phone: text(v, 'customer.phone') ?? '',
          email: text(v, 'customer.email'),
          preferredChannel: v['customer.preferredChannel'] || undefined,
        }),
        vehicle: compact({
          vin: text(v, 'vehicle.vin') ?? '',
          plate: text(v, 'vehicle.plate') ?? '',
          model: text(v, 'vehicle.model') ?? '',
          year: num(v, 'vehicle.year'),
          mileage: num(v, 'vehicle.mileage'),
        }),
        advisorId: text(v, 'advisorId') ?? '',
        requestedServices: lines(v, 'requestedServices'),
        priorityReason: v.priorityReason || undefined,
        appointmentAt,
        confirmDuplicate: v.confirmDuplicate === 'true' ? true : undefined,
        policy: v.timers === 'demo' ? demoTimers(appointmentAt) : undefined,
      });
      const created = await s.api.post<{ visitId: string }>(walkIn ? '/visits' : '/appointments', body, {
        idempotencyKey: v._key,
      });
      if (!created.ok) return boardPage(c, s, { day: v.day, failed: failedForm('book', v, created) });
      if (walkIn) return c.redirect(`/app/visits/${created.data.visitId}?done=walk_in`, 303);
      const day = localDate(Date.parse(appointmentAt ?? ''), s.session.tz);
      return c.redirect(`/app/board?date=${day}&done=booked&visit=${created.data.visitId}`, 303);
    }),
  );

  // ---- Visits ----

  web.get(
    '/visits',
    staff(async (c, s) => {
      const search = c.req.query('q')?.trim() || undefined;
      const stage = Stage.safeParse(c.req.query('stage')).data;
      const [list, directory] = await Promise.all([
        s.api.get<VisitList>('/visits', { q: search, stage, limit: 200 }),
        staffDirectory(s.api),
      ]);
      return html(c, <VisitsPage session={s.session} list={must(list)} search={search} stage={stage} directory={directory} />);
    }),
  );

  async function visitPage(c: C, s: Staff, visitId: string, opts: { failed?: FailedForm } = {}) {
    // The read model answers for every visit, including one long gone from Temporal's retention.
    const { record, state } = must(await s.api.get<VisitView>(`/visits/${encodeURIComponent(visitId)}`));
    // The workshop's technicians name the proposal and the assignment, and fill the dispatch form.
    const needsTechnicians = state.stage === 'awaiting_dispatch' || !!state.dispatch.technicianId || !!state.dispatch.proposal;
    const waitsForCustomer = state.stage === 'awaiting_approval' && holdsRole(s.session.staff.role, FRONT_DESK_ROLES);
    const [file, workshop, directory, links] = await Promise.all([
      s.api.get<CustomerFile>(`/customers/${state.customer.id}`, { limit: 20 }),
      needsTechnicians ? s.api.get<Workshop>('/workshop', { limit: 100 }) : undefined,
      staffDirectory(s.api),
      waitsForCustomer ? s.api.get<ApprovalLinkStatus>(`/visits/${encodeURIComponent(visitId)}/approval-links`) : undefined,
    ]);
    const technicians: Technician[] = workshop?.ok
      ? workshop.data.technicians.map((t) => ({ id: t.id, name: t.name, skillLevel: t.skillLevel, loadHours: t.loadHours }))
      : [];
    return html(
      c,
      <VisitPage
        session={s.session}
        visitId={visitId}
        record={record}
        state={state}
        file={file.ok ? file.data : undefined}
        technicians={technicians}
        plan={workshop?.ok ? planForecast(workshop.data, visitId) : undefined}
        failed={opts.failed}
        flash={flashOf(c)}
        approvalLinks={links?.ok ? links.data : undefined}
        temporalUrl={temporalUrlOf(c, visitId)}
        directory={directory}
      />,
      opts.failed ? statusOf(opts.failed.status) : 200,
    );
  }

  web.get(
    '/visits/:id',
    staff((c, s) => visitPage(c, s, param(c, 'id'))),
  );

  // ---- Printed papers [S1.2]: each document as an A4 page, and the same page as a PDF ----

  /** The paper as HTML, read from the database only; a paper whose step has not happened yet is a 404. */
  async function paperHtml(c: C, s: Staff, kind: DocumentKind, style: 'link' | 'inline') {
    const visitId = z.uuid().safeParse(param(c, 'id'));
    const papers = visitId.success ? await readVisitPapers(c.var.deps.database.db, visitId.data) : null;
    if (!papers) throw new PageError(404, t('errorPage.notFound'));
    if (!documentReady(kind, papers.visit))
      throw new PageError(404, t('documents.notReady', { document: t(`documents.kind.${kind}`) }));
    const { shop } = c.var.settings;
    const Document = DOCUMENTS[kind];
    const page = await Document({
      papers,
      tz: shop.timeZone ?? s.session.tz,
      shop,
      directory: await staffDirectory(s.api),
      printedAt: new Date().toISOString(),
      style,
      kind,
    });
    return `<!doctype html>${page}`;
  }

  web.get(
    '/visits/:id/documents/:file',
    staff(async (c, s) => {
      const [, name, pdf] = param(c, 'file').match(/^([a-z]+)(\.pdf)?$/) ?? [];
      const kind = DocumentKind.safeParse(name);
      if (!kind.success) throw new PageError(404, t('errorPage.notFound'));
      if (!pdf) return c.html(await paperHtml(c, s, kind.data, 'link'));
      const html = await paperHtml(c, s, kind.data, 'inline');
      try {
        const body = await renderPdf(html);
        c.header('content-type', 'application/pdf');
        c.header('content-disposition', `inline; filename="${kind.data}.pdf"`);
        c.header('cache-control', 'no-store');
        return c.body(body);
      } catch (err) {
        if (err instanceof PdfUnavailable) throw new PageError(503, t('documents.noBrowser'));
        throw err;
      }
    }),
  );

  web.post(
    '/visits/:id/actions/:action',
    staff(async (c, s) => {
      const visitId = param(c, 'id');
      const name = ActionName.safeParse(param(c, 'action'));
      if (!name.success) throw new PageError(404, `No action ${param(c, 'action')}`);
      const v = await readForm(c);
      const { body, rename } = ACTION_UI[name.data].encode(v, { tz: s.session.tz, staffId: s.session.staff.id });
      const result = await s.api.post(`/visits/${encodeURIComponent(visitId)}/actions/${name.data}`, body, {
        idempotencyKey: v._key,
      });
      if (result.ok) return c.redirect(`/app/visits/${visitId}?done=${name.data}`, 303);
      if (rename) result.fields = Object.fromEntries(Object.entries(result.fields).map(([k, m]) => [rename(k), m]));
      const failed = failedForm(`action-${name.data}`, v, result);
      return visitPage(c, s, visitId, { failed: { ...failed, message: assignRefusal(result, s.session.tz) ?? failed.message } });
    }),
  );

  web.get(
    '/visits/:id/timeline',
    staff(async (c, s) => {
      if (!holdsRole(s.session.staff.role, TIMELINE_READERS)) throw new PageError(403, t('errorPage.timelineForManager'));
      const visitId = param(c, 'id');
      const view = must(await s.api.get<VisitView>(`/visits/${encodeURIComponent(visitId)}`));
      const entries: HistoryEntry[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const chunk = must(
          await s.api.get<{ entries: HistoryEntry[]; nextCursor: string | null }>(
            `/visits/${encodeURIComponent(visitId)}/history`,
            {
              limit: 500,
              cursor,
            },
          ),
        );
        entries.push(...chunk.entries);
        if (!chunk.nextCursor) break;
        cursor = chunk.nextCursor;
      }
      return html(
        c,
        <TimelinePage
          session={s.session}
          visitId={visitId}
          roNumber={view.record.roNumber}
          state={view.state}
          entries={entries}
          temporalUrl={temporalUrlOf(c, visitId)}
          directory={await staffDirectory(s.api)}
        />,
      );
    }),
  );

  // ---- Customer file ----

  async function customerPage(c: C, s: Staff, customerId: string, failed?: FailedForm) {
    const [file, directory] = await Promise.all([
      s.api.get<CustomerFile>(`/customers/${encodeURIComponent(customerId)}`, { limit: 50 }),
      staffDirectory(s.api),
    ]);
    return html(
      c,
      <CustomerPage session={s.session} file={must(file)} directory={directory} failed={failed} flash={flashOf(c)} />,
      failed ? statusOf(failed.status) : 200,
    );
  }

  web.get(
    '/customers/:id',
    staff((c, s) => customerPage(c, s, param(c, 'id'))),
  );

  web.post(
    '/customers/:id',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const result = await s.api.patch(`/customers/${encodeURIComponent(id)}`, compact(customerChangeOf(v)));
      if (result.ok) return c.redirect(`/app/customers/${id}?done=file_saved#changes`, 303);
      return customerPage(c, s, id, failedForm('customer-edit', v, result));
    }),
  );

  web.post(
    '/customers/:id/vehicles/:vin',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const vin = param(c, 'vin');
      const v = await readForm(c);
      const result = await s.api.patch(`/vehicles/${encodeURIComponent(vin)}`, vehicleChangeOf(v));
      if (result.ok) return c.redirect(`/app/customers/${id}?done=file_saved#changes`, 303);
      return customerPage(c, s, id, failedForm(`vehicle-${vin}`, v, result));
    }),
  );

  // ---- Staff directory (admin) ----

  async function staffPage(c: C, s: Staff, failed?: FailedForm) {
    if (s.session.staff.role !== 'admin') throw new PageError(403, t('errorPage.staffForAdmin'));
    const members = must(await s.api.get<StaffMember[]>('/staff'));
    return html(
      c,
      <StaffPage session={s.session} members={members} failed={failed} flash={flashOf(c)} />,
      failed ? statusOf(failed.status) : 200,
    );
  }

  web.get(
    '/staff',
    staff((c, s) => staffPage(c, s)),
  );

  web.post(
    '/staff',
    staff(async (c, s) => {
      const v = await readForm(c);
      const body = { id: text(v, 'id') ?? '', name: text(v, 'name') ?? '', role: v.role ?? '' };
      const result = await s.api.post('/staff', body, { idempotencyKey: v._key });
      if (result.ok) return c.redirect('/app/staff?done=staff_saved', 303);
      return staffPage(c, s, failedForm('staff-new', v, result));
    }),
  );

  web.post(
    '/staff/:id',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const change =
        v.op === 'deactivate'
          ? { active: false }
          : v.op === 'activate'
            ? { active: true }
            : { name: text(v, 'name') ?? '', role: v.role ?? '' };
      const result = await s.api.patch(`/staff/${encodeURIComponent(id)}`, change);
      if (result.ok) return c.redirect('/app/staff?done=staff_saved', 303);
      return staffPage(c, s, failedForm(`staff-${id}`, v, result));
    }),
  );

  // ---- Workshop board ----

  async function workshopPage(c: C, s: Staff, failed?: FailedForm) {
    const workshop = must(await s.api.get<Workshop>('/workshop', { limit: 200 }));
    return html(
      c,
      <WorkshopPage session={s.session} workshop={workshop} failed={failed} flash={flashOf(c)} />,
      failed ? statusOf(failed.status) : 200,
    );
  }

  web.get(
    '/workshop',
    staff((c, s) => workshopPage(c, s)),
  );

  web.get(
    '/workshop/events',
    staff(async (c, s) => liveBoardEvents(c, s.api)),
  );

  web.post(
    '/workshop/assign',
    staff(async (c, s) => {
      const v = await readForm(c);
      const visitId = v.visitId ?? '';
      const result = await s.api.post(
        `/visits/${encodeURIComponent(visitId)}/actions/assign_technician`,
        compact({
          technicianId: v.technicianId ?? '',
          overrideReason: text(v, 'overrideReason'),
          planVersion: v.planVersion || undefined,
        }),
        { idempotencyKey: v._key },
      );
      if (result.ok) return c.redirect('/app/workshop?done=assigned', 303);
      const failed = failedForm(`assign-${visitId}`, v, result);
      return workshopPage(c, s, { ...failed, message: assignRefusal(result, s.session.tz) ?? failed.message });
    }),
  );

  // ---- Technicians ----

  async function techniciansPage(c: C, s: Staff, failed?: FailedForm) {
    if (!mayEditTechnicians(s.session.staff.role)) throw new PageError(403, t('errorPage.techniciansForForeman'));
    const technicians = must(await s.api.get<TechnicianRow[]>('/technicians'));
    return html(
      c,
      <TechniciansPage session={s.session} technicians={technicians} failed={failed} flash={flashOf(c)} />,
      failed ? statusOf(failed.status) : 200,
    );
  }

  web.get(
    '/technicians',
    staff((c, s) => techniciansPage(c, s)),
  );

  web.post(
    '/technicians',
    staff(async (c, s) => {
      const v = await readForm(c);
      const result = await s.api.post(
        '/technicians',
        { id: text(v, 'id') ?? '', ...technicianBody(v) },
        { idempotencyKey: v._key },
      );
      if (result.ok) return c.redirect('/app/technicians?done=technician_added', 303);
      return techniciansPage(c, s, failedForm('technician-new', v, result));
    }),
  );

  web.post(
    '/technicians/:id',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const change = v.op === 'deactivate' ? { active: false } : v.op === 'activate' ? { active: true } : technicianBody(v);
      const result = await s.api.patch(`/technicians/${encodeURIComponent(id)}`, change);
      if (result.ok) return c.redirect('/app/technicians?done=technician_saved', 303);
      return techniciansPage(c, s, failedForm(`technician-${id}`, v, result));
    }),
  );

  // ---- Call list ----

  async function callsPage(c: C, s: Staff, failed?: FailedForm) {
    const [list, waiting] = await Promise.all([
      s.api.get<TaskList>('/tasks', { status: 'open', limit: 500 }),
      s.api.get<VisitList>('/visits', { stage: 'awaiting_approval', limit: 500 }),
    ]);
    const tasks: Task[] = must(list).items;
    return html(
      c,
      <CallsPage
        session={s.session}
        tasks={tasks}
        failed={failed}
        flash={flashOf(c)}
        waiting={waiting.ok ? waiting.data.items : undefined}
      />,
      failed ? statusOf(failed.status) : 200,
    );
  }

  web.get(
    '/calls',
    staff((c, s) => callsPage(c, s)),
  );

  web.post(
    '/calls/:taskId',
    staff(async (c, s) => {
      const taskId = param(c, 'taskId');
      const v = await readForm(c);
      const visit = `/visits/${encodeURIComponent(v.visitId ?? '')}/actions`;
      const key = v._key;
      const op = v.op ?? '';
      const action = (name: ActionName, body: unknown) =>
        s.api.post(`${visit}/${name}`, body, { idempotencyKey: key && `${key}:${name}` });
      const logCall = async (outcome: 'reached' | 'no_answer' | 'rebooked' | 'done', extra: FormValues = {}) => {
        const r = await s.api.post(
          `/tasks/${encodeURIComponent(taskId)}/outcome`,
          compact({ outcome, ...extra, satisfaction: num(extra, 'satisfaction') }),
          {
            idempotencyKey: key && `${key}:outcome`,
          },
        );
        // The workflow may have closed its own task first: the call is logged on the visit either way.
        return r.ok || r.status === 409 ? ({ ok: true } as const) : r;
      };

      let result: Awaited<ReturnType<typeof logCall>> | Awaited<ReturnType<typeof action>>;
      const satisfied = op.match(/^satisfied:([1-5])$/)?.[1];
      if (op === 'confirmed' || op === 'not_confirmed') {
        result = await action('record_confirmation_call', { reached: true, confirmed: op === 'confirmed' });
        if (result.ok) result = await logCall('reached', { notes: op === 'confirmed' ? 'Confirmed' : 'Reached, not confirmed' });
      } else if (op === 'no_answer' && (v.kind === 'confirmation_call' || v.kind === 'confirmation_escalation')) {
        result = await action('record_confirmation_call', { reached: false });
        if (result.ok) result = await logCall('no_answer');
      } else if (satisfied) {
        result = await action('record_follow_up', { reached: true, satisfaction: Number(satisfied) });
        if (result.ok) result = await logCall('reached', { satisfaction: satisfied });
      } else if (op === 'no_answer' && (v.kind === 'follow_up_call' || v.kind === 'follow_up_escalation')) {
        // The workflow puts the call back on the list for the next attempt.
        result = await action('record_follow_up', { reached: false });
      } else if (op === 'rebook') {
        result = await action('reschedule', { appointmentAt: fromLocalInput(v.appointmentAt ?? '', s.session.tz) });
        if (result.ok) result = await logCall('rebooked');
      } else if (op === 'give_up') {
        result = await action('mark_no_show', { notes: 'Customer will not re-book' });
        if (result.ok) result = await logCall('done', { notes: 'Will not come' });
      } else if (op === 'no_answer' || op === 'reached' || op === 'rebooked' || op === 'done') {
        result = await logCall(op);
      } else throw new PageError(400, `Unknown call outcome ${op}`);

      if (result.ok) return c.redirect('/app/calls?done=logged', 303);
      return callsPage(c, s, failedForm(`task-${taskId}`, v, result));
    }),
  );

  // ---- Customer care: complaints and the manager's KPI dashboard ----

  web.get(
    '/complaints',
    staff(async (c, s) => html(c, await complaintsListPage(s.api, s.session, c.req.query()))),
  );

  web.get(
    '/complaints/new',
    staff(async (c, s) => html(c, newComplaintPage(s.session, c.req.query()))),
  );

  web.post(
    '/complaints',
    staff(async (c, s) => {
      const v = await readForm(c);
      const created = await s.api.post<{ complaintId: string }>('/complaints', newComplaintBody(v), { idempotencyKey: v._key });
      if (created.ok) return c.redirect(`/app/complaints/${encodeURIComponent(created.data.complaintId)}?done=opened`, 303);
      const failed = failedForm('complaint-new', v, created);
      return html(c, newComplaintPage(s.session, {}, failed), statusOf(failed.status));
    }),
  );

  web.get(
    '/complaints/:id',
    staff(async (c, s) =>
      html(c, await complaintPage(s.api, s.session, param(c, 'id'), { flash: complaintFlash(c.req.query('done')) })),
    ),
  );

  web.post(
    '/complaints/:id/actions/:action',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const { name, body } = complaintStepBody(param(c, 'action'), v);
      const path = `/complaints/${encodeURIComponent(id)}`;
      const result = await s.api.post(`${path}/actions/${name}`, body, { idempotencyKey: v._key });
      if (result.ok) return c.redirect(`/app${path}?done=${name}`, 303);
      const failed = failedForm(`step-${name}`, v, result);
      return html(c, await complaintPage(s.api, s.session, id, { failed }), statusOf(failed.status));
    }),
  );

  web.get(
    '/kpis',
    staff(async (c, s) => html(c, await kpiDashboardPage(s.api, s.session, c.req.query()))),
  );

  web.all('*', (c) => {
    // A form's post address reopened (from the history, a bookmark) leads to the form's screen.
    const screen = c.req.method === 'GET' ? screenOfPost(c.req.path) : undefined;
    if (screen) return c.redirect(screen, 303);
    throw new PageError(404, t('errorPage.noScreen'));
  });

  return web;
}
