import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import type { Context } from 'hono';

// A few small files (the screens' style and script, the printed papers' style, the price rule, the shop's icon),
// read once and served with a content hash in the URL so an old PC fetches them once.

const TYPES = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'print.css': 'text/css; charset=utf-8',
  'money-rules.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
} as const;
export type AssetName = keyof typeof TYPES;

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/**
 * Where each asset's text comes from. The price rule is domain/money-rules.ts itself (it imports nothing), its
 * types stripped by esbuild (what tsx runs the app with) into `window.servicelaneMoney`: the forms' running
 * totals compute with the same code as the workflow and the invoice, never a second price formula.
 */
const SOURCES: Record<AssetName, () => string> = {
  'app.css': () => read('./static/app.css'),
  'app.js': () => read('./static/app.js'),
  'print.css': () => read('./static/print.css'),
  'favicon.svg': () => read('./static/favicon.svg'),
  'money-rules.js': () =>
    transformSync(read('../domain/money-rules.ts'), { loader: 'ts', format: 'iife', globalName: 'servicelaneMoney' }).code,
};

const assets = new Map(
  (Object.keys(TYPES) as AssetName[]).map((name) => {
    const body = SOURCES[name]();
    return [name, { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) }] as const;
  }),
);

export const assetUrl = (name: AssetName) => `/app/static/${name}?v=${assets.get(name)?.hash ?? '0'}`;

/** An asset's text, for a page drawn where it cannot fetch it (the PDF is rendered from a string). */
export const assetText = (name: AssetName) => assets.get(name)?.body ?? '';

export function serveAsset(c: Context) {
  const name = c.req.param('name') as AssetName;
  const asset = assets.get(name);
  if (!asset) return c.text('Not found', 404);
  c.header('content-type', TYPES[name]);
  c.header('cache-control', c.req.query('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache');
  c.header('etag', `"${asset.hash}"`);
  if (c.req.header('if-none-match') === `"${asset.hash}"`) return c.body(null, 304);
  return c.body(asset.body);
}
