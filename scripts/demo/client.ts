import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import type { StaffRole } from '../../domain/roles.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export interface ClientOptions {
  /** How long one call keeps retrying what may pass on a retry (a server down, 503, 429). */
  retryForMs?: number;
  /** Told of each retry and why: `unreachable`, or the status that made it worth another try. */
  onRetry?: (reason: string) => void;
}

/** The first request with this key is still running (or died with its server): the same request may be sent again. */
const stillInProgress = (status: number, body: unknown) =>
  status === 409 && /still in progress/.test((body as { error?: { message?: string } } | undefined)?.error?.message ?? '');

/**
 * The public HTTP API as a shop's integration sees it: bearer tokens, JSON, an Idempotency-Key on every POST.
 * Given several servers, calls take turns among them and a retry goes to the next one, as behind a load balancer.
 */
export class ServicelaneClient {
  private tokens = new Map<StaffRole, string>();
  private turn = 0;
  readonly baseUrls: string[];
  private readonly retryForMs: number;
  private readonly onRetry: (reason: string) => void;

  constructor(baseUrl: string | string[], options: ClientOptions = {}) {
    this.baseUrls = typeof baseUrl === 'string' ? [baseUrl] : baseUrl;
    this.retryForMs = options.retryForMs ?? 10_000;
    this.onRetry = options.onRetry ?? (() => {});
  }

  async login(role: StaffRole, staffId: string, name: string) {
    const { token } = await this.call<{ token: string }>('POST', '/auth/dev-token', { staffId, role, name });
    this.authorize(role, token);
  }

  /** A token from the shop's identity provider (production has no dev tokens). */
  authorize(role: StaffRole, token: string) {
    this.tokens.set(role, token);
  }

  as(role: StaffRole | 'customer') {
    return {
      get: <T>(path: string) => this.call<T>('GET', path, undefined, role),
      post: <T>(path: string, body: unknown = {}) => this.call<T>('POST', path, body, role),
    };
  }

  async call<T>(method: string, path: string, body?: unknown, role?: StaffRole | 'customer'): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = role && role !== 'customer' ? this.tokens.get(role) : undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    // One key for every attempt: a retry after a lost answer is the same request, never a second one.
    if (method === 'POST') headers['idempotency-key'] = randomUUID();
    const deadline = Date.now() + this.retryForMs;
    let server = this.turn++;
    for (let attempt = 1; ; attempt++, server++) {
      const retry = (reason: string) => {
        this.onRetry(reason);
        return pause(Math.min(250 * attempt, 2_000));
      };
      let res: Response;
      try {
        res = await fetch(new URL(path, this.baseUrls[server % this.baseUrls.length]), {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        // Refused or cut off: the server is down or died mid-request.
        if (Date.now() > deadline) throw err;
        await retry('unreachable');
        continue;
      }
      const text = await res.text();
      const parsed = text ? JSON.parse(text) : undefined;
      if ((res.status === 503 || res.status === 429 || stillInProgress(res.status, parsed)) && Date.now() < deadline) {
        await retry(`status ${res.status}`);
        continue;
      }
      if (!res.ok) throw new ApiError(res.status, parsed, `${method} ${path}`);
      return parsed as T;
    }
  }
}
