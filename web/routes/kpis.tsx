import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import type { ApiApp } from '../api-client.js';
import { kpiDashboardPage } from '../pages/kpis/page.js';
import { html, staffOnly } from './screen.js';

// The manager's KPI dashboard.

export function kpisScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'kpis');

  web.get(
    '/kpis',
    staff(async (c, s) => html(c, await kpiDashboardPage(s.api, s.session, c.req.query()))),
  );

  return web;
}
