import { randomUUID } from 'node:crypto';
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

/** The public HTTP API as a shop's integration sees it: bearer tokens, JSON, an Idempotency-Key on every POST. */
export class ServicelaneClient {
  private tokens = new Map<StaffRole, string>();

  constructor(readonly baseUrl: string) {}

  async login(role: StaffRole, staffId: string, name: string) {
    const { token } = await this.call<{ token: string }>('POST', '/auth/dev-token', { staffId, role, name });
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
    if (method === 'POST') headers['idempotency-key'] = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const parsed = text ? JSON.parse(text) : undefined;
      // Same key, same request: a retry after a 503 or a rate limit is safe.
      if ((res.status === 503 || res.status === 429) && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        continue;
      }
      if (!res.ok) throw new ApiError(res.status, parsed, `${method} ${path}`);
      return parsed as T;
    }
  }
}
