import type { Context } from 'hono';
import type { ExtractSchema } from 'hono/types';
import type { ApiEnv } from '../api/deps.js';
import type { alertRoutes } from '../api/routes/alerts.js';
import type { appointmentRoutes } from '../api/routes/appointments.js';
import type { approvalLinkRoutes } from '../api/routes/approval-links.js';
import type { approvalRoutes } from '../api/routes/approvals.js';
import type { bookingRoutes } from '../api/routes/booking.js';
import type { calendarRoutes } from '../api/routes/calendar.js';
import type { campaignRoutes } from '../api/routes/campaigns.js';
import type { catalogueRoutes } from '../api/routes/catalogue.js';
import type { complaintRoutes } from '../api/routes/complaints.js';
import type { contactListRoutes } from '../api/routes/contact-list.js';
import type { customerRoutes } from '../api/routes/customers.js';
import type { devTokenRoutes } from '../api/routes/dev-token.js';
import type { feedbackRoutes } from '../api/routes/feedback.js';
import type { historyRoutes } from '../api/routes/history.js';
import type { kpiRoutes } from '../api/routes/kpis.js';
import type { nextServiceRoutes } from '../api/routes/next-service.js';
import type { qcChecklistRoutes } from '../api/routes/qc-checklist.js';
import type { staffRoutes } from '../api/routes/staff.js';
import type { surveyRoutes } from '../api/routes/surveys.js';
import type { taskRoutes } from '../api/routes/tasks.js';
import type { technicianRoutes } from '../api/routes/technicians.js';
import type { vehicleRoutes } from '../api/routes/vehicles.js';
import type { visitListRoutes } from '../api/routes/visit-list.js';
import type { visitRoutes } from '../api/routes/visits.js';
import type { workshopRoutes } from '../api/routes/workshop.js';
import type { ActionName } from '../domain/actions.js';
import type { ComplaintActionName } from '../domain/complaints.js';
import { type Directory, directoryOf } from '../domain/staff.js';
import { plainPageError } from './plain-errors.js';

// The screens have no path of their own into the workflow or the database: every read and every action is a
// request to the API's routes, made in-process with the signed-in staff member's token (or the customer's link).

/** The API app as the UI needs it: something that answers a Request. */
export interface ApiApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface ApiFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
  /** Field path (as the form names its inputs) → what is wrong with it. */
  fields: Record<string, string>;
  /** The error's `details` as the API sent them, for a screen that explains a refusal in its own words. */
  details?: unknown;
}
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

/** The session ended (token expired or refused): the staff member signs in again. */
export class SignInAgain extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A page could not be built: shown as an error page with its message, in the page's language. */
export class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    details?: { fields?: { field?: string; message?: string }[] } & Record<string, unknown>;
  };
}

/** The workflow's own validators prefix paths with `payload.`; the forms name inputs after the body's fields. */
const formField = (field: string) => field.replace(/^payload\./, '');

function failure(status: number, body: unknown): ApiFailure {
  const error = (body as ErrorBody | undefined)?.error;
  const fields: Record<string, string> = {};
  for (const f of error?.details?.fields ?? []) {
    if (f.field && f.message && f.field !== '(body)') fields[formField(f.field)] ??= f.message;
  }
  return {
    ok: false,
    status,
    code: error?.code ?? 'internal',
    message: error?.message ?? `The API answered ${status}`,
    fields,
    details: error?.details,
  };
}

/**
 * The API's routes as their modules in api/routes/ declare them (hono's route schema): path → method → its input
 * and its answer for each status, the answers inferred from the routes' own response schemas.
 */
type ApiSchema = ExtractSchema<
  | typeof alertRoutes
  | typeof appointmentRoutes
  | typeof approvalLinkRoutes
  | typeof approvalRoutes
  | typeof catalogueRoutes
  | typeof calendarRoutes
  | typeof campaignRoutes
  | typeof contactListRoutes
  | typeof complaintRoutes
  | typeof customerRoutes
  | typeof devTokenRoutes
  | typeof feedbackRoutes
  | typeof surveyRoutes
  | typeof historyRoutes
  | typeof kpiRoutes
  | typeof staffRoutes
  | typeof taskRoutes
  | typeof technicianRoutes
  | typeof vehicleRoutes
  | typeof visitListRoutes
  | typeof visitRoutes
  | typeof workshopRoutes
  | typeof qcChecklistRoutes
  | typeof nextServiceRoutes
  | typeof bookingRoutes
