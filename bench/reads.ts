// Which reads ask a workflow: every GET route of /openapi.json and the staff screens, once each, one after
// another, for one whole visit of the run, with the API's workflow queries counted before and after each
// (bench/stack.ts counts them on the API's own Temporal channel). Target: 0 on every line.
import type { HttpClient } from './http.js';
import { round } from './stats.js';

export interface ReadCount {
  path: string;
  status: number;
  ms: number;
  workflowQueries: number;
}

/** The staff screens that show one visit or the lists it is on (web/routes/), `:id` the visit's. */
const SCREENS = [
  '/app/board',
  '/app/visits',
  '/app/visits/:id',
  '/app/visits/:id/timeline',
  '/app/customers/:customer',
  '/app/workshop',
  '/app/calls',
];

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>>;
}

/**
 * GET paths with their parameters filled from the visit (id, VIN, customer) and required query parameters
 * (date: the visit's day); a path asking for anything else is listed as skipped.
 */
function fill(spec: OpenApi, visit: { id: string; vin: string; customer: string; day: string }) {
  const paths: string[] = [];
  const skipped: string[] = [];
  for (const [template, operations] of Object.entries(spec.paths)) {
    const get = operations.get;
    if (!get) continue;
    let path = template;
    if (template.startsWith('/visits/{id}')) path = path.replace('{id}', visit.id);
    path = path.replace('{vin}', visit.vin);
    if (template.startsWith('/customers/{id}')) path = path.replace('{id}', visit.customer);
    const query = (get.parameters ?? []).filter((p) => p.in === 'query' && p.required);
    const known: Record<string, string> = { date: visit.day };
    if (path.includes('{') || query.some((p) => !(p.name in known))) {
      skipped.push(template);
      continue;
    }
    const search = query.map((p) => `${p.name}=${encodeURIComponent(known[p.name] ?? '')}`).join('&');
    paths.push(search ? `${path}?${search}` : path);
  }
  return { paths, skipped };
}

export async function countReads(
  http: HttpClient,
  adminToken: string,
  visitId: string,
  queries: () => Promise<number>,
): Promise<{ reads: ReadCount[]; skipped: string[] }> {
  const admin = http.as(adminToken);
  const spec = (await http.get('/openapi.json')).body as OpenApi;
  const visit = await admin.get(`/visits/${visitId}`);
  if (visit.status !== 200) throw new Error(`GET /visits/${visitId}: ${visit.status}`);
  const record = visit.body.record as { vin: string; customerId: string; createdAt: string };
  const { paths, skipped } = fill(spec, {
    id: visitId,
    vin: record.vin,
    customer: record.customerId,
    day: String(record.createdAt).slice(0, 10),
  });
  const screens = SCREENS.map((s) => s.replace(':id', visitId).replace(':customer', record.customerId));
  const reads: ReadCount[] = [];
  for (const [path, headers] of [
    ...paths.map((p) => [p, {}] as const),
    ...screens.map((p) => [p, { cookie: `sl_session=${adminToken}` }] as const),
  ]) {
    const before = await queries();
    const res = await admin.send('GET', path, undefined, headers, 30_000);
    reads.push({
      path: path.replaceAll(visitId, '{visit}').replaceAll(record.customerId, '{customer}').replaceAll(record.vin, '{vin}'),
      status: res.status,
      ms: round(res.ms, 1),
      workflowQueries: (await queries()) - before,
    });
  }
  return { reads, skipped };
}
