import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, apiCaller, must } from '../api-client.js';
import { PricesPage } from '../pages/prices.js';
import { html } from './screen.js';

// The published price list: public like the customer's approval page, read through the API's public route.

export function pricesScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  web.get('/prices', async (c) => html(c, <PricesPage list={must(await apiCaller(api, c).get('/catalogue'))} />));
  return web;
}