>;
type Method = '$get' | '$post' | '$patch' | '$put' | '$delete';
type PathOf<M extends Method> = { [P in keyof ApiSchema]: M extends keyof ApiSchema[P] ? P : never }[keyof ApiSchema];
type Endpoint<P, M extends Method> = P extends keyof ApiSchema ? (M extends keyof ApiSchema[P] ? ApiSchema[P][M] : never) : never;
/** The action routes are registered in a loop (one per action), so their paths come from the domain's unions. */
type ActionPath = `/visits/:id/actions/${ActionName}` | `/complaints/:id/actions/${ComplaintActionName}`;

/** What a route answers when it succeeds (its 200 or 201 response schema, as JSON). */
export type Answer<P, M extends Method = '$get'> =
  Extract<Endpoint<P, M>, { status: 200 | 201 }> extends { output: infer O } ? O : unknown;
/** The path parameters a route takes, by name (`/visits/:id` takes `{ id }`). */
type Params<P, M extends Method> = Endpoint<P, M> extends { input: { param: infer X } } ? { param: X } : { param?: never };
type Query = Record<string, string | number | undefined>;

export interface ApiCaller {
  get<P extends PathOf<'$get'>>(path: P, input?: Params<P, '$get'> & { query?: Query }): Promise<ApiResult<Answer<P>>>;
  post<P extends PathOf<'$post'> | ActionPath>(
    path: P,
    body: unknown,
    input?: (P extends ActionPath ? { param: { id: string } } : Params<P, '$post'>) & { idempotencyKey?: string },
  ): Promise<ApiResult<Answer<P, '$post'>>>;
  patch<P extends PathOf<'$patch'>>(path: P, body: unknown, input: Params<P, '$patch'>): Promise<ApiResult<Answer<P, '$patch'>>>;
  put<P extends PathOf<'$put'>>(path: P, body: unknown): Promise<ApiResult<Answer<P, '$put'>>>;
  delete<P extends PathOf<'$delete'>>(path: P, input: Params<P, '$delete'>): Promise<ApiResult<Answer<P, '$delete'>>>;
}

/** The route's path with its parameters filled in (`/visits/:id` → `/visits/5f…`); hono's path params are strings. */
function pathOf(path: string, input: { param?: unknown } | undefined) {
  const param = (input?.param ?? {}) as Record<string, string>;
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(param[name] ?? ''));
}

/**
 * A form's key (its hidden `_key`) as the Idempotency-Key header. A header carries no line breaks, NUL or characters
 * past U+00FF (`Headers` throws on them), and a form can send any text: every character outside printable ASCII,
 * and `%` itself, goes as its UTF-8 percent-escapes, so each key travels, stays distinct, and the API judges it as it
 * judges any other (at most 255 characters). The keys the screens draw (UUIDs) go unchanged.
 */
const headerKey = (key: string) =>
  key.replace(/[^\x21-\x24\x26-\x7e]/gu, (ch) =>
    [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );

export function apiCaller(api: ApiApp, c: Context<ApiEnv>, token?: string): ApiCaller {
  async function call<T>(method: string, path: string, body: unknown, idempotencyKey?: string): Promise<ApiResult<T>> {
    const headers = new Headers({ accept: 'application/json' });
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (idempotencyKey) headers.set('idempotency-key', headerKey(idempotencyKey));
    const requestId = c.var.requestId;
    if (requestId) headers.set('x-request-id', requestId);
    const url = new URL(path, new URL(c.req.url).origin);
    // The node server's bindings travel along so the API sees the real client (its rate limit counts per address).
    const res = await api.fetch(
      new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
      c.env,
    );
    const json = res.headers.get('content-type')?.includes('application/json')
      ? await res.json().catch(() => undefined)
      : undefined;
    if (res.ok) return { ok: true, status: res.status, data: json as T };
    const failed = failure(res.status, json);
    if (token && failed.status === 401) throw new SignInAgain(failed.message);
    return failed;
  }
  return {
    get: (path, input) => {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(input?.query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
      const q = qs.toString();
      const url = pathOf(path, input);
      return call('GET', q ? `${url}?${q}` : url, undefined);
    },
    post: (path, body, input) => call('POST', pathOf(path, input), body, input?.idempotencyKey),
    patch: (path, body, input) => call('PATCH', pathOf(path, input), body, undefined),
    put: (path, body) => call('PUT', path, body, undefined),
    delete: (path, input) => call('DELETE', pathOf(path, input), undefined),
  };
}

/** The data, or an error page saying in plain words why the page cannot be shown. */
export function must<T>(result: ApiResult<T>): T {
  if (result.ok) return result.data;
  throw new PageError(result.status, plainPageError(result.status));
}

/** The staff directory for naming people on a page; without it the page still shows, with the ids marked unknown. */
export async function staffDirectory(api: ApiCaller): Promise<Directory> {
  const members = await api.get('/staff');
  return directoryOf(members.ok ? members.data : []);
}
