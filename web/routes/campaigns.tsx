import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, must } from '../api-client.js';
import { CampaignsPage } from '../pages/campaigns/list.js';
import { screenHtml, staffOnly } from './screen.js';

// Recall campaigns and their completion, for the front desk and the service manager.

export function campaignsScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'campaigns');
  web.get(
    '/campaigns',
    staff(async (c, s) => screenHtml(c, <CampaignsPage session={s.session} campaigns={must(await s.api.get('/campaigns'))} />)),
  );
  return web;
}
