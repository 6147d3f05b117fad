import type { Context } from 'hono';
import type { ApiEnv } from '../api/deps.js';
import { type Directory, directoryOf, type StaffMember } from '../domain/staff.js';

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

/** A page could not be built: shown as an error page with the API's own message. */
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

export interface ApiCaller {
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<ApiResult<T>>;
  post<T>(path: string, body?: unknown, options?: { idempotencyKey?: string }): Promise<ApiResult<T>>;
  patch<T>(path: string, body: unknown): Promise<ApiResult<T>>;
  put<T>(path: string, body: unknown): Promise<ApiResult<T>>;
}

export function apiCaller(api: ApiApp, c: Context<ApiEnv>, token?: string): ApiCaller {
  async function call<T>(method: string, path: string, body: unknown, idempotencyKey?: string): Promise<ApiResult<T>> {
    const headers = new Headers({ accept: 'application/json' });
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (idempotencyKey) headers.set('idempotency-key', idempotencyKey);
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
    get: (path, query) => {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
      const q = qs.toString();
      return call('GET', q ? `${path}?${q}` : path, undefined);
    },
    post: (path, body, options) => call('POST', path, body ?? {}, options?.idempotencyKey),
    patch: (path, body) => call('PATCH', path, body, undefined),
    put: (path, body) => call('PUT', path, body, undefined),
  };
}

/** The data, or an error page with the API's message. */
export function must<T>(result: ApiResult<T>): T {
  if (result.ok) return result.data;
  throw new PageError(result.status, result.message);
}

/** The staff directory for naming people on a page; without it the page still shows, with the ids marked unknown. */
export async function staffDirectory(api: ApiCaller): Promise<Directory> {
  const members = await api.get<StaffMember[]>('/staff');
  return directoryOf(members.ok ? members.data : []);
}
