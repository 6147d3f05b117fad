import { Agent, request } from 'node:http';
import { BENCH_ADVISOR, BENCH_TECHNICIANS, type Tokens } from './visit-steps.js';

/** A lean keep-alive JSON client for 127.0.0.1 (node:http: less client overhead than fetch in the figures). */
export interface HttpResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads a few fields of the API's answers
  body: any;
  ms: number;
}

export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly url: URL;

  constructor(
    baseUrl: string,
    private token?: string,
  ) {
    this.url = new URL(baseUrl);
    if (this.url.hostname !== '127.0.0.1') throw new Error(`the bench only talks to 127.0.0.1, not ${this.url.hostname}`);
  }

  as(token: string): HttpClient {
    const client = Object.create(this) as HttpClient;
    client.token = token;
    return client;
  }

  get(path: string, timeoutMs = 30_000) {
    return this.send('GET', path, undefined, {}, timeoutMs);
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000) {
    return this.send('POST', path, JSON.stringify(body), headers, timeoutMs);
  }

  send(
    method: string,
    path: string,
    payload: string | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<HttpResult> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          headers: {
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...headers,
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            if (res.headers['content-type']?.startsWith('application/json')) {
              try {
                body = JSON.parse(text);
              } catch {}
            }
            resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** A staff token for one role, from the dev-token route of the stack under test. */
export async function devToken(
  http: HttpClient,
  role: 'advisor' | 'technician' | 'foreman' | 'qc' | 'admin',
  staff = { staffId: `bench-${role}`, name: `Bench ${role}` },
): Promise<string> {
  const res = await http.post('/auth/dev-token', { ...staff, role });
  if (res.status !== 200) throw new Error(`POST /auth/dev-token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/**
 * The staff a bench stack needs: a token per role (the admin's too), and the walk-ins' advisor in the staff
 * directory (which the admin keeps), since a walk-in names its advisor from it.
 */
export async function benchStaff(http: HttpClient): Promise<Tokens & { admin: string }> {
  const tokens: Tokens = {
    advisor: await devToken(http, 'advisor'),
    technicians: Object.fromEntries(
      await Promise.all(
        BENCH_TECHNICIANS.map(async ({ id, name }) => [id, await devToken(http, 'technician', { staffId: id, name })] as const),
      ),
    ),
    foreman: await devToken(http, 'foreman'),
    qc: await devToken(http, 'qc'),
  };
  const admin = await devToken(http, 'admin');
  const registered = await http.as(admin).post('/staff', { id: BENCH_ADVISOR, name: 'Bench advisor', role: 'advisor' });
  if (registered.status !== 201) throw new Error(`POST /staff: ${registered.status} ${JSON.stringify(registered.body)}`);
  return { ...tokens, admin };
}
