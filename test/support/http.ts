export interface RequestingApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** Tests assert the shape at run time, so the parsed body is deliberately untyped. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export const readJson = async (res: Response): Promise<any> => res.json();

export const postJson = (app: RequestingApp, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

export const patchJson = (app: RequestingApp, path: string, body: unknown) =>
  app.request(path, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
